import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameKey } from '../../src/modules/results/result-values.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { officialGc, stageAwards, stageResultsCsv } from '../support/letour.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Tour de France Femmes 2022 and 2023, imported stage by stage through importStageResults: the computed
 * final GC must equal the official one, time and rank, for every finisher.
 */
describe.skipIf(databaseUnavailable !== null)('official results: Tour de France Femmes', () => {
  let t: TestApp;
  let organiser: Client;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function raceWithStages(name: string, stages: number) {
    const raceId = (await organiser.post('/api/v1/races', { name, visibility: 'public' })).json().id;
    for (let n = 1; n <= stages; n++)
      await organiser.post(`/api/v1/races/${raceId}/stages`, { name: `Stage ${n}`, number: n });
    return raceId;
  }
  const importCsv = (raceId: string, csv: string, createMissing: boolean) =>
    organiser.post(`/api/v1/races/${raceId}/results/import?createMissing=${createMissing}`, csv, {
      'content-type': 'text/csv',
    });

  for (const year of [2022, 2023]) {
    it(`computes the official ${year} final GC for every finisher`, async () => {
      const { csv, stages } = stageResultsCsv(year);
      const raceId = await raceWithStages(`Tour de France Femmes ${year}`, stages);
      const imported = await importCsv(raceId, csv, true);
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json().stages).toBe(8);

      const official = officialGc(year);
      const ours = (await organiser.get(`/api/v1/races/${raceId}/classifications/general`)).json().items;
      expect(ours).toHaveLength(official.length);
      const byName = new Map(ours.map((r: { rider: string }) => [nameKey(r.rider), r]));
      const mismatches = official.filter((o) => {
        const mine = byName.get(nameKey(o.rider)) as { rank: number; time: number } | undefined;
        return !mine || mine.time !== o.seconds || mine.rank !== o.rank;
      });
      expect(mismatches).toEqual([]);

      // Points and mountains: every rider still in the race has the sum of their published stage awards.
      for (const [kind, type] of [
        ['points', 'Points (Stage)'],
        ['mountains', 'Climber (Stage)'],
      ] as const) {
        const published = new Map<string, number>();
        for (const [key, value] of stageAwards(year, type)) {
          const rider = nameKey(key.slice(key.indexOf('|') + 1));
          published.set(rider, (published.get(rider) ?? 0) + value);
        }
        const classification = (await organiser.get(`/api/v1/races/${raceId}/classifications/${kind}`)).json()
          .items;
        const inGc = new Set(official.map((o) => nameKey(o.rider)));
        const expected = [...published].filter(([rider, total]) => inGc.has(rider) && total > 0);
        expect(classification).toHaveLength(expected.length);
        for (const [rider, total] of expected) {
          const row = classification.find((r: { rider: string }) => nameKey(r.rider) === rider);
          expect(row?.points, `${kind} of ${rider}`).toBe(total);
        }
        const totals = classification.map((r: { points: number }) => r.points);
        expect(totals).toEqual([...totals].sort((a, b) => b - a));
      }
    });
  }

  it('reports riders it cannot match when not told to register them, and imports nothing', async () => {
    const raceId = await raceWithStages('Strict import', 1);
    const csv =
      'stage,bib,rider,team,time,bonus,penalty,status\n1,,Nobody Known,T,3:00:00,,,\n2,,Also Unknown,T,3:00:00,,,\n';
    const problem = expectProblem(await importCsv(raceId, csv, false), 422);
    expect(problem.errors).toEqual([
      {
        line: 2,
        detail: 'no rider "Nobody Known" on the start list (import with createMissing=true to register them)',
      },
      { line: 3, detail: 'stage 2 is not a stage of this race; add it first' },
      {
        line: 3,
        detail: 'no rider "Also Unknown" on the start list (import with createMissing=true to register them)',
      },
    ]);
    expect((await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().total).toBe(0);
  });

  it('serves stage results and the GC as CSV too', async () => {
    const raceId = await raceWithStages('CSV out', 1);
    await organiser.post(`/api/v1/races/${raceId}/registrations`, {
      bib: 7,
      firstName: 'Élise',
      lastName: 'Chabbey',
    });
    const csv =
      'stage,bib,rider,team,time,bonus,penalty,status\n1,,elise CHABBEY,Canyon,3:00:00.4,10,,\n1,,Late Rider,X,3:00:05,,,\n1,,Out Rider,X,,,,DNF\n';
    expect((await importCsv(raceId, csv, true)).statusCode).toBe(200);
    const stageId = (await organiser.get(`/api/v1/races/${raceId}/stages`)).json().items[0].id;
    expectProblem(await t.anonymous.get(`/api/v1/stages/${stageId}/results`), 404); // still a draft
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
    const stage = (await t.anonymous.get(`/api/v1/stages/${stageId}/results`)).json().items;
    expect(
      stage.map(
        (r: {
          bib: number;
          rank: number | null;
          time: number | null;
          gap: number | null;
          status: string | null;
        }) => [r.bib, r.rank, r.time, r.gap, r.status],
      ),
    ).toEqual([
      [7, 1, 10800, 0, null],
      [8, 2, 10805, 5, null],
      [9, null, null, null, 'DNF'],
    ]);
    const gc = await t.anonymous.get(`/api/v1/races/${raceId}/classifications/general?format=csv`);
    expect(gc.headers['content-type']).toContain('text/csv');
    expect(gc.body.split('\n').slice(0, 3)).toEqual([
      'rank,bib,rider,team,time,gap,status,gender,genderRank,category,categoryRank,ageGroup,ageGroupRank',
      '1,7,Élise Chabbey,,10790,0,,,,,,,',
      '2,8,Late Rider,X,10805,15,,,,,,,',
    ]);
  });
});
