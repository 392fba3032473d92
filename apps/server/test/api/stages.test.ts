import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage } from '../support/live-race.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

type StageJson = {
  id: string;
  number: number;
  hasCourse: boolean;
  course: { length: number; climbing: number | null; lapCount: number } | null;
  startedAt: number | null;
  finishedAt: number | null;
};

describe.skipIf(databaseUnavailable !== null)('stages: summary for lists', () => {
  let t: TestApp;
  let organiser: Client;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = async (client: Client, raceId: string): Promise<StageJson[]> => {
    const response = await client.get(`/api/v1/races/${raceId}/stages`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const setStatus = async (raceId: string, body: Record<string, unknown>) => {
    const response = await organiser.post(`/api/v1/races/${raceId}/status`, body);
    expect(response.statusCode, response.body).toBe(200);
  };

  it('gives each stage its course’s length, climbing and laps, or null before an upload', async () => {
    const raceId = (await organiser.post('/api/v1/races', { name: 'Summary race' })).json().id;
    const withCourse = await addStartableStage(organiser, raceId);
    const bare = (await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Bare' })).json();
    expect(bare.course).toBeNull();

    const [first, second] = await list(organiser, raceId);
    expect(first!.id).toBe(withCourse);
    expect(first!.hasCourse).toBe(true);
    expect(first!.course).toEqual({ length: expect.any(Number), climbing: 0, lapCount: 1 });
    expect(first!.course!.length).toBeCloseTo(10_000, -1);
    expect(second).toMatchObject({ id: bare.id, hasCourse: false, course: null });

    const course = (await organiser.get(`/api/v1/stages/${withCourse}/course`)).json();
    expect(first!.course!.length).toBe(course.length);
    expect((await t.admin.get(`/api/v1/stages/${withCourse}`)).json().course).toEqual(first!.course);
  });

  it('gives the moments race control flagged a stage started and finished', async () => {
    const raceId = (await organiser.post('/api/v1/races', { name: 'Flagged race' })).json().id;
    const stageId = await addStartableStage(organiser, raceId);
    const later = await addStartableStage(organiser, raceId);
    const before = (await organiser.get(`/api/v1/stages/${stageId}`)).json();
    expect(before).toMatchObject({ startedAt: null, finishedAt: null });

    await setStatus(raceId, { status: 'published' });
    const started = Date.parse('2030-07-10T10:00:00Z');
    await setStatus(raceId, { status: 'live', stageId, at: started });
    let stages = await list(t.anonymous, raceId);
    expect(stages.map((s) => [s.id, s.startedAt, s.finishedAt])).toEqual([
      [stageId, started, null],
      [later, null, null],
    ]);

    const finished = started + 4 * 3600_000;
    await setStatus(raceId, { status: 'finished', at: new Date(finished).toISOString() });
    stages = await list(t.anonymous, raceId);
    expect(stages[0]).toMatchObject({ startedAt: started, finishedAt: finished });
    expect(stages[1]).toMatchObject({ startedAt: null, finishedAt: null });
    expect((await t.anonymous.get(`/api/v1/stages/${stageId}`)).json()).toMatchObject({
      startedAt: started,
      finishedAt: finished,
    });
  });
});
