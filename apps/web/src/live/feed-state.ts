// The subpath, not the package: the live page must not load the rest of the domain (geodesy, simplify).
import { CARRY_AFTER_FIX_MS } from '@echelon/domain/carry';
import type { LiveDelta, LiveRider, LiveSnapshot, LiveTimeTrial } from '../api/types.ts';

export interface FeedGroup {
  /** The feed's id of the group (stable while it holds together). */
  id: number;
  /** 1-based, from the front, as riders' `grp` counts. */
  index: number;
  name: string;
  gap: number;
  size: number;
}

/**
 * What a spectator knows of a stage: the last snapshot with every delta since applied. Riders are
 * addressed by their feed index (`riders[i]`). The state is mutated in place — thousands of riders
 * change every second — and `version` moves on every change so views know to redraw. The feed names
 * groups by stable ids; a rider's `grp` here is its group's place from the front (1-based), which is
 * what colours and the groups panel go by, kept in step as groups form, merge and change order.
 */
export interface FeedState {
  stageId: string;
  raceId: string;
  seq: number;
  /** Event time of the last frame, epoch ms. */
  at: number;
  status: LiveSnapshot['status'];
  startedAt: number | null;
  length: number;
  riders: LiveRider[];
  groups: FeedGroup[];
  checkpoints: LiveSnapshot['checkpoints'];
  announcements: LiveSnapshot['announcements'];
  /** A time trial's standings by elapsed time, split tables and hot seat; null on massed-start stages. */
  tt?: LiveTimeTrial | null;
  version: number;
  /** Feed index → the rider's group id as the feed gave it (null: in none). */
  groupIds: Array<number | null>;
}

export function fromSnapshot(snapshot: LiveSnapshot): FeedState {
  const riders: LiveRider[] = [];
  const groupIds: Array<number | null> = [];
  for (const rider of snapshot.riders) {
    riders[rider.i] = { ...rider };
    groupIds[rider.i] = rider.grp;
  }
  const state: FeedState = {
    stageId: snapshot.stageId,
    raceId: snapshot.raceId,
    seq: snapshot.seq,
    at: snapshot.at,
    status: snapshot.status,
    startedAt: snapshot.startedAt,
    length: snapshot.length,
    riders,
    groups: snapshot.groups.map((group, k) => ({
      id: group.id,
      index: k + 1,
      name: group.name,
      gap: group.gap,
      size: group.riders.length,
    })),
    checkpoints: snapshot.checkpoints,
    announcements: [...snapshot.announcements],
    tt: snapshot.tt ?? null,
    version: 0,
    groupIds,
  };
  placeGroups(state);
  return state;
}

/** Every rider's `grp` as its group's place from the front, from the group ids the feed gave. */
function placeGroups(state: FeedState): void {
  const places = new Map(state.groups.map((group) => [group.id, group.index]));
  for (const rider of state.riders) {
    if (!rider) continue;
    const id = state.groupIds[rider.i] ?? null;
    rider.grp = id === null ? null : (places.get(id) ?? null);
  }
}

export type DeltaOutcome = 'applied' | 'stale' | 'gap';

/**
 * Applies one delta. A delta that does not follow the last frame (`gap`) must not be applied: the
 * caller asks for a snapshot instead. One already seen (`stale`, e.g. after a resync) is ignored.
 */
