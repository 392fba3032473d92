// Who rides: each simulated rider's body, ability, stamina and phone, drawn from a seeded generator.
import type { Body } from './physics.ts';
import type { Rng } from './prng.ts';

export interface RiderProfile {
  /** Sustainable power for the race, W/kg of the rider's own mass. */
  wkg: number;
  /** The rider's own mass, kg (the bike adds BIKE_MASS). */
  riderMass: number;
  body: Body;
  /** Sustainable power, W. */
  power: number;
  /** Fraction of power lost per hour after the first hour. */
  fatiguePerHour: number;
  /** Fastest the rider dares descend, m/s. */
  descentCap: number;
  /** Seconds between two fixes of this rider's phone at full battery (1–10; it slows down as it drains). */
  fixInterval: number;
  /** Typical horizontal GPS error of this phone, m (3–15). */
  accuracy: number;
  /** A phone whose clock is off and drifts (a few in a field), or null for one kept right by the network. */
  clock: PhoneClock | null;
  /** Battery at the start, % */
  batteryStart: number;
  /** Battery drain, % per hour. */
  batteryDrain: number;
}

export interface PhoneClock {
  /** How far ahead (+) or behind (−) its clock is at the gun, ms. */
  offsetMs: number;
  /** How much further it drifts per hour of race, ms. */
  driftMsPerHour: number;
}

export const BIKE_MASS = 8;
/** One phone in this many has a drifting clock. */
export const DRIFTING_CLOCK_ONE_IN = 15;
/** Ability of an amateur race field: sustainable W/kg ~ N(3.6, 0.45) clipped to [2.6, 5.2]. */
export const WKG_MEAN = 3.6;
export const WKG_SD = 0.2;

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

export function createRider(rng: Rng): RiderProfile {
  const wkg = clamp(rng.normal(WKG_MEAN, WKG_SD), 2.6, 5.2);
  const riderMass = clamp(rng.normal(72, 8), 52, 95);
  // Frontal area grows roughly with mass^(2/3); position on the bike varies by a few percent.
  const cda = 0.3 * (riderMass / 72) ** (2 / 3) * rng.uniform(0.93, 1.07);
  return {
    wkg,
    riderMass,
    body: { mass: riderMass + BIKE_MASS, cda },
    power: wkg * riderMass,
    fatiguePerHour: rng.uniform(0.01, 0.05),
    descentCap: (80 / 3.6) * rng.uniform(0.85, 1),
    fixInterval: rng.int(1, 10),
    accuracy: rng.uniform(3, 15),
    batteryStart: rng.int(40, 100),
    batteryDrain: rng.uniform(3, 12),
    clock: rng.chance(1 / DRIFTING_CLOCK_ONE_IN)
      ? { offsetMs: rng.uniform(-600, 600), driftMsPerHour: rng.uniform(-800, 800) }
      : null,
  };
}

/** A rider with given ability, average body and phone: for tests and examples. */
export function referenceRider(wkg: number, riderMass = 72): RiderProfile {
  return {
    wkg,
    riderMass,
    body: { mass: riderMass + BIKE_MASS, cda: 0.3 * (riderMass / 72) ** (2 / 3) },
    power: wkg * riderMass,
    fatiguePerHour: 0.03,
    descentCap: 80 / 3.6,
    fixInterval: 1,
    accuracy: 5,
    batteryStart: 100,
    batteryDrain: 5,
    clock: null,
  };
}

/** Power output after `hours` in the saddle: full for the first hour, then a slow rider-specific fade. */
export function fatigueFactor(rider: RiderProfile, hours: number): number {
  return Math.max(0.7, 1 - rider.fatiguePerHour * Math.max(0, hours - 1));
}
