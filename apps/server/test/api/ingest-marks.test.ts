import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The marks a stored fix makes on stored results (the stage stale, the rider's saved progress late) are
 * made in one statement once the fixes are committed, and before they are acknowledged: a phone's
 * acknowledged late fix is always seen by the next recompute or progress pass.
 */
describe.skipIf(databaseUnavailable !== null)('marks of stored fixes', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 6 * 3600_000;
  const finishedAt = start + 2000_000;
  const devices = new Map<string, Client>();

  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const staleSince = async () =>
    (
      await rows<{ stale: string | null }>(
        sql`select stale_since::text as stale from stage_result_sets where stage_id = ${race.stageId}`,
      )
    )[0]?.stale;
  const progressOf = async (registrationId: string) =>
    (
      await rows<{ through: string | null; late: string | null }>(
        sql`select through_ms::text as through, late_from_ms::text as late from stage_rider_progress
          where stage_id = ${race.stageId} and registration_id = ${registrationId}`,
      )
    )[0];
  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    const live = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: start,
    });
    expect(live.statusCode, live.body).toBe(200);
    for (const [index, rider] of race.riders.entries()) {
      const token = (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json()
        .token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      devices.set(rider.id, device);
      const body = {
        fixes: [
          [5000, 500 + index],
          [9950, 1000 + index],
          [10_050, 1010 + index],
        ].map(([m, s]) => ({ time: start + s! * 1000, ...along(m!), accuracy: 5 })),
      };
      expect((await device.post('/api/v1/track/batch', body)).json().accepted).toBe(3);
    }
    await t.services.ingest.drain();
    const finished = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'finished',
      at: finishedAt,
    });
    expect(finished.statusCode, finished.body).toBe(200);
    // Stored, and fresh.
    expect((await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).statusCode).toBe(200);
    expect(await staleSince()).toBeNull();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has the finished stage stale and the rider late once a late fix is acknowledged', async () => {
    const rider = race.riders[1]!;
    const before = await progressOf(rider.id);
    expect(before?.through, 'the finish saved the rider’s progress').toBeTruthy();
    const late = { time: start + 900_500, ...along(9000), accuracy: 5 };
    expect(late.time).toBeLessThan(Number(before!.through));
    const answer = await devices.get(rider.id)!.post('/api/v1/track/batch', { fixes: [late] });
    expect(answer.json().accepted).toBe(1);
    // No drain: the acknowledgement itself means the marks are there.
    expect(await staleSince()).not.toBeNull();
    expect(Number((await progressOf(rider.id))!.late)).toBe(late.time);
    // The other riders' progress is untouched.
    expect((await progressOf(race.riders[0]!.id))!.late).toBeNull();
  });

  it('marks nothing for a fix already stored', async () => {
    const rider = race.riders[2]!;
    await t.database.db.execute(
      sql`update stage_result_sets set stale_since = null where stage_id = ${race.stageId}`,
    );
    const again = { time: start + 1_012_000, ...along(10_050), accuracy: 5 };
    expect(
      (await devices.get(rider.id)!.post('/api/v1/track/batch', { fixes: [again] })).json(),
    ).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    expect(await staleSince()).toBeNull();
    expect((await progressOf(rider.id))!.late).toBeNull();
  });
});
