import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage } from '../support/live-race.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/** Race control by stage: annulling, cancelling, and who may do it. */
describe.skipIf(databaseUnavailable !== null)('setStageStatus', () => {
  let t: TestApp;
  let organiser: Client;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function stageRace(stages: number) {
    const raceId = (await organiser.post('/api/v1/races', { name: `Race of ${stages}` })).json().id;
    const ids: string[] = [];
    for (let n = 0; n < stages; n++) ids.push(await addStartableStage(organiser, raceId));
    return { raceId, ids };
  }
  const status = (stageId: string, body: Record<string, unknown>, client = organiser) =>
    client.post(`/api/v1/stages/${stageId}/status`, body);
  const race = async (raceId: string) => (await t.anonymous.get(`/api/v1/races/${raceId}`)).json().status;
  const stages = async (raceId: string) =>
    (await t.anonymous.get(`/api/v1/races/${raceId}/stages`))
      .json()
      .items.map((s: { status: string; finishedAt: number | null }) => [s.status, s.finishedAt]);

  it('waits for the race to be published before any stage starts', async () => {
    const { ids } = await stageRace(1);
    expect(expectProblem(await status(ids[0]!, { status: 'live' }), 409).detail).toBe(
      'The race is a draft; publish it before race control runs its stages',
    );
  });

  it('annuls a stage as a whole: it counts for nothing, and the race finishes with the stages that count', async () => {
    const { raceId, ids } = await stageRace(2);
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
    const start = Date.parse('2030-07-10T10:00:00Z');
    await status(ids[0]!, { status: 'live', at: start });
    const annulled = await status(ids[0]!, {
      status: 'annulled',
      at: start + 600_000,
      reason: 'flooded road',
    });
    expect(annulled.json()).toMatchObject({
      status: 'annulled',
      startedAt: start,
      finishedAt: start + 600_000,
    });
    expect(await race(raceId)).toBe('live');
    expect(expectProblem(await status(ids[0]!, { status: 'live' }), 409).detail).toBe(
      'Stage 1 cannot go from annulled to live; annulled is final',
    );
    await status(ids[1]!, { status: 'live', at: start + 86_400_000 });
    await status(ids[1]!, { status: 'finished', at: start + 86_400_000 + 3_600_000 });
    expect(await race(raceId)).toBe('finished');
    const audit = (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${ids[0]}`)).json().items;
    expect(audit.map((e: { action: string; details?: unknown }) => e.action)).toContain('stage.status');
  });

  it('cancels the stages not yet finished with the race, and the live feed says so', async () => {
    const { raceId, ids } = await stageRace(3);
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
    const start = Date.now() - 3 * 3_600_000;
    await status(ids[0]!, { status: 'live', at: start });
    await status(ids[0]!, { status: 'finished', at: start + 3_600_000 });
    await status(ids[1]!, { status: 'live', at: start + 7_200_000 });
    const cancelled = await organiser.post(`/api/v1/races/${raceId}/status`, {
      status: 'cancelled',
      at: start + 7_300_000,
      reason: 'storm',
    });
    expect(cancelled.json().status).toBe('cancelled');
    expect(await stages(raceId)).toEqual([
      ['finished', start + 3_600_000],
      ['cancelled', start + 7_300_000],
      ['cancelled', null],
    ]);
    await t.services.processor.tick();
    const live = await t.anonymous.get(`/api/v1/stages/${ids[1]}/live`);
    expect([live.statusCode, live.json().status]).toEqual([200, 'cancelled']);
    expect(expectProblem(await status(ids[2]!, { status: 'live' }), 409).detail).toBe(
      'Stage 3 cannot go from cancelled to live; cancelled is final',
    );
  });

  it('lets a commissaire on the race’s staff run its stages', async () => {
    const { raceId, ids } = await stageRace(1);
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
    const { user, client: commissaire } = await t.signIn('commissaire');
    expectProblem(await status(ids[0]!, { status: 'live' }, commissaire), 403);
    await organiser.post(`/api/v1/races/${raceId}/staff`, { email: user.email });
    const started = await status(ids[0]!, { status: 'live' }, commissaire);
    expect(started.statusCode, started.body).toBe(200);
    expect(await race(raceId)).toBe('live');
  });
});
