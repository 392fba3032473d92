import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

interface ReviewItem {
  bib: number;
  checkpoint: string;
  reason: string;
  before: { time: number; distance: number; lat: number | null };
  after: { time: number; distance: number; lat: number | null };
}

/** The results desk's review list: crossings a rider's track does not support are not credited. */
describe.skipIf(databaseUnavailable !== null)('track review', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 2 * 3600_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
    const send = async (bib: number, track: (s: number) => number | null, untilS: number, everyS: number) => {
      const rider = race.riders.find((r) => r.bib === bib)!;
      const token = (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json()
        .token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      const fixes = [];
      for (let s = everyS; s <= untilS; s += everyS) {
        const metres = track(s);
        if (metres !== null) fixes.push({ time: start + s * 1000, ...along(metres), accuracy: 6 });
      }
      expect((await device.post('/api/v1/track/batch', { fixes })).json().accepted).toBe(fixes.length);
    };
    // Bib 1 rides the 10 km at 11 m/s, its phone reporting every 5 s.
    await send(1, (s) => Math.min(10_100, 11 * s), 1000, 5);
    // Bib 2's phone is switched on at km 6, past the 5 km sprint.
    await send(2, (s) => (11 * s < 6000 ? null : Math.min(10_100, 11 * s)), 1000, 5);
    // Bib 3 abandons at km 3, waits 10 minutes, and is driven to the finish at 25 m/s (90 km/h).
    const stopAt = 3000 / 11;
    const carAt = stopAt + 600;
    await send(
      3,
      (s) => (s < stopAt ? 11 * s : s < carAt ? 3000 : Math.min(10_100, 3000 + 25 * (s - carAt))),
      1300,
      5,
    );
    await t.services.ingest.drain();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the late phone’s sprint and the driven rider’s finish, with the fixes either side', async () => {
    const review = await race.organiser.get(`/api/v1/stages/${race.stageId}/review`);
    expect(review.statusCode, review.body).toBe(200);
    const items: ReviewItem[] = review.json().items;
    expect(items.map((i) => [i.bib, i.checkpoint, i.reason])).toEqual([
      [2, 'Sprint', 'data_gap'],
      [3, 'Finish', 'implausible_speed'],
    ]);
    const [late, driven] = items as [ReviewItem, ReviewItem];
    // The sprint's evidence: the stage's start (no fix) and the phone's first fix at km 6.
    expect(late.before).toMatchObject({ time: start, distance: 0, lat: null });
    expect(late.after.distance).toBeGreaterThan(6000);
    expect(late.after.time).toBe(start + Math.ceil(6000 / 11 / 5) * 5000);
    expect(driven.before.distance).toBeLessThan(10_000);
    expect(driven.after.distance).toBeGreaterThanOrEqual(10_000);
  });

  it('does not make the driven rider a finisher, nor credit the late phone with the sprint', async () => {
    const results = (await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).json()
      .items as Array<{
      bib: number;
      rank: number | null;
      time: number | null;
    }>;
    const byBib = new Map(results.map((r) => [r.bib, r]));
    expect(byBib.get(1)).toMatchObject({ rank: 1 });
    expect(byBib.get(3)).toMatchObject({ rank: null, time: null });
    const replay = await race.organiser.get(`/api/v1/stages/${race.stageId}/live`);
    const live = new Map(
      replay
        .json()
        .riders.map((r: { bib: number; x: Array<[string, number]>; fin: number | null }) => [r.bib, r]),
    );
    const x2 = (live.get(2) as { x: Array<[string, number]> }).x.map(([id]) => id);
    const sprintId = replay.json().checkpoints.find((c: { kind: string }) => c.kind === 'sprint').id;
    expect(x2).not.toContain(sprintId);
    expect((live.get(3) as { fin: number | null }).fin).toBeNull();
  });

  it('is for the results desk only', async () => {
    expectProblem(await t.anonymous.get(`/api/v1/stages/${race.stageId}/review`), 401);
  });
});
