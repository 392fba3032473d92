// Riders' phones as they are on race day, for the stage-state tests: each phone on its own phase and
// interval (1–10 s, slower when its battery runs low), 3–15 m of noise in any direction, dropouts whose
// fixes are never sent, and offline spells whose fixes arrive late as one batch. Seeded, so a failure
// replays exactly.
import type { Fix } from '../../src/live/types.ts';
import { at, fix, type TestCourse } from './live-helpers.ts';

/** mulberry32: uniform in [0, 1) from a 32-bit seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PhoneSpec {
  riderId: string;
  /** True distance (m) at s seconds from T0. */
  distanceAt(s: number): number;
  /** True speed (m/s) at s seconds from T0: when given, every fix carries it as the phone measured it (±3 %). */
  speedAt?(s: number): number;
  /** Seconds from T0 of the first and last fix the phone may take. */
  from: number;
  to: number;
}

export interface PhoneOptions {
  /** Silences: [from, to] seconds from T0 when nothing is taken that is ever sent. */
  dropouts?: Array<[number, number]>;
  /** Offline: fixes taken in [from, to] are sent together at `to`. */
  offline?: Array<[number, number]>;
}

/** A fix and the second (from T0) it reaches the server. */
export interface Delivery {
  fix: Fix;
  arrives: number;
}

/**
 * One phone's deliveries: the first fix at a random phase, then every 1–10 s (the interval drawn per phone
 * and lengthened as the battery drains), each fix 0–15 m off in a random direction (the phone's own
 * accuracy, 3–15 m, bounds it and is reported).
 */
export function phone(
  c: TestCourse,
  spec: PhoneSpec,
  rnd: () => number,
  options: PhoneOptions = {},
): Delivery[] {
  const accuracy = 3 + rnd() * 12;
  let interval = 1 + Math.floor(rnd() * 10);
  const out: Delivery[] = [];
  const inside = (s: number, spells: Array<[number, number]> = []) =>
    spells.find(([a, b]) => s >= a && s < b);
  for (let s = spec.from + rnd() * interval; s <= spec.to; s += interval) {
    // Battery saving: a phone past the middle of the ride may slow down to a fix every 10 s.
    if (s > (spec.from + spec.to) / 2 && rnd() < 0.002) interval = Math.min(10, interval * 2);
    if (inside(s, options.dropouts)) continue;
    const radius = Math.min(accuracy, Math.abs(gaussian(rnd)) * (accuracy / 2));
    const angle = rnd() * 2 * Math.PI;
    const t = Math.round(s * 1000) / 1000;
    const f = fix(c, spec.riderId, at(t), spec.distanceAt(t) + radius * Math.cos(angle), {
      north: radius * Math.sin(angle),
      accuracy: Math.round(accuracy),
      ...(spec.speedAt && { speed: Math.max(0, spec.speedAt(t) * (1 + 0.03 * gaussian(rnd))) }),
    });
    const late = inside(s, options.offline);
    out.push({ fix: f, arrives: late ? late[1] : t });
  }
  return out;
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Every phone's deliveries in arrival order; a batch keeps its own fixes in time order. */
export function arrivalOrder(...phones: Delivery[][]): Delivery[] {
  return phones.flat().sort((a, b) => a.arrives - b.arrives || a.fix.time - b.fix.time);
}
