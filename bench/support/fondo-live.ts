// A 3,000-rider gran fondo as it is live: a mass start in waves, the field strung out over the course,
// riders at their own pace (some in bunches that sway up and down, some alone), phones on their own
// clocks sending one fix every 1–10 s with a few metres of noise, and some phones going quiet for a
// minute. Shared by the live3000 and livepage benchmarks and the browser test of the live page.
import type { CoursePoint } from '@echelon/domain';
import { Peloton, random } from './peloton.ts';

export const FONDO_LIVE_RIDERS = 3000;
const WAVES = 10;
/** Seconds between waves. */
const WAVE_GAP_S = 300;
/** How long the race has been going when spectators arrive: the first waves are 20–30 km out. */
export const FONDO_ELAPSED_S = 50 * 60;

/**
 * Rider i rides in wave ⌊i / (n / 10)⌋; before its wave's gun it waits at the start. Speeds spread
 * around 30 km/h; a third of each wave rides in bunches of 20–60 riders at one speed (swaying within
 * the bunch), the rest alone.
 */
export function fondoPeloton(points: readonly CoursePoint[], riders: number, seed = 11): Peloton {
  const peloton = new Peloton(points, { riders, seed, noise: 8 });
  const rand = random(seed);
  const perWave = Math.ceil(riders / WAVES);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  let bunchLeft = 0;
  let bunchSpeed = 0;
  for (let i = 0; i < riders; i++) {
    const wave = Math.floor(i / perWave);
    if (i % perWave === 0) bunchLeft = 0;
    let speed: number;
    if (bunchLeft > 0) {
      speed = bunchSpeed;
      bunchLeft--;
      peloton.swayAmplitude[i] = 3 + 15 * rand();
    } else if (rand() < 0.02) {
      bunchLeft = 20 + Math.floor(rand() * 40);
      bunchSpeed = Math.min(12, Math.max(6.5, 8.8 + 0.8 * normal()));
      speed = bunchSpeed;
    } else {
      speed = Math.min(12, Math.max(4.5, 8.3 + 1.2 * normal()));
    }
    peloton.speeds[i] = speed;
    peloton.swayFrequency[i] = (2 * Math.PI) / (60 + 120 * rand());
    peloton.swayPhase[i] = 2 * Math.PI * rand();
    // A wave crosses the line over a minute or two; before its gun the rider waits at distance 0.
    const rollOut = wave * WAVE_GAP_S + (90 * (i % perWave)) / perWave;
    peloton.offsets[i] = -speed * rollOut;
  }
  return peloton;
}

/** Each phone's reporting interval (1–10 s) and phase: the field is not in step. */
export function phoneSchedule(riders: number, seed = 5): { interval: Uint8Array; phase: Float64Array } {
  const rand = random(seed);
  const interval = new Uint8Array(riders);
  const phase = new Float64Array(riders);
  for (let i = 0; i < riders; i++) {
    // Most phone apps report every few seconds; a few every second, some every 10 s to save battery.
    const r = rand();
    interval[i] = r < 0.15 ? 1 : r < 0.5 ? 3 : r < 0.85 ? 5 : 10;
    phase[i] = rand() * interval[i]!;
  }
  return { interval, phase };
}

/** Phones out of signal: 3 % of riders go quiet for one minute in every five (a valley, a tunnel). */
export function quiet(i: number, seconds: number): boolean {
  if (i % 33 !== 0) return false;
  return Math.floor((seconds + i * 7) / 60) % 5 === 0;
}

/** A fix as a phone sends it (stamped with its own clock). */
export interface PhoneFix {
  time: number;
  lat: number;
  lon: number;
  accuracy: number;
  speed: number;
  battery: number;
}

/**
 * Which phones report when: `due(seconds, send)` calls `send(i, fix)` for every phone whose turn came
 * since the last call (a phone that fell behind sends once, now), skipping quiet ones.
 */
export class Phones {
  private readonly schedule: ReturnType<typeof phoneSchedule>;
  private readonly next: Float64Array;
  private readonly peloton: Peloton;
  private readonly startAt: number;

  constructor(peloton: Peloton, startAt: number, from: number) {
    this.peloton = peloton;
    this.startAt = startAt;
    this.schedule = phoneSchedule(peloton.riders);
    this.next = new Float64Array(peloton.riders);
    for (let i = 0; i < peloton.riders; i++) this.next[i] = from + this.schedule.phase[i]!;
  }

  due(seconds: number, send: (i: number, fix: PhoneFix) => void): void {
    for (let i = 0; i < this.next.length; i++) {
      let at = this.next[i]!;
      if (at > seconds) continue;
      const interval = this.schedule.interval[i]!;
      // Whole intervals since the last report (a phone that fell behind reports once, at its last due time).
      at += Math.floor((seconds - at) / interval) * interval;
      this.next[i] = at + interval;
      if (quiet(i, at)) continue;
      const f = this.peloton.fix(i, at);
      send(i, {
        time: Math.round(this.startAt + at * 1000),
        lat: f.lat,
        lon: f.lon,
        accuracy: 8,
        speed: this.peloton.speeds[i]!,
        battery: 70,
      });
    }
  }
}

/** Feeds the fondo in real time: every 100 ms, the phones whose turn has come send the fix of then. */
export class PhoneDriver {
  sent = 0;
  failed = 0;
  lastError = '';
  private readonly phones: Phones;
  private readonly startAt: number;
  private readonly deliver: (i: number, fix: PhoneFix) => Promise<void> | void;
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    peloton: Peloton,
    startAt: number,
    deliver: (i: number, fix: PhoneFix) => Promise<void> | void,
  ) {
    this.startAt = startAt;
    this.deliver = deliver;
    this.phones = new Phones(peloton, startAt, (Date.now() - startAt) / 1000);
  }

  start(): void {
    this.timer = setInterval(() => this.send(), 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.pending);
  }

  private send(): void {
    this.phones.due((Date.now() - this.startAt) / 1000, (i, fix) => {
      this.sent++;
      const done = Promise.resolve()
        .then(() => this.deliver(i, fix))
        .catch((error: unknown) => {
          this.failed++;
          this.lastError = String(error);
        });
      const tracked = done.finally(() => this.pending.delete(tracked));
      this.pending.add(tracked);
    });
  }
}
