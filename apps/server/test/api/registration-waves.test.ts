import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { startListApi } from '../support/start-list-api.ts';
import {
  type Client,
  expectProblem,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

const HEADER = 'bib,first_name,last_name,team,category,gender,birth_year,nationality,device_id';

/** A rider's start wave must be one every stage starting in waves defines (results look it up on each). */
describe.skipIf(databaseUnavailable !== null)('registrations: start waves', () => {
  let t: TestApp;
  let org: { user: TestUser; client: Client };

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.signIn('organiser');
  });
  afterAll(async () => {
    await t?.close();
  });

  const { newRace, importCsv, register, list, bibs } = startListApi(() => org.client);

  const GRAN_FONDO_WAVES = [
    { name: 'A', startOffsetSeconds: 0, categories: [] },
    { name: 'B', startOffsetSeconds: 600, categories: [] },
  ];
  /** A race whose one stage starts in waves A and B (ten minutes apart). */
  async function raceWithWaves(): Promise<string> {
    const raceId = await newRace('Gran fondo');
    const stage = await org.client.post(`/api/v1/races/${raceId}/stages`, {
      name: 'Fondo',
      format: 'gran_fondo',
      waves: GRAN_FONDO_WAVES,
    });
    expect(stage.statusCode, stage.body).toBe(201);
    return raceId;
  }
  const notAWave = (wave: string, known = 'A, B') =>
    `wave "${wave}" is not a wave of every stage that starts in waves (${known})`;
  const NO_WAVES =
    'wave "A" is not defined: no stage of this race has waves (add them to a stage first, or leave the wave empty)';

  it('registers riders in the race’s waves and refuses one no stage defines, naming the field', async () => {
    const raceId = await raceWithWaves();
    const inB = await register(raceId, { bib: 1, firstName: 'Bea', lastName: 'Wave', wave: 'B' });
    expect(inB.statusCode, inB.body).toBe(201);
    expect(inB.json().wave).toBe('B');
    const typo = expectProblem(
      await register(raceId, { bib: 2, firstName: 'Al', lastName: 'Typo', wave: 'b' }),
      422,
    );
    expect(typo.detail).toBe(notAWave('b'));
    expect(typo.errors).toEqual([{ pointer: '/wave', detail: notAWave('b') }]);
    expect(await bibs(raceId)).toEqual([1]);
    // No wave at all is fine: the rider starts with the wave of their category, or the first.
    expect((await register(raceId, { bib: 2, firstName: 'Al', lastName: 'None' })).statusCode).toBe(201);
  });

  it('refuses a wave one of the stages starting in waves lacks: results look it up on each', async () => {
    const raceId = await raceWithWaves();
    const second = await org.client.post(`/api/v1/races/${raceId}/stages`, {
      name: 'Short fondo',
      format: 'gran_fondo',
      waves: [{ name: 'A', startOffsetSeconds: 0, categories: [] }],
    });
    expect(second.statusCode, second.body).toBe(201);
    const flat = await org.client.post(`/api/v1/races/${raceId}/stages`, {
      name: 'Flat',
      format: 'road_race',
    });
    expect(flat.statusCode, flat.body).toBe(201);
    expect((await register(raceId, { bib: 1, firstName: 'A', lastName: 'One', wave: 'A' })).statusCode).toBe(
      201,
    );
    const onlyFirst = expectProblem(
      await register(raceId, { bib: 2, firstName: 'B', lastName: 'Two', wave: 'B' }),
      422,
    );
    expect(onlyFirst.errors).toEqual([{ pointer: '/wave', detail: notAWave('B', 'A') }]);
  });

  it('refuses a wave set on an entry unless a stage defines it', async () => {
    const raceId = await raceWithWaves();
    const id = (await register(raceId, { bib: 1, firstName: 'Cy', lastName: 'Moved', wave: 'A' })).json().id;
    const moved = await org.client.patch(`/api/v1/registrations/${id}`, { wave: 'B' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().wave).toBe('B');
    const typo = expectProblem(await org.client.patch(`/api/v1/registrations/${id}`, { wave: 'Z' }), 422);
    expect(typo.errors).toEqual([{ pointer: '/wave', detail: notAWave('Z') }]);
    expect((await list(raceId)).items[0]!.wave).toBe('B');
    expect((await org.client.patch(`/api/v1/registrations/${id}`, { wave: null })).statusCode).toBe(200);
  });

  it('refuses any wave when no stage of the race has waves, and says so', async () => {
    const raceId = await newRace();
    const body = expectProblem(
      await register(raceId, { bib: 1, firstName: 'D', lastName: 'E', wave: 'A' }),
      422,
    );
    expect(body.detail).toBe(NO_WAVES);
    expect(body.errors).toEqual([{ pointer: '/wave', detail: NO_WAVES }]);
    const csv = importCsv(raceId, 'bib,first_name,last_name,wave\n1,D,E,A\n2,F,G,\n');
    expect(expectProblem(await csv, 422).errors).toEqual([{ line: 2, detail: NO_WAVES }]);
    expect((await list(raceId)).total).toBe(0);
  });

  it('imports the wave column, and imports nothing when a line names an unknown wave', async () => {
    const raceId = await raceWithWaves();
    const bad = `${HEADER},wave\n1,Ann,One,,,,,,,A\n2,Ben,Two,,,,,,,C\n3,Cid,Three,,,,,,,\n4,Dee,Four,,,,,,,a\n`;
    const body = expectProblem(await importCsv(raceId, bad), 422);
    expect(body.detail).toBe('2 row(s) are invalid (line 3, 5); nothing was imported');
    expect(body.errors).toEqual([
      { line: 3, detail: notAWave('C') },
      { line: 5, detail: notAWave('a') },
    ]);
    expect((await list(raceId)).total).toBe(0);

    const good = await importCsv(raceId, bad.replace(',C\n', ',B\n').replace(',a\n', ',A\n'));
    expect(good.statusCode, good.body).toBe(200);
    expect((await list(raceId)).items.map((r) => [r.bib, r.wave])).toEqual([
      [1, 'A'],
      [2, 'B'],
      [3, null],
      [4, 'A'],
    ]);
  });
});
