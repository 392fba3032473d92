import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import type { LiveStandings } from '../../src/live/types.ts';
import { at, straightCourse } from './live-helpers.ts';
import { arrivalOrder, type Delivery, type PhoneOptions, phone, random } from './phones.ts';

/**
 * Phones as they are on race day (phones.ts: own phase and interval of 1–10 s, 3–15 m of noise, dropouts,
 * offline spells delivered late) against riders whose true gaps are known exactly: every rider rides the
 * same road profile D(t) — from rest to 12 m/s in 20 s, then 12 t + 60 sin(2πt / 300) m (11–13 m/s) —
 * `delay` seconds behind the gun, so the true gap between two riders is the difference of their delays.
 */
const road = (s: number) =>
  s <= 0 ? 0 : s < 20 ? 0.3 * s * s : 120 + 12 * (s - 20) + 60 * Math.sin((2 * Math.PI * (s - 20)) / 300);
const END = 1500;
const FRESH_MS = 30_000;

interface Rider {
  id: string;
  /** True delay behind D at s seconds. */
  delay(s: number): number;
  options?: PhoneOptions;
}

function race(riders: Rider[], seed: number) {
  const c = straightCourse(40);
  const state = new StageState(
    c.course,
    riders.map((r) => ({ riderId: r.id })),
  );
  state.start(at(0));
  const rnd = random(seed);
  const deliveries = arrivalOrder(
    ...riders.map((r) =>
      phone(c, { riderId: r.id, distanceAt: (s) => road(s - r.delay(s)), from: 1, to: END }, rnd, r.options),
    ),
  );
  return { state, deliveries };
}

interface Tick {
  s: number;
  standings: LiveStandings;
  /** The riders with a fix in the last 30 s, by id. */
  fresh: Set<string>;
}

/** Feeds the deliveries second by second and takes the standings at every second from `from` s on. */
function ticks(state: StageState, deliveries: Delivery[], from = 60): Tick[] {
  const out: Tick[] = [];
  let k = 0;
  for (let s = 1; s <= END; s++) {
    while (k < deliveries.length && deliveries[k]!.arrives <= s) state.addFix(deliveries[k++]!.fix);
    if (s < from) continue;
    const standings = state.standings(at(s));
    const fresh = new Set(
      standings.riders
        .filter((r) => r.condition === 'racing' && r.lastFixAt !== null && at(s) - r.lastFixAt <= FRESH_MS)
        .map((r) => r.riderId),
    );
    out.push({ s, standings, fresh });
  }
  return out;
}

