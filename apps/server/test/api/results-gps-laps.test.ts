import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { rideByGps } from './circuit-rides.ts';
import { formatRace, type Line, stageResults } from './results-format-setup.ts';

/** GPS times are crossings interpolated between fixes, stored to the whole second: within one of the ride's. */
function expectTimes(items: readonly Line[], seconds: readonly number[]): void {
  for (const [k, s] of seconds.entries()) {
    expect(Math.abs(items[k]!.time! - s), `bib ${items[k]!.bib}: ${items[k]!.time} s`).toBeLessThanOrEqual(1);
  }
}

/**
 * Lap races on the 1.04 km square circuit tracked by GPS alone: riders' phones send a fix every few
 * seconds, the organiser placed no checkpoint per lap and no timing system read anyone, yet every lap
 * counts — the results replay crosses a line at each lap's end.
 */
describe.skipIf(databaseUnavailable !== null)('results: lap races from GPS alone', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ranks a criterium by GPS laps, a lapped rider behind, a prime on a lap line counted once', async () => {
    const race = await formatRace(t, {
      format: 'criterium',
      laps: 5,
      riders: [1, 2, 3, 4, 5, 6].map((bib) => ({ bib })),
    });
    // The organiser's prime at the end of lap 2 is on the lap line: that lap counts once, from it.
    const course = (await race.organiser.get(`/api/v1/stages/${race.stageId}/course`)).json();
    const prime = await race.organiser.post(`/api/v1/stages/${race.stageId}/checkpoints`, {
      kind: 'sprint',
      name: 'Prime',
      distance: 2 * course.lapLength,
    });
    expect(prime.statusCode, prime.body).toBe(201);
    await rideByGps(t, race, {
      1: { lapEnds: [100, 200, 300, 400, 500], until: 530 },
      2: { lapEnds: [101, 201, 301, 401, 502], until: 530 },
      // Lapped: crosses the line for the fourth time after the winner's fifth, then stops.
      3: { lapEnds: [130, 260, 390, 520], until: 560 },
      4: { lapEnds: [105, 210, 315, 420, 525], until: 540 },
      // Abandons on the third lap.
      5: { lapEnds: [110, 220], until: 260 },
    });
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.laps, r.lapsDown, r.status])).toEqual([
      [1, 1, 5, 0, null],
      [2, 2, 5, 0, null],
      [4, 3, 5, 0, null],
      [3, 4, 4, 1, null],
      [5, null, 2, 0, 'DNF'],
      [6, null, 0, 0, 'DNS'],
    ]);
    expectTimes(items, [500, 502, 525, 520]);
    // The laps counted are evidence too: each line crossed, from the fixes either side of it.
    const evidence = (
      await t.anonymous.get(`/api/v1/stages/${race.stageId}/results/${race.riders.get(1)}/evidence`)
    ).json();
    const crossings = evidence.crossings as Array<{ checkpoint: string; source: string; fixes: number[] }>;
    expect(crossings.map((c) => c.checkpoint)).toEqual([
      'Start',
      'End of lap 1',
      'Prime',
      'End of lap 3',
      'End of lap 4',
      'Finish',
    ]);
    for (const c of crossings) {
      expect(c.source).toBe('gps');
      expect(c.fixes.length).toBeGreaterThan(0);
    }
  });

  it('scores a points race’s sprints on GPS laps, a lapped rider losing 20', async () => {
    const race = await formatRace(t, {
      format: 'points_race',
      laps: 6,
      scoring: { pointsRace: { sprintEvery: 2 } },
      riders: [1, 2, 3, 4, 5].map((bib) => ({ bib })),
    });
    await rideByGps(t, race, {
      1: { lapEnds: [100, 200, 300, 400, 500, 600], until: 630 },
      2: { lapEnds: [101, 199, 301, 401, 501, 601], until: 630 },
      3: { lapEnds: [102, 201, 299, 398, 499, 602], until: 630 },
      // A lap down at the end: five laps, the fifth after the race was won.
      4: { lapEnds: [125, 250, 375, 500, 625], until: 640 },
      5: { lapEnds: [110, 220], until: 260 },
    });
    // Sprint 2: 2, 1, 3, 4; sprint 4: 3, 1, 2, 4; final ×2: 1, 2, 3, 4; bib 4 lost a lap.
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.points, r.laps, r.status])).toEqual([
      [1, 1, 16, 6, null],
      [2, 2, 13, 6, null],
      [3, 3, 11, 6, null],
      [4, 4, -16, 5, null],
      [5, null, 0, undefined, 'DNF'],
    ]);
  });

  // The stage's laps are only an upper bound when a target fixes the lap count (6 > 4), or too few (2 < 4).
  it.each([6, 2])(
    'fixes a cyclocross’s laps from GPS on a course of %i laps and pulls riders',
    async (laps) => {
      const race = await formatRace(t, {
        format: 'cyclocross',
        laps,
        scoring: { targetMinutes: 20 },
        riders: [1, 2, 3, 4, 5].map((bib) => ({ bib })),
      });
      await rideByGps(t, race, {
        // Leader laps of 5:00 and 5:10 → 4 laps for 20 minutes; then a warm-down lap that does not count.
        1: { lapEnds: [300, 610, 920, 1230, 1540], until: 1560 },
        2: { lapEnds: [310, 625, 940, 1250], until: 1270 },
        // 4:10 and 4:50 behind after lap 2, past 0.8 × 5:00 = 4:00: pulled there, in that order.
        3: { lapEnds: [400, 860, 1300], until: 1320 },
        4: { lapEnds: [450, 900], until: 950 },
      });
      const { items } = await stageResults(t, race);
      expect(items.map((r) => [r.bib, r.rank, r.laps, r.lapsDown, r.status])).toEqual([
        [1, 1, 4, 0, null],
        [2, 2, 4, 0, null],
        [3, 3, 2, 2, 'PUL'],
        [4, 4, 2, 2, 'PUL'],
        [5, null, 0, 0, 'DNS'],
      ]);
      expectTimes(items, [1230, 1250, 860, 900]);
    },
  );
});
