import { epochMs, type Fix } from '@echelon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixBatch } from '../../src/live/bus.ts';
import { NatsBus } from '../../src/live/nats-bus.ts';
import { FixWriter, type NewRows } from '../../src/modules/ingest/fix-writer.ts';
import { type FixInsert, IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';
import { createTestDatabase } from '../support/databases.ts';
import { deleteStreams, eventually, natsUnavailable, TEST_NATS_URL, uniquePrefix } from '../support/nats.ts';
import { liveRaceRows } from '../support/race-rows.ts';

const rowsOf = (batch: FixBatch): FixInsert[] =>
  batch.fixes.map((f) => ({
    registrationId: batch.registrationId,
    time: f.time,
    lat: f.lat,
    lon: f.lon,
    accuracy: f.accuracy,
    speed: f.speed,
    altitude: f.altitude,
    heading: null,
    battery: f.battery,
    source: 'native',
    receivedAt: Date.now(),
  }));

const fixAt = (riderId: string, time: number): Fix => ({
  riderId,
  time: epochMs(time),
  lat: 45 + time / 1e7,
  lon: 6,
  accuracy: 5,
  speed: null,
  altitude: null,
  battery: null,
});

/**
 * Persistence from the fixes stream is at-least-once: a batch stored but not acknowledged (the process
 * died in between, or the ack was lost) comes again. The key (registration, time) makes that a no-op.
 */
describe.skipIf(natsUnavailable !== null)('fix persistence on redelivery', () => {
  const prefix = uniquePrefix();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let repo: IngestRepository;
  let bus: NatsBus;
  let raceId: string;
  let riderIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    ({ raceId, riderIds } = await liveRaceRows(db, 'Redelivery GP', [1, 2, 3]));
    repo = new IngestRepository(db);
    bus = await NatsBus.connect({ servers: TEST_NATS_URL, prefix, onError: () => {} });
  });
  afterAll(async () => {
    await bus?.close();
    await database?.drop();
    await deleteStreams(prefix);
  });

  it('stores nothing twice when the writer gets the same batch again', async () => {
    const writer = new FixWriter(repo);
    const rows = rowsOf({
      raceId,
      registrationId: riderIds[0]!,
      fixes: [1, 2, 3].map((t) => fixAt(riderIds[0]!, t)),
      sos: false,
    });
    const first = await writer.write(rows);
    // Again, and concurrently with itself: the same flush holds it twice.
    const [again, twice] = await Promise.all([writer.write(rows), writer.write(rows)]);
    const fresh = (answer: NewRows) => rows.filter((r) => answer.has(r.registrationId, r.time)).length;
    expect(fresh(first)).toBe(3);
    expect(fresh(again)).toBe(0);
    expect(fresh(twice)).toBe(0);
    expect(await repo.countFixes(riderIds[0]!)).toBe(3);
  });

  it('stores every fix once when batches are redelivered after being written but not acknowledged', async () => {
    const writer = new FixWriter(repo);
    const deliveries = new Map<string, number>();
    const rider = riderIds[1]!;
    const batches: FixBatch[] = Array.from({ length: 10 }, (_, i) => ({
      raceId,
      registrationId: rider,
      fixes: [0, 1, 2].map((k) => fixAt(rider, 1000 + i * 10 + k)),
      sos: false,
    }));
    const stop = bus.consumeFixes(`${prefix}_persist`, async (batch) => {
      const id = `${batch.fixes[0]!.time}`;
      const count = (deliveries.get(id) ?? 0) + 1;
      deliveries.set(id, count);
      await writer.write(rowsOf(batch));
      // Every other batch "crashes" after its rows are committed, before the ack: it comes back.
      if (count === 1 && Number(id) % 20 === 0) throw new Error('died before acknowledging');
    });
    await bus.ready();
    for (const batch of batches) await bus.publishFixesAcked(batch);
    await eventually(
      'every batch stored and the failed ones redelivered',
      () => deliveries.size === 10 && [...deliveries.values()].filter((n) => n === 2).length === 5,
      10_000,
    );
    stop();
    await writer.drain();
    expect(await repo.countFixes(rider)).toBe(30);
    const stored = await repo.fixesSince([rider], 0);
    expect(stored.map((f) => f.time)).toEqual(batches.flatMap((b) => b.fixes.map((f) => f.time)));
  });
});
