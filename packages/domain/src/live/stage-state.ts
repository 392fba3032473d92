// The live race state of one stage, fed by fixes and by the clock. Pure: every instant comes in as an
// argument. Per fix O(1) amortised (one hinted projection, a few comparisons); standings O(n log n).
import { type EpochMs, epochMs, metres, seconds } from '../units.ts';
import { riderCondition } from './conditions.ts';
import { checkpointsInOrder } from './crossings.ts';
import { estimateArrival } from './eta.ts';
import { placeField } from './field-placement.ts';
import { nameGroups, splitIntoGroups } from './groups.ts';
import type { ReviewItem } from './plausibility.ts';
import { CourseProjector } from './projection.ts';
import { rankClass } from './ranking.ts';
import { RiderTrack, type RiderTrackSnapshot, type TrackContext } from './rider-track.ts';

export type { RiderTrackSnapshot } from './rider-track.ts';

import { resolveSettings, type StageStateSettings } from './settings.ts';
import { gapBehind } from './time-base.ts';
import type {
  Crossing,
  Fix,
  LiveCourse,
  LiveGroup,
  LiveStandings,
  RiderCondition,
  RiderStanding,
} from './types.ts';

export type StagePhase = 'pending' | 'racing' | 'neutralised';
export type FixOutcome = 'accepted' | 'late' | 'unknown_rider';

export interface NeutralisedPeriod {
  from: EpochMs;
  to: EpochMs | null;
}

export interface StageStandings extends LiveStandings {
  phase: StagePhase;
}

export class StageState {
  readonly #ctx: TrackContext;
  readonly #riders: RiderTrack[] = [];
  readonly #byId = new Map<string, RiderTrack>();
  /** Each rider's place in `#riders` (a stage's riders are restored one by one: no search per rider). */
  readonly #indexOf = new Map<string, number>();
  #startAt: number | null = null;
  readonly #neutralised: NeutralisedPeriod[] = [];

  constructor(
    course: LiveCourse,
    riders: ReadonlyArray<{ riderId: string }>,
    settings: Partial<StageStateSettings> = {},
  ) {
    if (!(course.lapLength > 0) || !(course.lapCount >= 1)) {
      throw new RangeError('A live course needs a positive lap length and at least one lap');
    }
    const resolved = resolveSettings(settings);
    const projector = new CourseProjector(course.points);
    this.#ctx = {
      course,
      checkpoints: checkpointsInOrder(course.checkpoints),
      projector,
      circuit: course.lapCount > 1 || projector.isCircuit,
      settings: resolved,
    };
    for (const { riderId } of riders) {
      if (this.#byId.has(riderId)) throw new RangeError(`Rider ${riderId} is listed twice`);
      const track = new RiderTrack(riderId, resolved);
      this.#indexOf.set(riderId, this.#riders.length);
      this.#riders.push(track);
      this.#byId.set(riderId, track);
    }
  }

  get settings(): Readonly<StageStateSettings> {
    return this.#ctx.settings;
  }

  get startAt(): EpochMs | null {
    return this.#startAt === null ? null : epochMs(this.#startAt);
  }

