/**
 * Shapes of the race browsing endpoints (home, race page), from the server's zod contracts. Type-only
 * imports: zod never reaches the bundle.
 */
import type { Category, Race, RaceList, RegistrationList } from '@echelon/contracts';
import type { z } from 'zod';
import type { StageView } from './types.ts';

export type RaceView = z.infer<typeof Race>;
export type RaceListView = z.infer<typeof RaceList>;
export type RaceStatusValue = RaceView['status'];
export type CategoryView = z.infer<typeof Category>;
export type RegistrationListView = z.infer<typeof RegistrationList>;
export type StageFormatValue = StageView['format'];

/**
 * A stage as listed, with the moments race control flagged its start and finish when the server says
 * (epoch ms). The Stage contract does not carry them yet; pages fall back to the race's status.
 */
export type StageListItem = StageView & { startedAt?: number | null; finishedAt?: number | null };
export type StageListView = { items: StageListItem[] };
