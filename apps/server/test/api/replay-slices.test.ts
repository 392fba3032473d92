import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixes } from '../../src/db/schema.ts';
import { ReplayRepository } from '../../src/modules/replay/replay.repository.ts';
import { createTestDatabase, databaseUnavailable } from '../support/databases.ts';
import { liveRaceRows } from '../support/race-rows.ts';

const RIDERS = 60;
const START = Date.UTC(2026, 6, 14, 9, 30, 0, 417);
const STAGE_MS = 40 * 60_000;

/** A seeded generator, so a failure replays. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The replay summary reads a stage's fixes slice by slice. On the embedded database a statement holds
 * the process's only thread, so a slice must stay small whatever the field and the phones' intervals.
 */
describe.skipIf(databaseUnavailable !== null)('fixes read for a replay, slice by slice', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let riderIds: string[];
  let stored: Array<{ registrationId: string; time: number }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ riderIds } = await liveRaceRows(
      database.db,
      'Slices GP',
      Array.from({ length: RIDERS }, (_, i) => i + 1),
    ));
    // Phones on their own clocks (ms offsets), every 1–10 s; rider 7 silent for 12 minutes mid-stage,
    // rider 12 sending a burst every second for 5 minutes, and a few fixes after the stage's end.
    const random = seeded(16);
    const rows: Array<typeof fixes.$inferInsert> = [];
    riderIds.forEach((registrationId, index) => {
      const interval = 1000 + Math.floor(random() * 9000);
      let time = START + Math.floor(random() * interval);
      while (time < START + STAGE_MS + 30_000) {
        const silent = index === 6 && time > START + 15 * 60_000 && time < START + 27 * 60_000;
        if (!silent) {
          rows.push({
            registrationId,
            time,
            lat: 47.1 + random() / 100,
            lon: 4.9 + random() / 100,
            source: 'native',
            receivedAt: time + 800,
          });
        }
        const burst = index === 11 && time > START + 20 * 60_000 && time < START + 25 * 60_000;
        time += burst ? 1000 : interval + Math.floor(random() * 400) - 200;
      }
    });
    for (let k = 0; k < rows.length; k += 5000)
      await database.db.insert(fixes).values(rows.slice(k, k + 5000));
    stored = rows
      .filter((r) => r.time! >= START && r.time! < START + STAGE_MS)
      .map((r) => ({ registrationId: r.registrationId, time: r.time! }))
      .sort((a, b) => a.time - b.time || (a.registrationId < b.registrationId ? -1 : 1));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('yields every fix of the stage once, in time order, in slices near the rows asked for', async () => {
    const repo = new ReplayRepository(database.db);
    const slices: Array<Array<{ registrationId: string; time: number }>> = [];
    for await (const slice of repo.slicesBetween(riderIds, START, START + STAGE_MS - 1, 400))
      slices.push(slice);

    expect(slices.flat().map((f) => ({ registrationId: f.registrationId, time: f.time }))).toEqual(stored);
    expect(slices.length).toBeGreaterThan(stored.length / 800);
    // The first slice is a guess from the field's size; after it, each follows what the last held. A
    // fixed slice of ten minutes (as before) held about a quarter of the stage.
    for (const slice of slices.slice(1)) expect(slice.length).toBeLessThan(1000);
  });

  it('reads the same for one rider (a rider page) as the whole field does for them', async () => {
    const repo = new ReplayRepository(database.db);
    const one = await repo.fixesBetween([riderIds[11]!], START, START + STAGE_MS - 1);
    expect(one.map((f) => f.time)).toEqual(
      stored.filter((f) => f.registrationId === riderIds[11]).map((f) => f.time),
    );
  });
});
