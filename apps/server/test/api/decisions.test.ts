import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const CSV = [
  'stage,bib,rider,team,time,bonus,penalty,status',
  '1,1,Anna Alpha,A,3:00:00,10,,',
  '1,2,Bea Beta,B,3:00:00,6,,',
  '1,3,Cleo Gamma,C,3:00:30,4,,',
  '1,4,Dana Delta,D,3:01:00,,,',
  '1,5,Eve Epsilon,E,3:05:00,,,',
].join('\n');

/** The results desk: decisions recompute the results, each is on record, and approval makes them final. */
describe.skipIf(databaseUnavailable !== null)('commissaire decisions and official results', () => {
  let t: TestApp;
  let organiser: Client;
  let raceId: string;
  let stageId: string;
  let riders: Map<number, string>;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
    raceId = (await organiser.post('/api/v1/races', { name: 'Desk' })).json().id;
    stageId = (await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 1' })).json().id;
    const imported = await organiser.post(`/api/v1/races/${raceId}/results/import?createMissing=true`, CSV, {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode).toBe(200);
    const list = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items;
    riders = new Map(list.map((r: { bib: number; id: string }) => [r.bib, r.id]));
  });
  afterAll(async () => {
    await t?.close();
  });

  const decide = (body: Record<string, unknown>) =>
    organiser.post(`/api/v1/stages/${stageId}/decisions`, body);
  const stage = async () => (await organiser.get(`/api/v1/stages/${stageId}/results`)).json();
  const gc = async () =>
    (await organiser.get(`/api/v1/races/${raceId}/classifications/general`)).json().items;
  const line = (
    rows: Array<{ bib: number; rank: number | null; time: number | null; status: string | null }>,
  ) => rows.map((r) => [r.bib, r.rank, r.time, r.status]);

  it('starts provisional, as imported', async () => {
    const results = await stage();
    expect(results.state).toBe('provisional');
    expect(line(results.items)).toEqual([
      [1, 1, 10800, null],
      [2, 2, 10800, null],
      [3, 3, 10830, null],
      [4, 4, 10860, null],
      [5, 5, 11100, null],
    ]);
  });

  it('adds a penalty to the GC and shows it on the stage', async () => {
    const response = await decide({
      kind: 'penalty',
      registrationId: riders.get(1),
      seconds: 20,
      reason: 'irregular sprint',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      bib: 1,
      kind: 'penalty',
      seconds: 20,
      reason: 'irregular sprint',
    });
    expect((await stage()).items[0].penalty).toBe(20);
    const standings = await gc();
    expect(standings.map((r: { bib: number; time: number }) => [r.bib, r.time]).slice(0, 2)).toEqual([
      [2, 10794],
      [1, 10810],
    ]);
  });

  it('re-ranks everyone after a disqualification (scenario 6), and relegates', async () => {
    await decide({
      kind: 'status',
      registrationId: riders.get(3),
      status: 'DSQ',
      reason: 'dangerous riding',
    });
    await decide({
      kind: 'relegation',
      registrationId: riders.get(1),
      place: 3,
      reason: 'deviated from the line',
    });
    expect(line((await stage()).items)).toEqual([
      [2, 1, 10800, null],
      [4, 2, 10860, null],
      [1, 3, 10800, null],
      [5, 4, 11100, null],
      [3, null, 10830, 'DSQ'],
    ]);
    expect((await gc()).map((r: { bib: number }) => r.bib)).not.toContain(3);
  });

  it('corrects a time and reinstates a rider; a revoked decision counts for nothing', async () => {
    const correction = await decide({
      kind: 'time_correction',
      registrationId: riders.get(5),
      seconds: -60,
      reason: 'transponder read late',
    });
    await decide({ kind: 'reinstate', registrationId: riders.get(3), reason: 'appeal upheld' });
    expect((await stage()).items.find((r: { bib: number }) => r.bib === 5).time).toBe(11040);
    expect((await stage()).items.find((r: { bib: number }) => r.bib === 3).status).toBeNull();
    expect((await organiser.delete(`/api/v1/decisions/${correction.json().id}`)).statusCode).toBe(204);
    expect((await stage()).items.find((r: { bib: number }) => r.bib === 5).time).toBe(11100);
    const communique = (await organiser.get(`/api/v1/stages/${stageId}/decisions`)).json().items;
    expect(communique.map((d: { kind: string }) => d.kind)).toEqual([
      'penalty',
      'status',
      'relegation',
      'time_correction',
      'reinstate',
    ]);
    expect(communique[3].revokedAt).not.toBeNull();
    expect(communique.every((d: { author: string | null }) => d.author?.startsWith('organiser'))).toBe(true);
  });

  it('refuses a decision without a reason', async () => {
    const problem = expectProblem(
      await decide({ kind: 'penalty', registrationId: riders.get(2), seconds: 10, reason: '' }),
      400,
    );
    expect(problem.detail).toContain('reason');
  });

  it('makes the results official, after which nothing changes them', async () => {
    expect((await organiser.post(`/api/v1/stages/${stageId}/results/approve`)).json()).toEqual({
      state: 'official',
    });
    expect((await stage()).state).toBe('official');
    expect(
      expectProblem(
        await decide({ kind: 'penalty', registrationId: riders.get(2), seconds: 10, reason: 'late appeal' }),
        409,
      ).detail,
    ).toContain('official');
    const reimport = await organiser.post(`/api/v1/races/${raceId}/results/import`, CSV, {
      'content-type': 'text/csv',
    });
    expectProblem(reimport, 409);
    const audit = (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${stageId}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('results.approve');
    expect(audit.filter((e: { action: string }) => e.action.startsWith('decision.')).length).toBe(6);
  });
});
