/**
 * Shapes of the replay API (`getStageTracks`), from the server's zod contracts. Type-only imports: zod
 * never reaches the browser bundle.
 */
import type { RiderTrack, StageTracks } from '@echelon/contracts';

export type StageTracksView = StageTracks;
export type RiderTrackView = RiderTrack;
export type TrackCheckpointView = StageTracks['course']['checkpoints'][number];

/** Numbers per sample in `RiderTrack.samples`: seconds after t0, distance m, lat, lon, speed km/h. */
export const SAMPLE_STRIDE = 5;
