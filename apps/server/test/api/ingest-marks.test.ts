import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixInsert } from '../../src/modules/ingest/ingest.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A stored fix and the marks it makes on stored results (the stage stale, the rider's saved progress
 * late) are one statement: they commit together, so no crash or refused group keeps the one without
 * the other, and a fix is never acknowledged before its marks are visible.
 */
describe.skipIf(databaseUnavailable !== null)('marks of stored fixes', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 6 * 3600_000;
  const finishedAt = start + 2000_000;

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
  const fix = (registrationId: string, metres: number, seconds: number): FixInsert => ({
    registrationId,
    time: Math.round(start + seconds * 1000),
    ...along(metres),
    accuracy: 5,
    source: 'native',
    receivedAt: Date.now(),
  });

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

  it('marks nothing when the database refuses the fixes of the statement', async () => {
    const rider = race.riders[0]!;
    const late = fix(rider.id, 9000, 900.5);
    // A registration deleted meanwhile: the whole statement is refused, the late fix with it.
    await expect(t.services.ingestRepo.insertFixes([late, fix(randomUUID(), 9000, 900.5)])).rejects.toThrow();
    expect(await staleSince()).toBeNull();
    expect((await progressOf(rider.id))?.late).toBeNull();
    expect(await t.services.ingestRepo.countFixes(rider.id)).toBe(3);
  });

  it('marks the finished stage stale and the rider late in the statement that stores a late fix', async () => {
    const rider = race.riders[1]!;
    const before = await progressOf(rider.id);
    expect(before?.through, 'the finish saved the rider’s progress').toBeTruthy();
    const late = fix(rider.id, 9000, 900.5);
    expect(late.time).toBeLessThan(Number(before!.through));
    const stored = await t.services.ingestRepo.insertFixes([late]);
    expect(stored.inserted).toEqual([{ registrationId: rider.id, time: late.time }]);
    expect(stored.staleRaces).toEqual([race.raceId]);
    // Visible as soon as the statement answers: nothing is left to do after the acknowledgement.
    expect(await staleSince()).not.toBeNull();
    expect(Number((await progressOf(rider.id))!.late)).toBe(late.time);
    // A duplicate stores nothing and marks nothing more.
    expect(await t.services.ingestRepo.insertFixes([late])).toEqual({ inserted: [], staleRaces: [] });
  });
});
