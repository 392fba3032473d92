/**
 * The replay of a stage from its stored tracks, as plain data: where every rider was at any instant, the
 * standings then, time gaps at the same distance and the groups on the road. No React, no map: the page
 * asks `standingsAt(model, t)` as often as it draws.
 */
import { SAMPLE_STRIDE, type StageTracksView } from '../api/replay-types.ts';

export interface ReplayRider {
  /** Position in `model.riders`. */
  index: number;
  id: string;
  bib: number;
  name: string;
  team: string | null;
  category: string | null;
  /** Sample times, epoch ms, ascending. */
  t: Float64Array;
  /**
   * Distance along the course at each sample (m), never going back: a fix projected a little behind
   * the previous one keeps the rider where they were, so "when did they pass d" has one answer.
   */
  d: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  /** km/h */
  v: Float32Array;
  /** Finish time, epoch ms; null when the rider did not finish. */
  finish: number | null;
  /**
   * When a commissaire's decision (DNF, DSQ) took the rider out of the race, epoch ms; null when none
   * stands. From then on the rider is out of the standings, as the live feed showed them.
   */
  out: number | null;
  /** When their clock starts: the stage start, or their first sample in an individual start. */
  start: number;
}

export interface ReplayModel {
  startedAt: number;
  /** The last instant worth showing: the last sample of anyone (the stage's end without any). */
  endAt: number;
  /** Whole course, m. */
  length: number;
  /** Individual starts (time trials): times and gaps count from each rider's own start. */
  individual: boolean;
  riders: ReplayRider[];
}

/** `dnf`: out of the race by a commissaire's decision (DNF or DSQ), the live feed's word for it. */
export type ReplayCondition = 'no_data' | 'not_started' | 'racing' | 'stopped' | 'finished' | 'dnf';

export interface RiderAt {
  rider: ReplayRider;
  cond: ReplayCondition;
  /** m from the start; 0 before the first sample. */
  d: number;
  lat: number | null;
  lon: number | null;
  /** km/h; null when not moving on the record (not started, stopped, finished) or out of the race. */
  v: number | null;
  /** m to the finish. */
  togo: number;
}

export interface Standing extends RiderAt {
  /** 1-based; null for riders out of the race, not on the road yet, or without any data. */
  rank: number | null;
  /** Seconds behind the leader at the same distance (finishers: behind the winner's time). */
  gap: number | null;
  /** 1-based group on the road, from the front; null unless racing. */
  group: number | null;
}

export interface GroupAt {
  index: number;
  size: number;
  /** Seconds behind the leader of the race, as the group's first rider. */
  gap: number | null;
  /** Distance of the group's first rider. */
  d: number;
}

export interface StandingsAt {
  t: number;
  /** Everyone, in ranking order: finishers, riders on the road, riders out, then not started and no data. */
  riders: Standing[];
  groups: GroupAt[];
}

export interface ReplayOptions {
  individual?: boolean;
}

export interface StandingsOptions {
  /** Riders this close in time (s) at the same distance ride together. */
  groupGap?: number;
  /** A rider with no sample for this long (ms) and no finish has stopped (or lost signal). */
  staleAfter?: number;
}

export const DEFAULT_GROUP_GAP = 3;
export const DEFAULT_STALE_AFTER = 60_000;