export function applyDelta(state: FeedState, delta: LiveDelta): DeltaOutcome {
  if (delta.seq <= state.seq) return 'stale';
  if (delta.seq !== state.seq + 1) return 'gap';
  state.seq = delta.seq;
  state.at = delta.at;
  if (delta.status) state.status = delta.status;
  // Status fields first: a rider's first appearance comes as a full `st` entry with `pos` relative to 0.
  for (const change of delta.st ?? []) {
    // A change carrying `d` is a rider's first appearance in a delta: its `pos` entry counts from 0.
    const fresh = change.d !== undefined;
    const rider = state.riders[change.i];
    if (rider) Object.assign(rider, change, fresh ? { d: 0 } : {});
    else if (fresh) state.riders[change.i] = { ...blankRider(change.i), ...change, d: 0 };
    if (change.grp !== undefined) state.groupIds[change.i] = change.grp;
  }
  // The flat lists count rider indices on from their previous entry.
  const pos = delta.pos;
  for (let k = 0, i = -1; k + 2 < pos.length; k += 3) {
    i += pos[k]!;
    const rider = state.riders[i];
    if (!rider) continue;
    const age = pos[k + 2]!;
    rider.d += pos[k + 1]!;
    rider.fix = age < 0 ? null : delta.at - age * 1000;
    rider.togo = Math.max(0, state.length - rider.d);
  }
  const ll = delta.ll ?? [];
  for (let k = 0, i = -1; k + 2 < ll.length; k += 3) {
    i += ll[k]!;
    const rider = state.riders[i];
    if (!rider) continue;
    rider.lat = ll[k + 1]!;
    rider.lon = ll[k + 2]!;
  }
  const rk = delta.rk ?? [];
  for (let k = 0, i = -1; k + 1 < rk.length; k += 2) {
    i += rk[k]!;
    const rider = state.riders[i];
    if (rider) rider.rank += rk[k + 1]!;
  }
  const ga = delta.ga ?? [];
  for (let k = 0, i = -1; k + 1 < ga.length; k += 2) {
    i += ga[k]!;
    const rider = state.riders[i];
    if (rider && rider.gap !== null) rider.gap += ga[k + 1]!;
  }
  const gp = delta.gp ?? [];
  for (let k = 0, i = -1; k + 1 < gp.length; k += 2) {
    i += gp[k]!;
    state.groupIds[i] = gp[k + 1] ?? null;
  }
  if (delta.gl) state.groups = groupsOf(delta.gl, delta.gn ?? []);
  if (delta.gl || gp.length > 0 || delta.st) placeGroups(state);
  // A time trial's block comes whole, when it changed.
  if (delta.tt) state.tt = delta.tt;
  for (const announcement of delta.ann ?? []) {
    if (!state.announcements.some((known) => known.id === announcement.id)) {
      state.announcements.push(announcement);
    }
  }
  state.version += 1;
  return 'applied';
}

function groupsOf(flat: number[], names: Array<[number, string]>): FeedGroup[] {
  const named = new Map(names);
  const groups: FeedGroup[] = [];
  for (let k = 0; k + 2 < flat.length; k += 3) {
    const index = k / 3 + 1;
    groups.push({
      id: flat[k]!,
      index,
      size: flat[k + 1]!,
      gap: flat[k + 2]!,
      name: named.get(index) ?? `Group ${index}`,
    });
  }
  return groups;
}

function blankRider(i: number): LiveRider {
  return {
    i,
    id: '',
    bib: 0,
    name: '',
    team: null,
    category: null,
    rank: 0,
    cond: 'not_started',
    d: 0,
    lap: 0,
    lat: null,
    lon: null,
    v: null,
    gap: null,
    grp: null,
    togo: 0,
    eta: null,
    next: null,
    fix: null,
    batt: null,
    acc: null,
    sos: null,
    fin: null,
    x: [],
  };
}

/**
 * Where a rider probably is now: the last fix's distance carried on at the last speed, for at most
 * `maxCarrySeconds` — a rider whose tracker went quiet is not drawn riding on for ever. The limit is the
 * server's (`CARRY_AFTER_FIX_MS`, the live order's time base), so the map, the distances to go and the
 * standings place a rider by the same rule.
 */
export function estimatedDistance(
  rider: LiveRider,
  now: number,
  maxCarrySeconds = CARRY_AFTER_FIX_MS / 1000,
): number {
  if (rider.fix === null || rider.v === null || rider.cond !== 'racing') return rider.d;
  const seconds = Math.min(Math.max(0, (now - rider.fix) / 1000), maxCarrySeconds);
  return rider.d + (rider.v / 3.6) * seconds;
}

/** Riders in standing order (rank, then bib for riders not ranked yet). */
export function ranked(state: FeedState): LiveRider[] {
  return state.riders
    .filter((rider): rider is LiveRider => rider !== undefined)
    .sort(
      (a, b) => (a.rank || Number.MAX_SAFE_INTEGER) - (b.rank || Number.MAX_SAFE_INTEGER) || a.bib - b.bib,
    );
}
