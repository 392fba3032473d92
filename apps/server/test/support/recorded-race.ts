import { along, type LiveRace } from './live-race.ts';
import { Client, type TestApp } from './test-app.ts';

/** A ride on the straight course as fixes: [metres along it, seconds after the start]. */
export type Ride = Array<[metres: number, seconds: number]>;

/**
 * A fix every `every` seconds of a ride at steady speeds: each leg rides at `speed` (m/s) up to `to`
 * metres, and the ride ends with the first fix at or past the last leg's end.
 */
export function steadyRide(legs: ReadonlyArray<{ to: number; speed: number }>, every = 5): Ride {
  const fixes: Ride = [];
  let metres = 0;
  let leg = 0;
  for (let seconds = every; leg < legs.length; seconds += every) {
    let left = every;
    while (left > 0 && leg < legs.length) {
      const { to, speed } = legs[leg]!;
      const needed = (to - metres) / speed;
      if (needed > left) {
        metres += speed * left;
        left = 0;
      } else {
        metres = to;
        left -= needed;
        leg++;
      }
    }
    fixes.push([Math.round(metres * 1000) / 1000, seconds]);
  }
  return fixes;
}

/** Sends a rider's ride through the native tracker protocol, as their phone would. */
export async function sendRide(t: TestApp, race: LiveRace, bib: number, start: number, ride: Ride) {
  const rider = race.riders.find((r) => r.bib === bib)!;
  const issued = await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`);
  const device = new Client(t.http, { authorization: `Bearer ${issued.json().token}` });
  const body = { fixes: ride.map(([m, s]) => ({ time: start + s * 1000, ...along(m), accuracy: 5 })) };
  const response = await device.post('/api/v1/track/batch', body);
  if (response.json().accepted !== ride.length) throw new Error(`fixes refused: ${response.body}`);
}

/** Starts the race's stage at `start`, rides each bib's ride, and (with `finishAt`) finishes it. */
export async function recordRace(
  t: TestApp,
  race: LiveRace,
  start: number,
  rides: Record<number, Ride>,
  finishAt: number | null,
) {
  const live = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
    status: 'live',
    at: start,
  });
  if (live.statusCode !== 200) throw new Error(live.body);
  for (const [bib, ride] of Object.entries(rides)) await sendRide(t, race, Number(bib), start, ride);
  await t.services.ingest.drain();
  if (finishAt === null) return;
  const finished = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
    status: 'finished',
    at: finishAt,
  });
  if (finished.statusCode !== 200) throw new Error(finished.body);
}
