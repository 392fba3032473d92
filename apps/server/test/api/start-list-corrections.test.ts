import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, pass, stageResults } from './results-format-setup.ts';

/** A start list corrected while the race runs: edits, withdrawals instead of deletions, CSV categories. */
describe.skipIf(databaseUnavailable !== null)('start-list corrections during a race', () => {
  let t: TestApp;
  let race: FormatRace;

  beforeAll(async () => {
    t = await startTestApp();
    race = await formatRace(t, {
      format: 'road_race',
      km: 10,
      checkpoints: [{ kind: 'timing', name: 'Km 5', distance: 5000 }],
      riders: [
        { bib: 1, firstName: 'Ana', lastName: 'Typo', team: 'Red', category: 'ELITE', deviceId: 'phone-1' },
        { bib: 2, firstName: 'Bea', lastName: 'Two', team: 'Red', category: 'ELITE' },
        { bib: 3, firstName: 'Cat', lastName: 'Three', team: 'Blue', category: 'ELITE' },
        { bib: 4, firstName: 'Dee', lastName: 'Four', team: 'Blue', category: 'ELITE' },
      ],
    });
    await t.signIn('organiser');
    await pass(race, [
      [1, 'Km 5', 500],
      [1, 'finish', 1_000],
      [2, 'Km 5', 510],
      [4, 'finish', 1_020],
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const registration = (bib: number) => `/api/v1/registrations/${race.riders.get(bib)}`;

  it('edits a rider’s name, team, category, gender, bib and tracker while the stage runs', async () => {
    const created = await race.organiser.post(`/api/v1/races/${race.raceId}/categories`, {
      code: 'U23',
      name: 'Under 23',
      kind: 'age',
      maxAge: 22,
    });
    expect(created.statusCode, created.body).toBe(201);
    const edited = await race.organiser.patch(registration(1), {
      lastName: 'Right',
      team: 'Green',
      category: 'U23',
      gender: 'F',
      bib: 11,
      deviceId: 'phone-11',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      bib: 11,
      lastName: 'Right',
      team: 'Green',
      category: 'U23',
      gender: 'F',
      deviceId: 'phone-11',
    });
    // The results follow the corrected entry; the recorded passings stay the rider's.
    const first = (await stageResults(t, race)).items[0];
    expect(first).toMatchObject({ bib: 11, rider: 'Ana Right', team: 'Green', rank: 1, category: 'U23' });
  });

  it('refuses to delete a rider with passings recorded, and says to withdraw them', async () => {
    const problem = expectProblem(await race.organiser.delete(registration(2)), 409);
    expect(problem.detail).toBe(
      `Bib 2 (Bea Two) cannot be deleted: 1 passing recorded for them would be lost. Withdraw the rider ` +
        `instead (POST /api/v1/registrations/${race.riders.get(2)}/withdrawal with status DNS or DNF).`,
    );
    const left = (await race.organiser.get(`/api/v1/races/${race.raceId}/registrations`)).json();
    expect(left.items.map((r: { bib: number }) => r.bib)).toEqual([2, 3, 4, 11]);
  });

  it('refuses to replace a start list that has riders with anything recorded', async () => {
    const csv = 'bib,first_name,last_name\n1,New,Rider\n';
    const problem = expectProblem(
      await race.organiser.post(`/api/v1/races/${race.raceId}/registrations/import?mode=replace`, csv, {
        'content-type': 'text/csv',
      }),
      409,
    );
    expect(problem.detail).toContain('4 passings');
  });

  it('deletes a rider nothing was recorded of', async () => {
    expect((await race.organiser.delete(registration(3))).statusCode).toBe(204);
  });

  it('withdraws a rider from the stage of the day, keeping what was recorded', async () => {
    const before = (await stageResults(t, race)).items.map((r) => [r.bib, r.status]);
    expect(before).toEqual([
      [11, null],
      [4, null],
      [2, 'DNF'],
    ]);
    const withdrawn = await race.organiser.post(`${registration(4)}/withdrawal`, {
      status: 'DNF',
      reason: 'Crashed at km 8; finished in the ambulance',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(withdrawn.json()).toMatchObject({ stageId: race.stageId, bib: 4, kind: 'status', status: 'DNF' });
    expect((await stageResults(t, race)).items.map((r) => [r.bib, r.rank, r.status])).toEqual([
      [11, 1, null],
      [4, null, 'DNF'],
      [2, null, 'DNF'],
    ]);
    const unknownStage = await race.organiser.post(`${registration(2)}/withdrawal`, {
      status: 'DNS',
      stageId: race.riders.get(2),
      reason: 'Not a stage id',
    });
    expect(expectProblem(unknownStage, 422).detail).toBe('The stage is not a stage of the rider’s race');
    expectProblem(
      await t.anonymous.post(`${registration(2)}/withdrawal`, { status: 'DNS', reason: 'x' }),
      401,
    );
  });
});

describe.skipIf(databaseUnavailable !== null)('a start-list CSV naming categories', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a category the race does not have, naming the row, unless told to create it', async () => {
    const { client: organiser } = await t.signIn('organiser');
    const raceId = (await organiser.post('/api/v1/races', { name: 'Categories' })).json().id;
    await organiser.post(`/api/v1/races/${raceId}/categories`, { code: 'ELITE', name: 'Elite' });
    const csv = 'bib,first_name,last_name,category\n1,Ann,One,ELITE\n2,Bea,Two,ELTIE\n3,Cy,Three,\n';
    const url = `/api/v1/races/${raceId}/registrations/import`;
    const refused = expectProblem(await organiser.post(url, csv, { 'content-type': 'text/csv' }), 422);
    expect(refused.errors).toEqual([
      {
        line: 3,
        detail:
          'category ELTIE does not exist in this race; define it first, or import with createCategories=true to create it',
      },
    ]);
    expect((await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().total).toBe(0);
    const created = await organiser.post(`${url}?createCategories=true`, csv, { 'content-type': 'text/csv' });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toEqual({ imported: 3, createdCategories: ['ELTIE'] });
    const codes = (await organiser.get(`/api/v1/races/${raceId}/categories`)).json().items;
    expect(codes.map((c: { code: string }) => c.code)).toEqual(['ELITE', 'ELTIE']);
  });
});