  get phase(): StagePhase {
    if (this.#startAt === null) return 'pending';
    return this.#neutralised.at(-1)?.to === null ? 'neutralised' : 'racing';
  }

  get neutralisedPeriods(): readonly NeutralisedPeriod[] {
    return this.#neutralised;
  }

  /** The mass start. Fixes up to this instant only place riders; later ones count distance and crossings. */
  start(at: EpochMs): void {
    if (this.#startAt !== null) throw new RangeError('The stage has already started');
    this.#startAt = at;
  }

  /** Neutralised: ETAs keep using each rider's speed from this moment (the slow neutralised pace is ignored). */
  neutralise(at: EpochMs): void {
    if (this.phase !== 'racing') return;
    this.#neutralised.push({ from: at, to: null });
    for (const r of this.#riders) r.frozenSpeed = r.speed.value;
  }

  resume(at: EpochMs): void {
    const open = this.#neutralised.at(-1);
    if (!open || open.to !== null) return;
    open.to = at;
    for (const r of this.#riders) r.frozenSpeed = null;
  }

  /** DNF by decision. Fixes keep placing the rider; the standings show it as DNF. False for an unknown rider. */
  setDnf(riderId: string, at: EpochMs): boolean {
    const r = this.#byId.get(riderId);
    if (!r) return false;
    r.dnfAt = at;
    return true;
  }

  reinstate(riderId: string): boolean {
    const r = this.#byId.get(riderId);
    if (!r) return false;
    r.dnfAt = null;
    return true;
  }

  /**
   * An SOS whose fix was refused as a position (an impossible jump, stale, inaccurate): the alarm
   * stands, the position moves nothing. False for an unknown rider.
   */
  raiseSos(riderId: string, at: EpochMs): boolean {
    const r = this.#byId.get(riderId);
    if (!r) return false;
    if (r.sosAt === null || at > r.sosAt) r.sosAt = at;
    return true;
  }

  /**
   * Feeds one fix. A fix at or before the rider's last processed one is 'late' and changes nothing (batches
   * replayed after a connection loss; the caller stores them anyway), except that a late SOS still
   * counts. Feed each batch sorted by time.
   */
  addFix(fix: Fix): FixOutcome {
    const r = this.#byId.get(fix.riderId);
    if (!r) return 'unknown_rider';
    if (r.lastFixAt !== null && fix.time <= r.lastFixAt) {
      r.noteSos(fix);
      return 'late';
    }
    r.observe(fix);
    const startAt = this.#startAt;
    if (startAt !== null && fix.time > startAt && r.finishTime === null) r.advance(fix, startAt, this.#ctx);
    return 'accepted';
  }

  /** One rider's track as plain JSON (see RiderTrackSnapshot); null for an unknown rider. */
  riderSnapshot(riderId: string): RiderTrackSnapshot | null {
    return this.#byId.get(riderId)?.snapshot() ?? null;
  }

  /**
   * Puts back a rider's saved track (taken on a state of the same course, settings and start): the fixes
   * after it then count exactly as if every fix before it had been fed here. False for an unknown rider.
   */
  restoreRider(snapshot: RiderTrackSnapshot): boolean {
    const index = this.#indexOf.get(snapshot.riderId);
    if (index === undefined) return false;
    const track = new RiderTrack(snapshot.riderId, this.#ctx.settings, snapshot);
    this.#riders[index] = track;
    this.#byId.set(snapshot.riderId, track);
    return true;
  }

  /** A rider's crossings so far, in the order made (the live list: read it, never keep it); [] when unknown. */
  crossingsOf(riderId: string): readonly Crossing[] {
    return this.#byId.get(riderId)?.crossings ?? [];
  }

  /** When the rider's last fix was taken (null before any, or for an unknown rider). */
  lastFixOf(riderId: string): number | null {
    return this.#byId.get(riderId)?.lastFixAt ?? null;
  }

  /**
   * The time the rider's next crossing would be timed from (its furthest point's last fix, or the start
   * before it began): no crossing the next fixes make is earlier. Null for an unknown rider.
   */
  crossingFloor(riderId: string): number | null {
    const r = this.#byId.get(riderId);
    if (!r) return null;
    return r.trail.headTime ?? this.#startAt;
  }

  /** When a rider first reached `distance` (epoch ms, interpolated on its trail); null if not yet or unknown. */
  timeAt(riderId: string, distance: number): number | null {
    return this.#byId.get(riderId)?.trail.timeAt(distance) ?? null;
  }

  /** How far a rider's trail reaches (its smoothed distance at its last fix); null if unknown or untracked. */
  trailHead(riderId: string): number | null {
    return this.#byId.get(riderId)?.trail.headDistance ?? null;
  }

  /** Crossings the riders' tracks do not support, rider by rider in start-list order: for the results desk. */
  reviewItems(): ReviewItem[] {
    return this.#riders.flatMap((r) => r.reviews);
  }

  /**
   * The standings at `now`, on one time base: order, gaps and groups all come from where every rider is
   * estimated to be at this instant (time-base.ts), so the phones' reporting rhythms do not show as gaps.
   */
  standings(now: EpochMs): StageStandings {
    const { course, settings } = this.#ctx;
    const riders = this.#riders;
    const carry = settings.extrapolateMs;
    const conditions: RiderCondition[] = riders.map((r) => riderCondition(r, now, this.#startAt, settings));
    const { distances, order, ranks, leader } = placeField(
      riders,
      conditions,
      now,
      carry,
      course.length - 1,
      settings.groupGapSeconds,
    );
    const neutralised = this.phase === 'neutralised';

    const rows: RiderStanding[] = [];
    const racing: RiderTrack[] = [];
    const racingRows: RiderStanding[] = [];
    for (const i of order) {
      const r = riders[i]!;
      const condition = conditions[i]!;
      const onRoad = rankClass(condition) === 1;
      let gap: number | null = null;
      if (leader && (onRoad || condition === 'finished')) {
        gap = ranks[i] === 1 ? 0 : gapBehind(leader, r, distances[i]!, now);
      }
      const speed = r.tracking && r.finishTime === null ? r.speed.value : null;
      const etaSpeed = condition === 'racing' ? (neutralised ? (r.frozenSpeed ?? speed) : speed) : null;
      const next = r.finishTime === null ? r.upcomingCheckpoint(this.#ctx) : null;
      const eta = (target: number): EpochMs | null => {
        const t = estimateArrival(r.positionTime, r.distance, target, etaSpeed, settings.stoppedSpeed);
        return t === null ? null : epochMs(t);
      };
      const row: RiderStanding = {
        riderId: r.riderId,
        rank: ranks[i]!,
        condition,
        distance: metres(r.distance),
        estimatedDistance: metres(distances[i]!),
        lap: Math.min(course.lapCount, Math.floor(r.distance / course.lapLength)),
        lat: r.lat,
        lon: r.lon,
        speed,
        gap: gap === null ? null : seconds(gap),
        group: null,
        distanceToGo: metres(course.length - r.distance),
        eta: r.finishTime === null ? eta(course.length) : null,
        nextCheckpoint: next ? { id: next.id, eta: eta(next.distance) } : null,
        lastFixAt: r.lastFixAt === null ? null : epochMs(r.lastFixAt),
        battery: r.battery,
        accuracy: r.accuracy,
        sosAt: r.sosAt === null ? null : epochMs(r.sosAt),
        finishTime: r.finishAt,
        crossings: r.crossings.slice(),
      };
      rows.push(row);
      // Groups are riders seen together: a stale rider (estimate no longer carried) is in none.
      if (condition === 'racing' && now - r.motion.time <= carry) {
        racing.push(r);
        racingRows.push(row);
      }
    }

    const split = splitIntoGroups(
      racingRows.map((row) => row.gap),
      settings.groupGapSeconds,
    );
    const names = nameGroups(split.map((g) => g.length));
    const groups: LiveGroup[] = split.map((members, g) => {
      const index = g + 1;
      for (const k of members) racingRows[k]!.group = index;
      return {
        index,
        name: names[g]!,
        riderIds: members.map((k) => racing[k]!.riderId),
        gap: racingRows[members[0]!]!.gap ?? seconds(0),
      };
    });
    return { at: now, riders: rows, groups, phase: this.phase };
  }
}
