import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';
import { fixesOf, type Ride } from './circuit-rides.ts';
import { formatRace, stageResults } from './results-format-setup.ts';

/**
 * A criterium on the 1.04 km square, GPS only, where one phone goes silent for three laps: the laps it
 * did not see still count (inferred from the rider's progress), and the results desk gets them to review.
 */
describe.skipIf(databaseUnavailable !== null)('results: a phone silent for 3 laps of a criterium', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts every lap of the silent phone and lists the unseen lap ends for review', async () => {
    const race = await formatRace(t, {
      format: 'criterium',
      laps: 8,
      riders: [1, 2].map((bib) => ({ bib })),
    });
    const laps = (first: number, pace: number) => Array.from({ length: 8 }, (_, k) => first + k * pace);
    const rides: Record<number, Ride> = {
      1: { lapEnds: laps(100, 100), until: 830 },
      2: { lapEnds: laps(102, 101), until: 830 },
    };
    for (const [bib, ride] of Object.entries(rides)) {
      const token = (
        await race.organiser.post(`/api/v1/registrations/${race.riders.get(Number(bib))}/device-tokens`)
      ).json().token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      // Bib 1's phone sends nothing from 2:30 to 7:20 in: the ends of laps 2, 3 and 4 pass unseen.
      const fixes = fixesOf(ride, race.start, 4).filter(
        (f) => bib !== '1' || f.time <= race.start + 150_000 || f.time >= race.start + 440_000,
      );
      const sent = await device.post('/api/v1/track/batch', { fixes });
      expect(sent.json().accepted, sent.body).toBe(fixes.length);
    }
    await t.services.ingest.drain();

    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.laps, r.status])).toEqual([
      [1, 1, 8, null],
      [2, 2, 8, null],
    ]);
    const review = await race.organiser.get(`/api/v1/stages/${race.stageId}/review`);
    expect(review.statusCode, review.body).toBe(200);
    expect(
      review
        .json()
        .items.map((i: { bib: number; checkpoint: string; reason: string }) => [
          i.bib,
          i.checkpoint,
          i.reason,
        ]),
    ).toEqual([
      [1, 'End of lap 2', 'data_gap'],
      [1, 'End of lap 3', 'data_gap'],
      [1, 'End of lap 4', 'data_gap'],
    ]);
  });
});