/** 50 riders within ~45 m of each other, sliding up and down the bunch over a few minutes. */
function bunch(count: number, from = 0, prefix = 'b'): Rider[] {
  return Array.from({ length: count }, (_, i) => {
    const base = from + (3.5 * i) / count;
    return { id: `${prefix}${i}`, delay: (s: number) => base + 0.4 * Math.sin(s / 90 + i) };
  });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

describe('one time base for the whole field, with real phones', () => {
  const riders = bunch(50);
  // Some phones go quiet: 20 s, 45 s and 5 min never sent; two are offline for a minute and send it late.
  riders[3]!.options = { dropouts: [[300, 320]] };
  riders[11]!.options = { dropouts: [[500, 545]] };
  riders[17]!.options = { dropouts: [[700, 1000]] };
  riders[23]!.options = { offline: [[400, 460]] };
  riders[31]!.options = { offline: [[900, 960]] };
  const { state, deliveries } = race(riders, 14);
  const seen = ticks(state, deliveries);
  const truthGap = (id: string, s: number, leaderId: string) => {
    const delay = (r: string) => riders.find((x) => x.id === r)!.delay(s);
    return delay(id) - delay(leaderId);
  };

  it('shows one bunch as one group at every tick, whatever the phones', () => {
    for (const { s, standings, fresh } of seen) {
      const groupsWithFresh = standings.groups.filter((g) => g.riderIds.some((id) => fresh.has(id)));
      expect(groupsWithFresh, `at ${s} s`).toHaveLength(1);
      expect(groupsWithFresh[0]!.riderIds.filter((id) => fresh.has(id))).toHaveLength(fresh.size);
    }
  });

  it('gives every racing rider with a fix in the last 30 s a gap, within about a second of the truth', () => {
    const errors: number[] = [];
    for (const { s, standings, fresh } of seen) {
      const leader = standings.riders[0]!.riderId;
      for (const r of standings.riders) {
        if (!fresh.has(r.riderId)) continue;
        expect(r.gap, `${r.riderId} at ${s} s`).not.toBeNull();
        errors.push(Math.abs(r.gap! - truthGap(r.riderId, s, leader)));
      }
    }
    expect(errors.length).toBeGreaterThan(50 * 1000);
    // Two estimates meet in a gap (the rider's and the leader's), each a few metres off.
    expect(quantile(errors, 0.95)).toBeLessThan(1.2);
    expect(Math.max(...errors)).toBeLessThan(3.5);
  });

  it('keeps gaps steady from tick to tick: no jump of seconds when one phone reports', () => {
    const jumps: number[] = [];
    for (let k = 1; k < seen.length; k++) {
      const before = new Map(seen[k - 1]!.standings.riders.map((r) => [r.riderId, r.gap]));
      const leaderNow = seen[k]!.standings.riders[0]!.riderId;
      const leaderBefore = seen[k - 1]!.standings.riders[0]!.riderId;
      for (const r of seen[k]!.standings.riders) {
        const previous = before.get(r.riderId);
        const fresh = seen[k]!.fresh.has(r.riderId) && seen[k - 1]!.fresh.has(r.riderId);
        if (!fresh || previous == null || r.gap === null) continue;
        const truth =
          truthGap(r.riderId, seen[k]!.s, leaderNow) - truthGap(r.riderId, seen[k - 1]!.s, leaderBefore);
        jumps.push(Math.abs(r.gap - previous - truth));
      }
    }
    expect(jumps.length).toBeGreaterThan(50 * 1000);
    // A fix moves the rider's estimate and, when it is the leader's, everyone's gap by a fraction of a
    // second; never by the seconds the reporting rhythm used to cost.
    expect(quantile(jumps, 0.95)).toBeLessThan(0.75);
    expect(quantile(jumps, 0.99)).toBeLessThan(1.5);
    expect(Math.max(...jumps)).toBeLessThan(3);
  });

  it('ranks and gaps a rider whose phone went quiet by where it was carried to, outside any group', () => {
    const tick = seen.find((t) => t.s === 760)!; // rider b17 silent since 700 s: stale
    const quiet = tick.standings.riders.find((r) => r.riderId === 'b17')!;
    expect(quiet.condition).toBe('signal_lost');
    const stale = seen.find((t) => t.s === 745)!.standings.riders.find((r) => r.riderId === 'b17')!;
    expect(stale.condition).toBe('racing');
    expect(stale.group).toBeNull();
    expect(stale.gap).toBeGreaterThan(10);
  });
});

describe('breakaway, chase and peloton, with real phones', () => {
  const riders = [...bunch(3, 0, 'break'), ...bunch(8, 40, 'chase'), ...bunch(40, 95, 'pack')];
  riders[20]!.options = { offline: [[600, 700]] };
  const { state, deliveries } = race(riders, 7);
  // Once the peloton, 95 s behind the gun, is on its way.
  const seen = ticks(state, deliveries, 160);

  it('finds the three groups with the right riders at every tick', () => {
    for (const { s, standings, fresh } of seen) {
      const groups = standings.groups.map((g) => g.riderIds.filter((id) => fresh.has(id)).sort());
      const expected = ['break', 'chase', 'pack'].map((p) =>
        [...fresh].filter((id) => id.startsWith(p)).sort(),
      );
      expect(groups, `at ${s} s`).toEqual(expected);
    }
  });

  it('gives each group the gap of its head', () => {
    const last = seen.at(-1)!.standings;
    expect(last.groups.map((g) => g.name)).toEqual(['Leaders', 'Group 2', 'Peloton']);
    expect(last.groups[1]!.gap).toBeGreaterThan(38);
    expect(last.groups[1]!.gap).toBeLessThan(42);
    expect(last.groups[2]!.gap).toBeGreaterThan(93);
    expect(last.groups[2]!.gap).toBeLessThan(97);
  });
});