/** Unpacks the API's flat samples into typed arrays, one rider at a time. */
export function buildReplay(tracks: StageTracksView, options: ReplayOptions = {}): ReplayModel {
  const individual = options.individual ?? false;
  let last = Number.NEGATIVE_INFINITY;
  const riders = tracks.riders.map((track, index): ReplayRider => {
    const n = track.t0 === null ? 0 : Math.floor(track.samples.length / SAMPLE_STRIDE);
    const t = new Float64Array(n);
    const d = new Float64Array(n);
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const v = new Float32Array(n);
    const t0 = track.t0 ?? 0;
    let reach = 0;
    for (let k = 0; k < n; k++) {
      const o = k * SAMPLE_STRIDE;
      t[k] = t0 + track.samples[o]! * 1000;
      reach = Math.max(reach, track.samples[o + 1]!);
      d[k] = reach;
      lat[k] = track.samples[o + 2]!;
      lon[k] = track.samples[o + 3]!;
      v[k] = track.samples[o + 4]!;
    }
    if (n > 0) last = Math.max(last, t[n - 1]!);
    if (track.finish !== null) last = Math.max(last, track.finish);
    return {
      index,
      id: track.id,
      bib: track.bib,
      name: track.name,
      team: track.team,
      category: track.category,
      t,
      d,
      lat,
      lon,
      v,
      finish: track.finish,
      // Absent from an older server's answer: nobody is out.
      out: track.out ?? null,
      start: individual && n > 0 ? t[0]! : tracks.startedAt,
    };
  });
  const fallbackEnd = tracks.finishedAt ?? tracks.startedAt;
  const endAt = Math.max(tracks.startedAt + 1000, Number.isFinite(last) ? last : fallbackEnd);
  return { startedAt: tracks.startedAt, endAt, length: tracks.length, individual, riders };
}

/** The last sample index at or before `t` (-1 before the first). */
function sampleBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t < times[0]!) return -1;
  if (t >= times[hi]!) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Where one rider was at `t`, interpolated in time between the samples either side; out of the race from
 * the decision that took them out. Like the live state, the record still places a rider who is out (the
 * map shows where they are), but they no longer ride: no speed, no rank, no gap, no group.
 */
export function riderAt(
  model: ReplayModel,
  rider: ReplayRider,
  t: number,
  staleAfter = DEFAULT_STALE_AFTER,
): RiderAt {
  const onRecord = riderOnRecord(model, rider, t, staleAfter);
  if (rider.out === null || t < rider.out) return onRecord;
  return { ...onRecord, cond: 'dnf', v: null };
}

/** Where the stored fixes put one rider at `t`, whatever the commissaires decided. */
function riderOnRecord(model: ReplayModel, rider: ReplayRider, t: number, staleAfter: number): RiderAt {
  const n = rider.t.length;
  const base = { rider, lat: null, lon: null, v: null };
  if (n === 0) return { ...base, cond: 'no_data', d: 0, togo: model.length };
  const k = sampleBefore(rider.t, t);
  if (k < 0) return { ...base, cond: 'not_started', d: 0, togo: model.length };
  if (rider.finish !== null && t >= rider.finish) {
    const end = n - 1;
    return {
      ...base,
      cond: 'finished',
      d: rider.d[end]!,
      lat: rider.lat[end]!,
      lon: rider.lon[end]!,
      togo: 0,
    };
  }
  if (k === n - 1) {
    const d = rider.d[k]!;
    const stopped = t - rider.t[k]! > staleAfter;
    return {
      rider,
      cond: stopped ? 'stopped' : 'racing',
      d,
      lat: rider.lat[k]!,
      lon: rider.lon[k]!,
      v: stopped ? null : rider.v[k]!,
      togo: Math.max(0, model.length - d),
    };
  }
  const span = rider.t[k + 1]! - rider.t[k]!;
  const f = span > 0 ? (t - rider.t[k]!) / span : 0;
  const mix = (a: Float64Array | Float32Array) => a[k]! + (a[k + 1]! - a[k]!) * f;
  const d = mix(rider.d);
  // A hole in the record longer than the stale limit is not a ride: the rider waits at the last fix.
  if (span > staleAfter && t - rider.t[k]! > staleAfter) {
    return {
      rider,
      cond: 'stopped',
      d: rider.d[k]!,
      lat: rider.lat[k]!,
      lon: rider.lon[k]!,
      v: null,
      togo: Math.max(0, model.length - rider.d[k]!),
    };
  }
  return {
    rider,
    cond: 'racing',
    d,
    lat: mix(rider.lat),
    lon: mix(rider.lon),
    v: mix(rider.v),
    togo: model.length - d,
  };
}

/**
 * When the rider first reached `distance` (epoch ms), interpolated between samples; null if they never
 * did. Distances never go back (see `ReplayRider.d`), so this is a binary search.
 */
