import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import type { LiveStandings } from '../../src/live/types.ts';
import { at, straightCourse } from './live-helpers.ts';
import { arrivalOrder, type Delivery, type PhoneOptions, phone, random } from './phones.ts';

/**
 * Live gaps where the road changes under the riders: every rider rides the same road, whose speed depends
 * on the place (12 m/s on the flat, 5 m/s up a climb from 6 km, 17 m/s down from 8.5 km, 12 m/s again from
 * 11 km), `delay` seconds behind the gun, so the true gap of two riders is the difference of their delays
 * wherever they are. Phones as on race day (phones.ts), each also reporting its own speed.
 */
const ROAD: Array<[fromMetre: number, speed: number]> = [
  [0, 12],
  [6000, 5],
  [8500, 17],
  [11_000, 12],
];
/** Riders change speed over about this many seconds (braking into the climb, spinning up after it). */
const TAU = 4;
const STEP = 0.1;
const END = 1800;

/** Distance and speed at every STEP s from the gun: from rest, the road's speed approached with time constant TAU. */
const profile = (() => {
  const distance = [0];
  const speed = [0];
  for (let k = 1; k <= (END + 200) / STEP; k++) {
    const d = distance[k - 1]!;
    const v = speed[k - 1]!;
    const target = ROAD.findLast(([from]) => d >= from)![1];
    speed.push(v + ((target - v) * STEP) / TAU);
    distance.push(d + v * STEP);
  }
  return { distance, speed };
})();

const sample = (values: number[], s: number) => {
  if (s <= 0) return 0;
  const k = Math.floor(s / STEP);
  const f = s / STEP - k;
  return values[k]! * (1 - f) + values[k + 1]! * f;
};
const road = (s: number) => sample(profile.distance, s);
const roadSpeed = (s: number) => sample(profile.speed, s);

interface Rider {
  id: string;
  delay: number;
  options?: PhoneOptions;
}

interface Tick {
  s: number;
  standings: LiveStandings;
  fresh: Set<string>;
}

function ride(riders: Rider[], seed: number): Tick[] {
  const c = straightCourse(30);
  const state = new StageState(
    c.course,
    riders.map((r) => ({ riderId: r.id })),
  );
  state.start(at(0));
  const rnd = random(seed);
  const deliveries: Delivery[] = arrivalOrder(
    ...riders.map((r) =>
      phone(
        c,
        {
          riderId: r.id,
          distanceAt: (s) => road(s - r.delay),
          speedAt: (s) => roadSpeed(s - r.delay),
          from: 1,
          to: END,
        },
        rnd,
        r.options,
      ),
    ),
  );
  const ticks: Tick[] = [];
  let k = 0;
  for (let s = 1; s <= END; s++) {
    while (k < deliveries.length && deliveries[k]!.arrives <= s) state.addFix(deliveries[k++]!.fix);
    if (s < 120) continue;
    const standings = state.standings(at(s));
    const fresh = new Set(
      standings.riders
        .filter((r) => r.condition === 'racing' && r.lastFixAt !== null && at(s) - r.lastFixAt <= 30_000)
        .map((r) => r.riderId),
    );
    ticks.push({ s, standings, fresh });
  }
  return ticks;
}

/** Each fresh rider's gap error at every tick, against the rider shown first. */
function gapErrors(riders: Rider[], ticks: Tick[], only?: (id: string, s: number) => boolean) {
  const delay = new Map(riders.map((r) => [r.id, r.delay]));
  const errors: number[] = [];
  for (const { s, standings, fresh } of ticks) {
    const leader = delay.get(standings.riders[0]!.riderId)!;
    for (const r of standings.riders) {
      if (!fresh.has(r.riderId) || (only && !only(r.riderId, s))) continue;
      expect(r.gap, `${r.riderId} at ${s} s`).not.toBeNull();
      errors.push(Math.abs(r.gap! - Math.max(0, delay.get(r.riderId)! - leader)));
    }
  }
  return errors;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/** A bunch of `count` riders `from` s behind the gun, within 4 s of each other. */
const bunch = (prefix: string, count: number, from: number): Rider[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, delay: from + (4 * i) / count }));

describe('live gaps over climbs and descents, with real phones', () => {
  const riders = [...bunch('break', 4, 0), ...bunch('pack', 30, 90)];
  const ticks = ride(riders, 21);

  it('keeps every fresh rider within 2 s of the truth as the bunch slows into the climb and speeds down', () => {
    const errors = gapErrors(riders, ticks);
    expect(errors.length).toBeGreaterThan(30_000);
    // A phone reporting every 10 s into the climb is carried along the leader's passage there, not at the
    // 12 m/s of its last fix (which put it 30 m, 6 s of climbing, up the road).
    expect(errors.filter((e) => e <= 2).length / errors.length).toBeGreaterThanOrEqual(0.999);
    expect(quantile(errors, 0.99)).toBeLessThan(1.5);
    expect(Math.max(...errors)).toBeLessThan(5);
  });

  it('keeps the bunch one group through the climb', () => {
    for (const { s, standings, fresh } of ticks) {
      if (s < 200) continue;
      const groups = standings.groups.map((g) => g.riderIds.filter((id) => fresh.has(id)).sort());
      const expected = ['break', 'pack'].map((p) => [...fresh].filter((id) => id.startsWith(p)).sort());
      expect(
        groups.filter((g) => g.length > 0),
        `at ${s} s`,
      ).toEqual(expected.filter((g) => g.length > 0));
    }
  });
});

describe("the leader's phone silent for minutes over the climb", () => {
  // The breakaway's first rider leads all along; its phone says nothing from 400 s to 800 s, over the climb.
  const riders = [...bunch('break', 4, 0), ...bunch('pack', 30, 90)];
  riders[0]!.options = { dropouts: [[400, 800]] };
  const ticks = ride(riders, 5);

  it('measures the chasers on its companions’ passage where its own trail is a straight line', () => {
    // Back from 800 s, break0 leads again; the pack, 90 s behind, then rides the stretch break0 covered in
    // silence, where its trail is only a straight line from its fix before the climb to its fix after.
    const inSilence = (id: string, s: number) => id.startsWith('pack') && s >= 805 && s <= 885;
    expect(ticks.find((t) => t.s === 850)!.standings.riders[0]!.riderId).toBe('break0');
    const errors = gapErrors(riders, ticks, inSilence);
    expect(errors.length).toBeGreaterThan(1500);
    // Its own straight line would be tens of seconds off here. In the first half-minute after break0's phone
    // is back, its companions' offsets to it rest on a few metres of road both were seen on: a second or so.
    expect(errors.filter((e) => e <= 2).length / errors.length).toBeGreaterThanOrEqual(0.97);
    expect(Math.max(...errors)).toBeLessThan(3.5);
  });
});
