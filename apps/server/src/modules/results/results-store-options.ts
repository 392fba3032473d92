import type { Db } from '../../db/client.ts';

/** How a ResultsStore runs (results-store.ts). */
export interface ResultsStoreOptions {
  /** New evidence settles this long before the background recompute takes it (reads never wait for it). */
  quietMs?: number;
  pollMs?: number;
  /**
   * How often the riders' GPS timing of running stages is brought up to date (stage-progress.ts): at
   * the finish only the fixes since the last pass are read.
   */
  progressMs?: number;
  /**
   * Whether this process brings a running stage's timing up to date: in a cluster only the processor
   * holding the stage's lease (StageLeases.holds), so each stage's pass runs once, not in every
   * process; alone (no leases), every stage.
   */
  ownsProgress?: (stageId: string) => boolean;
  /**
   * Whether every fix is stored by this process's ingest, which hands them to `fixesStored` (one
   * process, the in-process bus): running stages' passes are then fed the fixes heard rather than
   * reading them back (ProgressFeed, issue 17). Not with several processes: another one stores fixes.
   */
  feedFromMemory?: boolean;
  /** Hears a computation that failed (the stage stays marked stale, so it is tried again). */
  onError?: (error: unknown, stageId: string) => void;
  /** Where stored lines and classifications are read from (PostgreSQL: the read pool); `db` by default. */
  readDb?: Db;
  /**
   * Hears that what a race's public reads answer changed: results stored or marked stale (the next
   * read computes them again), classifications stored. Kept public answers of the race go.
   */
  onChanged?: (raceId: string) => void;
  /** Hears that a stage's replay summary was stored: only the race's tracks answers go. */
  onTracksChanged?: (raceId: string) => void;
}
