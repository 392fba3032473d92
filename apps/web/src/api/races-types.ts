/**
 * Shapes of the race browsing endpoints (home, race page), from the server's zod contracts. Type-only
 * imports: zod never reaches the bundle.
 */
import type {
  Category,
  CreatedInvitation,
  Race,
  RaceList,
  RegistrationList,
  RegistrationRider,
  RiderInvitation,
} from '@echelon/contracts';
import type { z } from 'zod';
import type { StageView } from './types.ts';

export type RaceView = z.infer<typeof Race>;
export type RaceListView = z.infer<typeof RaceList>;
export type RaceStatusValue = RaceView['status'];
export type CategoryView = z.infer<typeof Category>;
export type RegistrationListView = z.infer<typeof RegistrationList>;
/** The account linked to a registration, as the race's managers see it (with its e-mail). */
export type RegistrationRiderView = z.infer<typeof RegistrationRider>;
/** A rider invited for a registration, not signed up yet: what the race's managers see pending. */
export type RiderInvitationView = z.infer<typeof RiderInvitation>;
/** An invitation just made, with its link: shown once, for the inviter to hand over. */
export type CreatedInvitationView = z.infer<typeof CreatedInvitation>;
export type StageFormatValue = StageView['format'];

/**
 * A stage as listed: with the moments race control flagged its start and finish (epoch ms) and its
 * course's length and climbing, so lists need no course download.
 */
export type StageListItem = StageView;
export type StageListView = { items: StageListItem[] };
