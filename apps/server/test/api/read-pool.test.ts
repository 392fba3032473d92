import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable, testDbKind } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

/** On PostgreSQL public reads have a pool of their own: a crowd of readers never holds up fix inserts. */
describe.skipIf(databaseUnavailable !== null || testDbKind !== 'postgres')('reads on their own pool', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 60 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 2);
    await recordRace(t, race, start, { 1: steadyRide([{ to: 10_050, speed: 10 }]) }, start + 1_500_000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('acknowledges fixes while every read connection is busy, and the reads wait for theirs', async () => {
    expect(t.database.readDb).not.toBe(t.database.db);
    const rider = race.riders.find((r) => r.bib === 2)!;
    const issued = await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`);
    const device = new Client(t.http, { authorization: `Bearer ${issued.json().token}` });
    expect((await t.anonymous.get(`/api/v1/races/${race.raceId}/statistics`)).statusCode).toBe(200);

    // Every connection of the read pool (10) taken by slow reads.
    // (Drizzle's queries are lazy: awaiting starts them.)
    const busy = Array.from(
      { length: 10 },
      async () => await t.database.readDb.execute(sql`select pg_sleep(1.5)`),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A read that must compute: nothing kept from the first one (as right after a change).
    t.services.publicReads.forget(null);
    const order: string[] = [];
    const statistics = t.anonymous.get(`/api/v1/races/${race.raceId}/statistics`).then((response) => {
      order.push('statistics');
      return response;
    });
    const sent = performance.now();
    const ack = await device.post('/api/v1/track/batch', {
      fixes: [{ time: Date.now(), ...along(100), accuracy: 5 }],
    });
    const ackMs = performance.now() - sent;
    order.push('ack');
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().accepted).toBe(1);
    expect(ackMs).toBeLessThan(1000);
    expect((await statistics).statusCode).toBe(200);
    expect(order).toEqual(['ack', 'statistics']);
    await Promise.all(busy);
  });
});
