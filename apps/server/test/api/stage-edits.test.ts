import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpoints, courses } from '../../src/db/schema.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage } from '../support/live-race.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/** The wizard's stage list: an organiser corrects a stage, or deletes one added by mistake. */
describe.skipIf(databaseUnavailable !== null)('stages: editing and deleting', () => {
  let t: TestApp;
  let organiser: Client;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  const newRace = async (name: string): Promise<string> =>
    (await organiser.post('/api/v1/races', { name })).json().id;
  const addStage = async (raceId: string, body: Record<string, unknown>): Promise<string> => {
    const response = await organiser.post(`/api/v1/races/${raceId}/stages`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  };
  const stageNumbers = async (raceId: string) =>
    (await organiser.get(`/api/v1/races/${raceId}/stages`))
      .json()
      .items.map((s: { number: number; name: string }) => [s.number, s.name]);
  /** Publishes the race and drops the flag on the stage: race control's start. */
  const start = async (raceId: string, stageId: string) => {
    expect((await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' })).statusCode).toBe(
      200,
    );
    const live = await organiser.post(`/api/v1/races/${raceId}/status`, {
      status: 'live',
      stageId,
      at: Date.parse('2030-07-10T10:00:00Z'),
    });
    expect(live.statusCode, live.body).toBe(200);
  };
  const pointers = (problem: Record<string, unknown>) =>
    (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer);

  it('deletes a fresh stage with its course and checkpoints, and audits it', async () => {
    const raceId = await newRace('Mistake race');
    const keep = await addStage(raceId, { name: 'Keep' });
    const mistake = await addStartableStage(organiser, raceId);
    const sprint = await organiser.post(`/api/v1/stages/${mistake}/checkpoints`, {
      kind: 'sprint',
      name: 'Sprint',
      distance: 5000,
    });
    expect(sprint.statusCode, sprint.body).toBe(201);
    const db = t.database.db;
    expect(await db.select().from(courses).where(eq(courses.stageId, mistake))).toHaveLength(1);
    expect(await db.select().from(checkpoints).where(eq(checkpoints.stageId, mistake))).toHaveLength(3);

    const deleted = await organiser.delete(`/api/v1/stages/${mistake}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(deleted.body).toBe('');

    expectProblem(await organiser.get(`/api/v1/stages/${mistake}`), 404);
    expect(await stageNumbers(raceId)).toEqual([[1, 'Keep']]);
    expect(await db.select().from(courses).where(eq(courses.stageId, mistake))).toEqual([]);
    expect(await db.select().from(checkpoints).where(eq(checkpoints.stageId, mistake))).toEqual([]);
    expect((await organiser.get(`/api/v1/stages/${keep}`)).statusCode).toBe(200);

    const audit = (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${mistake}`)).json().items;
    expect(audit[0].action).toBe('stage.delete');
    expect(audit[0].details).toEqual({ raceId, number: 2, name: 'Stage' });

    // Deleting again finds nothing.
    expectProblem(await organiser.delete(`/api/v1/stages/${mistake}`), 404);
  });

  it('refuses (409) to delete a stage that has started, and says so', async () => {
    const raceId = await newRace('Started race');
    const stageId = await addStartableStage(organiser, raceId);
    await start(raceId, stageId);
    const problem = expectProblem(await organiser.delete(`/api/v1/stages/${stageId}`), 409);
    expect(problem.detail).toMatch(/has started/);
    expect((await organiser.get(`/api/v1/stages/${stageId}`)).statusCode).toBe(200);
  });

  it('refuses (409) to delete a stage holding results, timing passings or decisions, naming them', async () => {
    const raceId = await newRace('Results race');
    const withResults = await addStage(raceId, { name: 'Imported' });
    const imported = await organiser.post(
      `/api/v1/races/${raceId}/results/import?createMissing=true`,
      'stage,bib,rider,team,time,bonus,penalty,status\n1,1,Anna Alpha,A,3:00:00,,,\n',
      { 'content-type': 'text/csv' },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    const results = expectProblem(await organiser.delete(`/api/v1/stages/${withResults}`), 409);
    expect(results.detail).toMatch(/stored results/);

    const registrationId = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items[0].id;
    const decided = await addStage(raceId, { name: 'Decided' });
    const decision = await organiser.post(`/api/v1/stages/${decided}/decisions`, {
      kind: 'penalty',
      registrationId,
      seconds: 20,
      reason: 'feeding in the last 20 km',
    });
    expect(decision.statusCode, decision.body).toBe(201);
    const decisions = expectProblem(await organiser.delete(`/api/v1/stages/${decided}`), 409);
    expect(decisions.detail).toMatch(/decisions/);

    const timed = await addStartableStage(organiser, raceId);
    const passings = await organiser.post(
      `/api/v1/stages/${timed}/passings`,
      'bib,point,time\n1,finish,2030-07-10T13:00:00Z\n',
      {
        'content-type': 'text/csv',
      },
    );
    expect(passings.statusCode, passings.body).toBe(200);
    const timing = expectProblem(await organiser.delete(`/api/v1/stages/${timed}`), 409);
    expect(timing.detail).toMatch(/timing passings/);

    expect((await stageNumbers(raceId)).map(([n]: [number]) => n)).toEqual([1, 2, 3]);
  });

  it('lets only the race’s managers delete (403 to another organiser), 404 for an unknown stage', async () => {
    const raceId = await newRace('Owned race');
    const stageId = await addStage(raceId, { name: 'Mine' });
    const { client: other } = await t.signIn('organiser');
    expectProblem(await other.delete(`/api/v1/stages/${stageId}`), 403);
    expectProblem(await t.anonymous.delete(`/api/v1/stages/${stageId}`), 401);
    expectProblem(await organiser.delete('/api/v1/stages/00000000-0000-4000-8000-000000000000'), 404);
    expect((await organiser.get(`/api/v1/stages/${stageId}`)).statusCode).toBe(200);
    // An administrator manages every race.
    expect((await t.admin.delete(`/api/v1/stages/${stageId}`)).statusCode).toBe(204);
  });

  it('edits a stage’s name, number, format, scheduled start and laps', async () => {
    const raceId = await newRace('Edited race');
    const stageId = await addStage(raceId, { name: 'Stage one' });
    const response = await organiser.patch(`/api/v1/stages/${stageId}`, {
      name: 'Prologue',
      number: 0,
      format: 'criterium',
      scheduledStart: '2030-07-09T17:00:00.000Z',
      lapCount: 12,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Prologue',
      number: 0,
      format: 'criterium',
      scheduledStart: '2030-07-09T17:00:00.000Z',
      lapCount: 12,
    });
    expect((await organiser.get(`/api/v1/stages/${stageId}`)).json()).toMatchObject({
      name: 'Prologue',
      number: 0,
      lapCount: 12,
    });
    // Keeping its own number is no clash.
    expect((await organiser.patch(`/api/v1/stages/${stageId}`, { number: 0 })).statusCode).toBe(200);
  });

  it('refuses (409) a number another stage of the race has, under the number field', async () => {
    const raceId = await newRace('Numbered race');
    await addStage(raceId, { name: 'First' });
    const second = await addStage(raceId, { name: 'Second' });
    const problem = expectProblem(await organiser.patch(`/api/v1/stages/${second}`, { number: 1 }), 409);
    expect(problem.detail).toBe('Stage 1 exists already in this race');
    expect(pointers(problem)).toEqual(['/number']);
    expect(await stageNumbers(raceId)).toEqual([
      [1, 'First'],
      [2, 'Second'],
    ]);
    // Another race's stage 1 is no clash.
    const elsewhere = await addStage(await newRace('Other race'), { name: 'Elsewhere', number: 5 });
    expect((await organiser.patch(`/api/v1/stages/${elsewhere}`, { number: 1 })).statusCode).toBe(200);
  });

  it('once started, refuses a new format, laps or number (409 per field) but corrects its name and start', async () => {
    const raceId = await newRace('Running race');
    const stageId = await addStartableStage(organiser, raceId);
    await start(raceId, stageId);
    const problem = expectProblem(
      await organiser.patch(`/api/v1/stages/${stageId}`, {
        format: 'individual_time_trial',
        lapCount: 3,
        number: 7,
      }),
      409,
    );
    expect(pointers(problem)).toEqual(['/format', '/lapCount', '/number']);
    expect((await organiser.get(`/api/v1/stages/${stageId}`)).json()).toMatchObject({
      format: 'road_race',
      lapCount: 1,
      number: 1,
    });

    // The edit form sends every field: the unchanged ones are no change.
    const corrected = await organiser.patch(`/api/v1/stages/${stageId}`, {
      name: 'Stage 1: Nuits – Gevrey',
      number: 1,
      format: 'road_race',
      lapCount: 1,
      scheduledStart: '2030-07-10T09:55:00.000Z',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      name: 'Stage 1: Nuits – Gevrey',
      scheduledStart: '2030-07-10T09:55:00.000Z',
    });
  });
});
