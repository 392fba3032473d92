// Riders on the results tests' square circuit tracked by GPS alone: the fixes a phone would send, every
// few seconds, at positions computed along the square, with no timing loop and no checkpoint per lap.
import { expect } from 'vitest';
import { M_PER_DEG_LAT } from '../support/live-race.ts';
import { Client, type TestApp } from '../support/test-app.ts';
import type { FormatRace } from './results-format-setup.ts';

/** Metres per degree of longitude at 45°, as `circuitGpx` draws the square. */
const M_PER_DEG_LON = 78_846.8;
/** `circuitGpx(260)`: corners north and east of (45, 5), in riding order, back to the line. */
const SIDE = 260;
const CORNERS: ReadonlyArray<readonly [north: number, east: number]> = [
  [0, 0],
  [SIDE, 0],
  [SIDE, SIDE],
  [0, SIDE],
  [0, 0],
];
const LAP = 4 * SIDE;
/** A batch may carry at most 1,000 fixes. */
const BATCH = 1000;

/** Where a rider `metres` into the race is on the square (the line is its first corner). */
export function onCircuit(metres: number): { lat: number; lon: number } {
  const within = ((metres % LAP) + LAP) % LAP;
  const side = Math.min(3, Math.floor(within / SIDE));
  const f = (within - side * SIDE) / SIDE;
  const [n0, e0] = CORNERS[side]!;
  const [n1, e1] = CORNERS[side + 1]!;
  const north = n0 + (n1 - n0) * f;
  const east = e0 + (e1 - e0) * f;
  return { lat: 45 + north / M_PER_DEG_LAT, lon: 5 + east / M_PER_DEG_LON };
}

export interface Ride {
  /** Seconds after the start at which the rider crosses the line at the end of each lap. */
  lapEnds: readonly number[];
  /** The last fix, seconds after the start; riding on at the last lap's pace after the last lap end. */
  until: number;
}

/** Distance covered `s` seconds after the start: steady within each lap, as `lapEnds` say. */
export function distanceAt(ride: Ride, s: number): number {
  let from = 0;
  for (const [k, end] of ride.lapEnds.entries()) {
    if (s <= end) return (k + (s - from) / (end - from)) * LAP;
    from = end;
  }
  const laps = ride.lapEnds.length;
  const pace = laps === 0 ? 1 : ride.lapEnds[laps - 1]! - (ride.lapEnds[laps - 2] ?? 0);
  return (laps + (s - from) / pace) * LAP;
}

/** The rider's fixes, one every `every` seconds from the start to `until`. */
export function fixesOf(ride: Ride, start: number, every: number) {
  const fixes = [];
  for (let s = every; s <= ride.until; s += every) {
    fixes.push({ time: start + s * 1000, ...onCircuit(distanceAt(ride, s)), accuracy: 5 });
  }
  return fixes;
}

/** Sends each rider's fixes from their own device token, as a tracker would, and waits for them stored. */
export async function rideByGps(
  t: TestApp,
  race: FormatRace,
  rides: Record<number, Ride>,
  every = 3,
): Promise<void> {
  for (const [bib, ride] of Object.entries(rides)) {
    const id = race.riders.get(Number(bib));
    const token = await race.organiser.post(`/api/v1/registrations/${id}/device-tokens`);
    expect(token.statusCode, token.body).toBe(201);
    const device = new Client(t.http, { authorization: `Bearer ${token.json().token}` });
    const fixes = fixesOf(ride, race.start, every);
    for (let k = 0; k < fixes.length; k += BATCH) {
      const batch = fixes.slice(k, k + BATCH);
      const sent = await device.post('/api/v1/track/batch', { fixes: batch });
      expect(sent.json().accepted, sent.body).toBe(batch.length);
    }
  }
  await t.services.ingest.drain();
}