export function passTime(rider: ReplayRider, distance: number): number | null {
  const n = rider.d.length;
  if (n === 0 || rider.d[n - 1]! < distance) return null;
  if (rider.d[0]! >= distance) return rider.t[0]!;
  let lo = 0;
  let hi = n - 1;
  // Invariant: d[lo] < distance <= d[hi].
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (rider.d[mid]! < distance) lo = mid;
    else hi = mid;
  }
  const f = (distance - rider.d[lo]!) / (rider.d[hi]! - rider.d[lo]!);
  return rider.t[lo]! + (rider.t[hi]! - rider.t[lo]!) * f;
}

const ORDER: Record<ReplayCondition, number> = {
  finished: 0,
  racing: 1,
  stopped: 1,
  dnf: 2,
  not_started: 3,
  no_data: 4,
};

function compareAt(model: ReplayModel) {
  return (a: RiderAt, b: RiderAt): number => {
    const byCond = ORDER[a.cond] - ORDER[b.cond];
    if (byCond !== 0) return byCond;
    if (a.cond === 'finished' && b.cond === 'finished') {
      const ta = a.rider.finish! - (model.individual ? a.rider.start : 0);
      const tb = b.rider.finish! - (model.individual ? b.rider.start : 0);
      if (ta !== tb) return ta - tb;
    } else if (b.d !== a.d) {
      return b.d - a.d;
    }
    return a.rider.bib - b.rider.bib;
  };
}

/** Seconds `behind` lost to `ahead` at `behind`'s distance, at `t` (each on their own clock if individual). */
function gapAtDistance(ahead: ReplayRider, behind: RiderAt, t: number): number | null {
  const passed = passTime(ahead, behind.d);
  if (passed === null) return null;
  const own = t - behind.rider.start;
  const theirs = passed - ahead.start;
  return Math.max(0, (own - theirs) / 1000);
}

/** Everyone at `t`: ranked, with gaps to the leader at the same distance, and grouped on the road. */
export function standingsAt(model: ReplayModel, t: number, options: StandingsOptions = {}): StandingsAt {
  const groupGap = options.groupGap ?? DEFAULT_GROUP_GAP;
  const staleAfter = options.staleAfter ?? DEFAULT_STALE_AFTER;
  const at = model.riders.map((rider) => riderAt(model, rider, t, staleAfter));
  at.sort(compareAt(model));

  const leader =
    at[0] && (at[0].cond === 'finished' || at[0].cond === 'racing' || at[0].cond === 'stopped')
      ? at[0]
      : null;
  const riders: Standing[] = [];
  let rank = 0;
  for (const r of at) {
    const onRoad = r.cond === 'finished' || r.cond === 'racing' || r.cond === 'stopped';
    let gap: number | null = null;
    if (onRoad && leader) {
      if (r.cond === 'finished') {
        const own = r.rider.finish! - r.rider.start;
        const best = leader.rider.finish! - leader.rider.start;
        gap = Math.max(0, (own - best) / 1000);
      } else if (r.cond === 'racing') {
        gap = r === leader ? 0 : gapAtDistance(leader.rider, r, t);
      }
    }
    riders.push({ ...r, rank: onRoad ? ++rank : null, gap, group: null });
  }
  const groups = groupRiders(riders, t, groupGap);
  return { t, riders, groups };
}

/**
 * Riders racing within `groupGap` seconds of the rider ahead of them (at the same distance) ride in the
 * same group. Sets each racing standing's `group` and returns the groups from the front.
 */
function groupRiders(riders: Standing[], t: number, groupGap: number): GroupAt[] {
  const racing = riders
    .filter((r) => r.cond === 'racing')
    .sort((a, b) => b.d - a.d || a.rider.bib - b.rider.bib);
  const groups: GroupAt[] = [];
  let previous: Standing | null = null;
  for (const r of racing) {
    // On the road, whatever the start order: the clock's time, not each rider's own.
    const passed = previous === null ? null : passTime(previous.rider, r.d);
    const together = passed !== null && (t - passed) / 1000 <= groupGap;
    if (!together) groups.push({ index: groups.length + 1, size: 0, gap: r.gap, d: r.d });
    const group = groups[groups.length - 1]!;
    group.size += 1;
    r.group = group.index;
    previous = r;
  }
  return groups;
}
