import { randomUUID } from 'node:crypto';
import { epochMs, type Fix } from '@echelon/domain';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRefusedData } from '../../src/db/errors.ts';
import type { FixBatch } from '../../src/live/bus.ts';
import { NatsBus } from '../../src/live/nats-bus.ts';
import { registerDeadLetterMetric } from '../../src/modules/ingest/dead-letters.routes.ts';
import { IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';
import { IngestService } from '../../src/modules/ingest/ingest.service.ts';
import { createTestDatabase } from '../support/databases.ts';
import { deleteStreams, eventually, natsUnavailable, TEST_NATS_URL, uniquePrefix } from '../support/nats.ts';
import { liveRaceRows } from '../support/race-rows.ts';

const fixAt = (riderId: string, time: number, speed: number | null = 8.4): Fix => ({
  riderId,
  time: epochMs(time),
  lat: 45 + (time % 100_000) / 1e7,
  lon: 6,
  accuracy: 5,
  speed,
  altitude: 310,
  battery: 64,
});

const batchOf = (raceId: string, registrationId: string, fixes: Fix[]): FixBatch => ({
  raceId,
  registrationId,
  fixes,
  sos: false,
  stored: { source: 'native', receivedAt: Date.now(), headings: fixes.map(() => 90) },
});

/**
 * Issue 15: a batch the database refuses was redelivered forever, then lost when the stream aged out.
 * Now it goes to the dead-letter stream with its error after a bounded number of deliveries, while the
 * good batches around it are stored, and an outage (no SQLSTATE) is still waited for.
 */
describe.skipIf(natsUnavailable !== null)('fixes that cannot be stored go to the dead-letter stream', () => {
  const prefix = uniquePrefix();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let bus: NatsBus;
  let raceId: string;
  let riderIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    ({ raceId, riderIds } = await liveRaceRows(db, 'Poison GP', [1, 2]));
    bus = await NatsBus.connect({ servers: TEST_NATS_URL, prefix, onError: () => {} });
  });
  afterAll(async () => {
    await bus?.close();
    await database?.drop();
    await deleteStreams(prefix);
  });

  it('sets a poison batch aside with its error after 3 deliveries and stores the good ones', async () => {
    const repo = new IngestRepository(database.db);
    const ingest = new IngestService(repo, bus, undefined, { streamFirst: true });
    const base = Date.now() - 60_000;
    const good = [0, 1, 2].map((i) =>
      batchOf(raceId, riderIds[0]!, [
        fixAt(riderIds[0]!, base + i * 5_000 + 117),
        fixAt(riderIds[0]!, base + i * 5_000 + 2_304),
      ]),
    );
    // As an ingest from before the range checks accepted it: a speed no real column can hold.
    const poison = batchOf(raceId, riderIds[1]!, [fixAt(riderIds[1]!, base + 999, 1e39)]);
    // A registration deleted while its fixes waited in the stream.
    const gone = randomUUID();
    const orphan = batchOf(raceId, gone, [fixAt(gone, base + 1_500)]);
    const stop = ingest.persistFromStream(`${prefix}_persist`, { maxDeliveries: 3 });
    await bus.ready();
    for (const batch of [good[0]!, poison, good[1]!, orphan, good[2]!]) await bus.publishFixesAcked(batch);

    const letters = () => bus.deadLetters.list(10);
    const deadline = Date.now() + 20_000;
    while ((await letters()).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    stop();
    await ingest.drain();

    const dead = await letters();
    expect(dead.map((d) => d.registrationId).sort()).toEqual([riderIds[1]!, gone].sort());
    for (const letter of dead) {
      expect(letter.deliveries).toBe(3);
      expect(letter.fixes).toBe(1);
      expect(JSON.parse(letter.batch).registrationId).toBe(letter.registrationId);
    }
    expect(dead.find((d) => d.registrationId === riderIds[1])!.error).toMatch(/out of range/);
    expect(dead.find((d) => d.registrationId === gone)!.error).toMatch(/foreign key|violates/);
    expect(await repo.countFixes(riderIds[0]!)).toBe(6);
    expect(await repo.countFixes(riderIds[1]!)).toBe(0);

    const registry = new Registry();
    registerDeadLetterMetric(registry, bus.deadLetters);
    expect(await registry.metrics()).toMatch(/^echelon_fixes_dead_letters 2$/m);
  });

  it('keeps redelivering a batch while the database is unreachable, past the bound', async () => {
    let deliveries = 0;
    let reachable = false;
    const stored: number[] = [];
    const before = await bus.deadLetters.count();
    const stop = bus.consumeFixes(
      `${prefix}_outage`,
      async (batch) => {
        deliveries++;
        if (!reachable)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        stored.push(...batch.fixes.map((f) => f.time));
      },
      { maxDeliveries: 2, isPoison: isRefusedData },
    );
    await bus.ready();
    const late = Date.now() - 5_000;
    await bus.publishFixesAcked(batchOf(raceId, riderIds[0]!, [fixAt(riderIds[0]!, late)]));
    await eventually('four failed deliveries', () => deliveries >= 4, 15_000);
    reachable = true;
    await eventually('the batch stored once the database is back', () => stored.length > 0, 15_000);
    stop();
    expect(await bus.deadLetters.count()).toBe(before);
  });
});
