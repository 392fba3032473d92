import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

const START_LIST = [
  'bib,first_name,last_name,team,category,gender,birth_year,nationality,device_id',
  '1,Ann,One,Red,ELITE,F,1990,FR,',
  '2,Bea,Two,Red,U23,F,2004,FR,',
  '3,Cat,Three,Red,ELITE,F,1988,FR,',
  '4,Dee,Four,Blue,U23,F,2005,BE,',
  '5,Eva,Five,Blue,ELITE,F,1986,BE,',
  '6,Fay,Six,Blue,ELITE,F,1992,BE,',
].join('\n');

// Two stages; stage 2 is won by Blue's young rider. Times in seconds.
const RESULTS = [
  'stage,bib,rider,team,time,bonus,penalty,status',
  '1,1,,,1000,,,',
  '1,2,,,1010,,,',
  '1,4,,,1010,,,',
  '1,3,,,1030,,,',
  '1,5,,,1040,,,',
  '1,6,,,1050,,,',
  '2,4,,,2000,,,',
  '2,1,,,2020,,,',
  '2,2,,,2030,,,',
  '2,5,,,2040,,,',
  '2,6,,,2045,,,',
  '2,3,,,2060,,,',
].join('\n');

describe.skipIf(databaseUnavailable !== null)(
  'classifications: youth, team, per category and age group',
  () => {
    let t: TestApp;
    let organiser: Client;
    let raceId: string;

    beforeAll(async () => {
      t = await startTestApp();
      organiser = (await t.signIn('organiser')).client;
      raceId = (await organiser.post('/api/v1/races', { name: 'Classic', startDate: '2026-06-01' })).json()
        .id;
      for (const n of [1, 2])
        await organiser.post(`/api/v1/races/${raceId}/stages`, { name: `Stage ${n}`, number: n });
      const csv = { 'content-type': 'text/csv' };
      expect(
        (
          await organiser.post(
            `/api/v1/races/${raceId}/registrations/import?createCategories=true`,
            START_LIST,
            csv,
          )
        ).statusCode,
      ).toBe(200);
      expect((await organiser.post(`/api/v1/races/${raceId}/results/import`, RESULTS, csv)).statusCode).toBe(
        200,
      );
    });
    afterAll(async () => {
      await t?.close();
    });

    const get = async (path: string) =>
      (await organiser.get(`/api/v1/races/${raceId}/classifications/${path}`)).json().items as Array<{
        rank: number;
        bib: number | null;
        team: string | null;
        time: number;
        gap: number;
      }>;

    it('ranks the general classification on total time', async () => {
      const gc = await get('general');
      expect(gc.map((r) => [r.bib, r.time])).toEqual([
        [4, 3010],
        [1, 3020],
        [2, 3040],
        [5, 3080],
        [3, 3090],
        [6, 3095],
      ]);
    });

    it('keeps riders born in or after race year − 25 for the youth classification', async () => {
      expect((await get('youth')).map((r) => [r.rank, r.bib])).toEqual([
        [1, 4],
        [2, 2],
      ]);
    });

    it('sums each team’s three best times per stage', async () => {
      // Stage 1: Red 1000+1010+1030 = 3040, Blue 1010+1040+1050 = 3100; stage 2: Blue 2000+2040+2045 = 6085,
      // Red 2020+2030+2060 = 6110. Overall: Red 9150, Blue 9185.
      expect((await get('team')).map((r) => [r.rank, r.team, r.time, r.gap])).toEqual([
        [1, 'Red', 9150, 0],
        [2, 'Blue', 9185, 35],
      ]);
    });

    it('re-ranks a classification within a category and within an age group', async () => {
      expect((await get('general?category=ELITE')).map((r) => [r.rank, r.bib])).toEqual([
        [1, 1],
        [2, 5],
        [3, 3],
        [4, 6],
      ]);
      // Race year 2026: born 1988 → 38, 1986 → 40, 1990 → 36, 1992 → 34.
      expect((await get('general?ageGroup=35-39')).map((r) => [r.rank, r.bib])).toEqual([
        [1, 1],
        [2, 3],
      ]);
      const csv = await organiser.get(`/api/v1/races/${raceId}/classifications/team?format=csv`);
      expect(csv.body.split('\n')[0]).toBe('rank,team,time,gap');
    });

    it('counts only stages 1..N after stage N, in every classification and its CSV', async () => {
      const after1 = (await organiser.get(`/api/v1/races/${raceId}/classifications/general?stage=1`)).json();
      expect(after1.afterStage).toEqual({ number: 1, name: 'Stage 1' });
      expect(after1.stages).toEqual([1]);
      expect(after1.items.map((r: { bib: number; time: number }) => [r.bib, r.time])).toEqual([
        [1, 1000],
        [2, 1010],
        [4, 1010],
        [3, 1030],
        [5, 1040],
        [6, 1050],
      ]);
      // Stage 1 alone: Red 3040, Blue 3100; U23 riders 2 and 4 level on time, 2 placed ahead on the stage.
      expect((await get('team?stage=1')).map((r) => [r.rank, r.team, r.time, r.gap])).toEqual([
        [1, 'Red', 3040, 0],
        [2, 'Blue', 3100, 60],
      ]);
      expect((await get('youth?stage=1')).map((r) => [r.rank, r.bib])).toEqual([
        [1, 2],
        [2, 4],
      ]);
      expect((await get('general?stage=1&category=U23')).map((r) => [r.rank, r.bib])).toEqual([
        [1, 2],
        [2, 4],
      ]);
      const csv = await organiser.get(`/api/v1/races/${raceId}/classifications/general?stage=1&format=csv`);
      expect(csv.body.split('\n').slice(0, 2)).toEqual([
        'rank,bib,rider,team,time,gap,status,gender,genderRank,category,categoryRank,ageGroup,ageGroupRank',
        '1,1,Ann One,Red,1000,0,,F,1,ELITE,1,F 35-39,1',
      ]);
      const latest = (await organiser.get(`/api/v1/races/${raceId}/classifications/general`)).json();
      expect(latest.afterStage).toEqual({ number: 2, name: 'Stage 2' });
      expect(latest.stages).toEqual([1, 2]);
    });

    it('answers 404 problem+json for a stage the race does not have, 400 for no stage number', async () => {
      const missing = await organiser.get(`/api/v1/races/${raceId}/classifications/general?stage=99`);
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.json().detail).toBe('This race has no stage 99');
      const malformed = await organiser.get(`/api/v1/races/${raceId}/classifications/general?stage=two`);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.headers['content-type']).toContain('application/problem+json');
    });

    it('gives every rider’s row their registration id, and the team rows none', async () => {
      const registrations = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json()
        .items as Array<{
        id: string;
        bib: number;
      }>;
      const idOf = new Map(registrations.map((r) => [r.bib, r.id]));
      type Row = { bib: number | null; registrationId: string | null };
      for (const kind of ['general', 'youth', 'general?category=U23']) {
        const rows = (await get(kind)) as unknown as Row[];
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.registrationId).toBe(idOf.get(row.bib!));
      }
      const stages = (await organiser.get(`/api/v1/races/${raceId}/stages`)).json().items;
      const stageRows = (await organiser.get(`/api/v1/stages/${stages[0].id}/results`)).json().items as Row[];
      expect(stageRows).toHaveLength(6);
      for (const row of stageRows) expect(row.registrationId).toBe(idOf.get(row.bib!));
      expect(((await get('team')) as unknown as Row[]).map((r) => r.registrationId)).toEqual([null, null]);
    });

    // Last: approving makes the stages' results final.
    it('is official only once every stage it counts is approved', async () => {
      const stateOf = async (query: string) =>
        (await organiser.get(`/api/v1/races/${raceId}/classifications/${query}`)).json().state;
      const stages = (await organiser.get(`/api/v1/races/${raceId}/stages`)).json().items as Array<{
        id: string;
        number: number;
      }>;
      const approve = async (number: number) => {
        const stage = stages.find((s) => s.number === number)!;
        expect((await organiser.post(`/api/v1/stages/${stage.id}/results/approve`)).statusCode).toBe(200);
      };
      expect(await stateOf('general')).toBe('provisional');
      expect(await stateOf('general?stage=1')).toBe('provisional');

      await approve(1);
      expect(await stateOf('general?stage=1')).toBe('official');
      expect(await stateOf('team?stage=1')).toBe('official');
      expect(await stateOf('general')).toBe('provisional');
      expect(await stateOf('points?stage=2')).toBe('provisional');

      await approve(2);
      for (const kind of ['general', 'points', 'mountains', 'youth', 'team', 'general?stage=2'])
        expect(await stateOf(kind), kind).toBe('official');
    });

    it('stands after a stage without results yet as provisional, counting the stages before it', async () => {
      await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 3', number: 3 });
      const after3 = (await organiser.get(`/api/v1/races/${raceId}/classifications/general?stage=3`)).json();
      const latest = (await organiser.get(`/api/v1/races/${raceId}/classifications/general`)).json();
      expect([after3.afterStage, after3.stages, after3.state]).toEqual([
        { number: 3, name: 'Stage 3' },
        [1, 2],
        'provisional',
      ]);
      expect([latest.afterStage, latest.stages, latest.state]).toEqual([
        { number: 2, name: 'Stage 2' },
        [1, 2],
        'official',
      ]);
      expect(after3.items).toEqual(latest.items);
    });
  },
);
