/**
 * The API's shapes, as the server's zod contracts declare them. Type-only imports: zod itself never
 * reaches the browser bundle.
 */
import type {
  AcceptedInvitation,
  Checkpoint,
  Course,
  LiveDelta,
  LiveError,
  LiveRider,
  LiveSnapshot,
  LiveTimeTrial,
  Race,
  Registration,
  SessionInfo,
  SosAlerts,
  Stage,
  TrackReview,
} from '@echelon/contracts';
import type { z } from 'zod';

export type { LiveDelta, LiveError, LiveRider, LiveSnapshot, LiveTimeTrial, Race, TrackReview };
export type CourseView = z.infer<typeof Course>;
export type SosAlertsView = z.infer<typeof SosAlerts>;
export type CheckpointView = z.infer<typeof Checkpoint>;
export type RegistrationView = z.infer<typeof Registration>;
export type StageView = z.infer<typeof Stage>;
export type Session = z.infer<typeof SessionInfo>;
/** The session an accepted invitation opens, with the registration a rider invited for one now rides. */
export type AcceptedInvitationView = z.infer<typeof AcceptedInvitation>;
export type Page<T> = { items: T[]; total: number };
