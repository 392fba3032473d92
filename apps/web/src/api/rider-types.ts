/** Shapes of the rider profile API (`getRiderProfile`), from the server's zod contracts (types only). */
import type { CheckpointSplit, RiderProfile, RiderRace, RiderStageResult } from '@echelon/contracts';
import type { z } from 'zod';

export type RiderProfileView = RiderProfile;
export type RiderRaceView = z.infer<typeof RiderRace>;
export type RiderStageResultView = z.infer<typeof RiderStageResult>;
export type CheckpointSplitView = z.infer<typeof CheckpointSplit>;
