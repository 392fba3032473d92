import type { LiveRider } from '@echelon/contracts';
import type { RiderStanding } from '@echelon/domain';

export type Fields = Omit<LiveRider, 'i' | 'id' | 'bib' | 'name' | 'team' | 'category'>;

const coord = (value: number | null) => (value === null ? null : Math.round(value * 1e5) / 1e5);

/**
 * A standing as a spectator sees it: whole metres, whole km/h, whole seconds. `d` is where the last fix
 * put the rider; the client carries riders on between fixes with `v`, as the live order does.
 */
export function displayed(s: RiderStanding): Fields {
  return {
    rank: s.rank,
    cond: s.condition,
    d: Math.round(s.distance),
    lap: s.lap,
    lat: coord(s.lat),
    lon: coord(s.lon),
    v: s.speed === null ? null : Math.round(s.speed * 3.6),
    gap: s.gap === null ? null : Math.round(s.gap),
    grp: s.group,
    togo: Math.round(s.distanceToGo),
    eta: s.eta === null ? null : Math.round(s.eta / 1000) * 1000,
    next: s.nextCheckpoint
      ? {
          id: s.nextCheckpoint.id,
          eta: s.nextCheckpoint.eta === null ? null : Math.round(s.nextCheckpoint.eta / 1000) * 1000,
        }
      : null,
    fix: s.lastFixAt,
    batt: s.battery === null ? null : Math.round(s.battery),
    acc: s.accuracy === null ? null : Math.round(s.accuracy),
    // Never in the feed: an SOS says where a rider in trouble is, which is for race control only (it reads
    // GET /api/v1/races/{id}/sos), not for the public leaderboard or embeds, which this feed also serves.
    sos: null,
    fin: s.finishTime,
    x: s.crossings.map((c) => [c.checkpointId, Math.round(c.time)] as [string, number]),
  };
}

type Rule = (now: Fields, sent: Fields) => boolean;

/**
 * A rider's gap goes in a delta when its whole-second value moves by this much: with 1, the gap a spectator
 * sees is never more than half a second off the server's (it is rounded to the second), where a 2 s step let
 * it lag by up to 2.5 s. The cost stays inside the 2 KB/s per spectator budget of the fanout bench.
 */
export const GAP_STEP_S = 1;

const moved = (step: number) => (a: number | null, b: number | null) =>
  a === null || b === null ? a !== b : Math.abs(a - b) >= step;

/**
 * When a field is worth a delta. Speeds, gaps and ETAs wobble with every fix; a spectator cannot tell
 * 41 from 42 km/h or an ETA a few seconds off, but a feed that sends each wobble to every spectator
 * every second costs more than the race itself. Exact fields go whenever they change. ETAs are not sent
 * in deltas at all: over 100 km a 1 % change of speed moves them by minutes every second, and the client
 * has what they are made of (d, v, the checkpoints, the length). A fix's accuracy jitters by a few metres
 * with every fix, so it goes when it moves by 5 m (or appears or disappears).
 */
const RULES: Record<Exclude<keyof Fields, 'd' | 'lat' | 'lon' | 'fix' | 'togo' | 'eta' | 'next'>, Rule> = {
  rank: (a, b) => a.rank !== b.rank,
  cond: (a, b) => a.cond !== b.cond,
  lap: (a, b) => a.lap !== b.lap,
  grp: (a, b) => a.grp !== b.grp,
  fin: (a, b) => a.fin !== b.fin,
  x: (a, b) => a.x.length !== b.x.length,
  v: (a, b) => moved(3)(a.v, b.v),
  gap: (a, b) => moved(GAP_STEP_S)(a.gap, b.gap),
  batt: (a, b) => moved(5)(a.batt, b.batt),
  acc: (a, b) => moved(5)(a.acc, b.acc),
  sos: (a, b) => a.sos !== b.sos,
};
const RULED = Object.keys(RULES) as Array<keyof typeof RULES>;

/** The fields of `now` that differ enough from what the client has (`sent`); updates `sent` with them. */
export function changedFields(now: Fields, sent: Fields): Partial<Fields> | null {
  let changed: Partial<Fields> | null = null;
  for (const field of RULED) {
    if (!RULES[field](now, sent)) continue;
    changed ??= {};
    (changed as Record<string, unknown>)[field] = now[field];
    (sent as Record<string, unknown>)[field] = now[field];
  }
  return changed;
}
