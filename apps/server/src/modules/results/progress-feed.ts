import type { FixInsert } from '../ingest/ingest.repository.ts';
import type { PassFix } from './gps-pass.ts';

/** A row the fix writer stored, as it hands it on: the fields the GPS pass reads. */
export type HeardFix = Pick<
  FixInsert,
  'registrationId' | 'time' | 'lat' | 'lon' | 'accuracy' | 'speed' | 'altitude' | 'battery' | 'sos'
>;

/** What this process knows of one rider's progress on a stage, and the stored fixes it heard since. */
export interface RiderFeed {
  /**
   * Fixes stored since the pass last took (or cleared) this rider's, in the order heard: the rows the
   * writer stored, kept as they are (the request path makes nothing more of them; see `passFix`).
   */
  heard: HeardFix[];
  /**
   * The rider's saved progress is the one this process last saved (or read and kept): through
   * `through` on `basis`, and every fix of the rider stored since was heard. False until a pass has
   * saved the rider, while a pass is under way for them, and after anything that breaks it (a pass
   * that failed or was never saved, a redo marked, the stage's feed overflowing).
   */
  synced: boolean;
  through: number | null;
  basis: string | null;
}

/** Fixes heard per stage between two passes beyond which the stage's riders are read from the database. */
const DEFAULT_CAP = 1_000_000;

/** One running stage's riders as this process hears their stored fixes. */
export class StageFeed {
  readonly riders = new Map<string, RiderFeed>();
  /** Fixes held in `heard` over all riders. */
  size = 0;
  /**
   * Bumped whenever hearing was broken (overflow, the feed dropped): a pass under way then checks its
   * riders against the database, as without a feed.
   */
  epoch = 0;

  /** The rider's feed, made (not synced, nothing heard) for a rider new to the stage. */
  rider(id: string): RiderFeed {
    let rider = this.riders.get(id);
    if (!rider) {
      rider = { heard: [], synced: false, through: null, basis: null };
      this.riders.set(id, rider);
    }
    return rider;
  }

  /** Takes the rider's heard fixes (the feed keeps hearing new ones). */
  take(rider: RiderFeed): HeardFix[] {
    const heard = rider.heard;
    this.size -= heard.length;
    rider.heard = [];
    return heard;
  }

  /** Forgets the riders not among these (taken off the start list). */
  keepRiders(ids: ReadonlySet<string>): void {
    for (const [id, rider] of this.riders) {
      if (ids.has(id)) continue;
      this.size -= rider.heard.length;
      this.riders.delete(id);
    }
  }

  /** Forgets everything heard: every rider is read from the database at the next pass. */
  reset(): void {
    for (const rider of this.riders.values()) {
      rider.heard = [];
      rider.synced = false;
    }
    this.size = 0;
    this.epoch++;
  }
}

/**
 * The stored fixes of running stages' riders, heard from the fix writer once a commit stored them
 * (issue 17), so that the background pass (stage-progress.ts) feeds a rider's progress from memory
 * rather than reading back from the database every fix stored since its last pass. Only where this
 * process stores every fix (one process: the in-process bus); with several processes a fix may be
 * stored by another one, and passes read the database. Pure memory, no I/O.
 */
export class ProgressFeed {
  private readonly stages = new Map<string, StageFeed>();
  private readonly cap: number;

  constructor(options: { cap?: number } = {}) {
    this.cap = options.cap ?? DEFAULT_CAP;
  }

  /** The stage's feed, if a pass opened it. */
  of(stageId: string): StageFeed | undefined {
    return this.stages.get(stageId);
  }

  /** The stage's feed, opened now (every rider then read from the database once) if it was not. */
  open(stageId: string): StageFeed {
    let feed = this.stages.get(stageId);
    if (!feed) {
      feed = new StageFeed();
      this.stages.set(stageId, feed);
    }
    return feed;
  }

  /** Drops the feeds of stages no longer in `stageIds` (finished, or no longer this process's). */
  keepOnly(stageIds: ReadonlySet<string>): void {
    for (const [stageId, feed] of this.stages) {
      if (stageIds.has(stageId)) continue;
      feed.reset();
      this.stages.delete(stageId);
    }
  }

  /** Hears fixes a commit stored (new ones only), before anything else hears of them. */
  hear(fixes: ReadonlyArray<HeardFix>): void {
    if (this.stages.size === 0) return;
    for (const feed of this.stages.values()) {
      for (let i = 0; i < fixes.length; i++) {
        const f = fixes[i]!;
        const rider = feed.riders.get(f.registrationId);
        if (!rider) continue;
        rider.heard.push(f);
        feed.size++;
      }
      if (feed.size > this.cap) feed.reset();
    }
  }
}

/**
 * A heard row as a pass is fed it: the `real` readings are already the singles the database holds
 * (ingest rounds them before storing) and `fixesAfter` reads them back exactly, so both ways agree.
 */
export function passFix(f: HeardFix): PassFix {
  return {
    registrationId: f.registrationId,
    time: f.time,
    lat: f.lat,
    lon: f.lon,
    accuracy: f.accuracy ?? null,
    speed: f.speed ?? null,
    altitude: f.altitude ?? null,
    battery: f.battery ?? null,
    sos: f.sos ?? null,
  };
}
