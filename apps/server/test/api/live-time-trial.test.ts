import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, pass } from './results-format-setup.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TimeTrial {
  riders: Array<{ i: number; rank: number | null; phase: string; point: string | null; t: number | null }>;
  splits: Array<{ id: string; rows: Array<[number, number, number, number, boolean]> }>;
  hot: { i: number; t: number } | null;
}

/** A live individual time trial through the API: phones report, the feed ranks by elapsed time. */
describe.skipIf(databaseUnavailable !== null)('live time trial feed', () => {
  let t: TestApp;
  let race: FormatRace;
  // Bib 1 starts first at 12 m/s, bib 2 a minute later at 12.5 m/s, bib 3 two minutes later at 11.5 m/s.
  const paces = [12, 12.5, 11.5];
  const elapsedAt = (k: number, metres: number) => metres / paces[k]!;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await formatRace(t, {
      format: 'individual_time_trial',
      riders: [1, 2, 3].map((bib) => ({ bib })),
      checkpoints: [{ kind: 'timing', name: 'Split', distance: 5000 }],
    });
    const drawn = await race.organiser.put(`/api/v1/stages/${race.stageId}/start-times`, {
      items: [1, 2, 3].map((bib, k) => ({ bib, start: race.start + 60_000 * k })),
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    for (const [k, bib] of [1, 2, 3].entries()) {
      const token = (
        await race.organiser.post(`/api/v1/registrations/${race.riders.get(bib)}/device-tokens`)
      ).json().token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      // Each phone on its own rhythm: every 3, 4 or 5 s, from a minute before its rider's start.
      const startS = 60 * k;
      const fixes = [];
      for (let s = startS - 60 + k * 0.3; s < startS + 10_000 / paces[k]! + 20; s += 3 + k) {
        const metres = Math.max(0, paces[k]! * (s - startS));
        fixes.push({ time: Math.round(race.start + s * 1000), ...along(metres), accuracy: 5 });
      }
      const sent = await device.post('/api/v1/track/batch', { fixes });
      expect(sent.json().accepted, sent.body).toBe(fixes.length);
    }
    await t.services.ingest.drain();
  });
  afterAll(async () => {
    await t?.close();
  });

  const timeTrial = async (): Promise<{ tt: TimeTrial; bibOf: (i: number) => number }> => {
    const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
    const bibs = new Map<number, number>(
      snapshot.riders.map((r: { i: number; bib: number }) => [r.i, r.bib]),
    );
    return { tt: snapshot.tt, bibOf: (i) => bibs.get(i)! };
  };

  it('ranks by elapsed time from each rider’s own start, with split tables and the hot seat', async () => {
    await sleep(200);
    const { tt, bibOf } = await timeTrial();
    expect(tt.riders.map((r) => [bibOf(r.i), r.rank, r.phase])).toEqual([
      [2, 1, 'finished'],
      [1, 2, 'finished'],
      [3, 3, 'finished'],
    ]);
    expect(bibOf(tt.hot!.i)).toBe(2);
    expect(Math.abs(tt.hot!.t - elapsedAt(1, 10_000) * 1000)).toBeLessThan(100);
    const split = tt.splits.find((s) => s.id === race.points.get('Split'))!;
    expect(split.rows.map(([i, , rank]) => [bibOf(i), rank])).toEqual([
      [2, 1],
      [1, 2],
      [3, 3],
    ]);
    for (const [i, elapsed, , gap, exact] of split.rows) {
      const k = bibOf(i) - 1;
      expect(Math.abs(elapsed - elapsedAt(k, 5000) * 1000)).toBeLessThan(100);
      expect(Math.abs(gap - (elapsedAt(k, 5000) - elapsedAt(1, 5000)) * 1000)).toBeLessThan(100);
      expect(exact).toBe(false);
    }
  });

  it('makes a split exact once the timing system’s passing is imported', async () => {
    // The mat read 0.12 s later than GPS interpolates: the mat's time stands.
    await pass(race, [[3, 'Split', 120 + 434.9]]);
    let row: [number, number, number, number, boolean] | undefined;
    for (let attempt = 0; attempt < 40 && !row?.[4]; attempt++) {
      await sleep(50);
      const { tt, bibOf } = await timeTrial();
      row = tt.splits.find((s) => s.id === race.points.get('Split'))!.rows.find(([i]) => bibOf(i) === 3);
    }
    expect(row).toEqual([expect.any(Number), 434_900, 3, expect.any(Number), true]);
  });
});
