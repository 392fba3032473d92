import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, pass } from './results-format-setup.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Teams {
  n: number;
  standings: Array<{
    team: string;
    rank: number | null;
    phase: string;
    point: string | null;
    t: number | null;
    exact: boolean;
    riders: number[];
    dropped: number[];
    out: number[];
  }>;
  splits: Array<{ id: string; rows: Array<[string, number, number, number, boolean]> }>;
  hot: { team: string; t: number; since: number } | null;
}

/**
 * A live team time trial through the API: the stage's scoring says the 3rd rider counts; the feed ranks
 * teams by their 3rd rider's time and shows who was dropped.
 */
describe.skipIf(databaseUnavailable !== null)('live team time trial feed', () => {
  let t: TestApp;
  let race: FormatRace;
  // Rouleurs (bibs 1–4) start first at 12 m/s, bib 4 dropped at km 3 (10 m/s from there); Grimpeurs
  // (bibs 5–8) two minutes later at 12.5 m/s, together to the line. Riders ride 3 m apart in bib order.
  const TEAM_OF = (bib: number) => (bib <= 4 ? 'Rouleurs' : 'Grimpeurs');
  const startS = (bib: number) => (bib <= 4 ? 0 : 120);
  const metresAt = (bib: number, s: number) => {
    const pace = bib <= 4 ? 12 : 12.5;
    const ridden = pace * (s - startS(bib)) - 3 * ((bib - 1) % 4);
    const d = bib === 4 && ridden > 3000 ? 3000 + (ridden - 3000) * (10 / 12) : ridden;
    return Math.max(0, d);
  };
  /** When bib truly passed x metres, s from the race's start. */
  const passedAt = (bib: number, x: number) => {
    const pace = bib <= 4 ? 12 : 12.5;
    const ridden = bib === 4 && x > 3000 ? 3000 + (x - 3000) * (12 / 10) : x;
    return startS(bib) + (ridden + 3 * ((bib - 1) % 4)) / pace;
  };
  const bibs = [1, 2, 3, 4, 5, 6, 7, 8];

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await formatRace(t, {
      format: 'team_time_trial',
      scoring: { countingRider: 3 },
      riders: bibs.map((bib) => ({ bib, team: TEAM_OF(bib) })),
      checkpoints: [{ kind: 'timing', name: 'Split', distance: 5000 }],
    });
    const drawn = await race.organiser.put(`/api/v1/stages/${race.stageId}/start-times`, {
      items: bibs.map((bib) => ({ bib, start: race.start + 1000 * startS(bib) })),
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    for (const bib of bibs) {
      const token = (
        await race.organiser.post(`/api/v1/registrations/${race.riders.get(bib)}/device-tokens`)
      ).json().token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      // Each phone on its own rhythm: every 2 to 6 s, at its own phase.
      const fixes = [];
      const every = 2 + (bib % 5);
      for (let s = startS(bib) - 30 + bib * 0.37; s < passedAt(bib, 10_000) + 20; s += every) {
        fixes.push({ time: Math.round(race.start + s * 1000), ...along(metresAt(bib, s)), accuracy: 5 });
      }
      const sent = await device.post('/api/v1/track/batch', { fixes });
      expect(sent.json().accepted, sent.body).toBe(fixes.length);
    }
    await t.services.ingest.drain();
  });
  afterAll(async () => {
    await t?.close();
  });

  const teams = async (): Promise<{ teams: Teams; bibOf: (i: number) => number }> => {
    const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
    const byIndex = new Map<number, number>(
      snapshot.riders.map((r: { i: number; bib: number }) => [r.i, r.bib]),
    );
    return { teams: snapshot.tt.teams, bibOf: (i) => byIndex.get(i)! };
  };
  /** The team's true time at x: its 3rd rider's, from its start (ms). */
  const teamTime = (team: string, x: number) => {
    const times = bibs
      .filter((b) => TEAM_OF(b) === team)
      .map((b) => passedAt(b, x))
      .sort((a, b) => a - b);
    return (times[2]! - (team === 'Rouleurs' ? 0 : 120)) * 1000;
  };

  it('ranks the teams by their 3rd rider’s time, shows the dropped rider apart, and seats the fastest team', async () => {
    await sleep(200);
    const { teams: tt, bibOf } = await teams();
    expect(tt.n).toBe(3);
    expect(tt.standings.map((s) => [s.team, s.rank, s.phase])).toEqual([
      ['Grimpeurs', 1, 'finished'],
      ['Rouleurs', 2, 'finished'],
    ]);
    const [grimpeurs, rouleurs] = tt.standings;
    expect(grimpeurs!.riders.map(bibOf)).toEqual([5, 6, 7, 8]);
    expect(grimpeurs!.dropped).toEqual([]);
    expect(rouleurs!.riders.map(bibOf)).toEqual([1, 2, 3]);
    expect(rouleurs!.dropped.map(bibOf)).toEqual([4]);
    for (const s of tt.standings) expect(Math.abs(s.t! - teamTime(s.team, 10_000))).toBeLessThan(100);
    expect(tt.hot?.team).toBe('Grimpeurs');
    const split = tt.splits.find((s) => s.id === race.points.get('Split'))!;
    expect(split.rows.map(([team, , rank]) => [team, rank])).toEqual([
      ['Grimpeurs', 1],
      ['Rouleurs', 2],
    ]);
    for (const [team, elapsed, , gap] of split.rows) {
      expect(Math.abs(elapsed - teamTime(team, 5000))).toBeLessThan(100);
      expect(Math.abs(gap - (teamTime(team, 5000) - teamTime('Grimpeurs', 5000)))).toBeLessThan(100);
    }
  });

  it('makes a team’s split exact once its counting rider’s passing is imported', async () => {
    // The mat's reads of the Rouleurs at the split: the 3rd of them (bib 3) is the team's time.
    await pass(race, [
      [1, 'Split', 416.5],
      [2, 'Split', 416.75],
      [3, 'Split', 417.05],
      [4, 'Split', 436.2],
    ]);
    let row: [string, number, number, number, boolean] | undefined;
    for (let attempt = 0; attempt < 40 && !row?.[4]; attempt++) {
      await sleep(50);
      const { teams: tt } = await teams();
      row = tt.splits
        .find((s) => s.id === race.points.get('Split'))!
        .rows.find(([team]) => team === 'Rouleurs');
    }
    expect(row).toEqual(['Rouleurs', 417_050, 2, expect.any(Number), true]);
  });
});
