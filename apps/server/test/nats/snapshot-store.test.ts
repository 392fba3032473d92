import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/live/snapshot-store.ts';
import { deleteStreams, eventually, natsUnavailable, TEST_NATS_URL, uniquePrefix } from '../support/nats.ts';

describe.skipIf(natsUnavailable !== null)('snapshot store', () => {
  const prefix = uniquePrefix();
  const bucket = `${prefix}_snapshots`;
  const connections: NatsConnection[] = [];
  // The processor that owns the stages, and a gateway in another process.
  let processor: SnapshotStore;
  let gateway: SnapshotStore;

  const open = async () => {
    const nc = await connect({ servers: TEST_NATS_URL });
    connections.push(nc);
    return SnapshotStore.open(nc, { bucket });
  };

  beforeAll(async () => {
    processor = await open();
    gateway = await open();
  });
  afterAll(async () => {
    gateway?.stop();
    for (const nc of connections) await nc.close();
    await deleteStreams(prefix);
  });

  it('keeps the latest snapshot per stage', async () => {
    const stage = randomUUID();
    expect(await gateway.get(stage)).toBeNull();
    await processor.put(stage, '{"seq":1}');
    await processor.put(stage, '{"seq":2}');
    expect(await gateway.get(stage)).toBe('{"seq":2}');
    await processor.delete(stage);
    expect(await gateway.get(stage)).toBeNull();
  });

  it('lets a gateway answer from memory what was stored before it started, and follow updates', async () => {
    const [s1, s2] = [randomUUID(), randomUUID()];
    // Large enough to be a real grand-tour snapshot (about 180 riders), and not ASCII only.
    const big = JSON.stringify({ seq: 7, riders: Array.from({ length: 180 }, (_, i) => `Rider ${i} é`) });
    await processor.put(s1, big);
    const late = await open();
    await late.follow();
    expect(late.snapshot(s1)).toBe(big);
    expect(late.snapshot(s2)).toBeNull();
    await processor.put(s2, '{"seq":1}');
    await processor.put(s1, '{"seq":8}');
    await eventually(
      'the updates in memory',
      () => late.snapshot(s2) !== null && late.snapshot(s1) === '{"seq":8}',
    );
    await processor.delete(s2);
    await eventually('the deletion in memory', () => late.snapshot(s2) === null);
    late.stop();
  });

  it('follows an empty bucket without waiting for a first value', async () => {
    const nc = await connect({ servers: TEST_NATS_URL });
    connections.push(nc);
    const empty = await SnapshotStore.open(nc, { bucket: `${prefix}_empty` });
    const started = Date.now();
    await empty.follow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(empty.snapshot('nothing')).toBeNull();
    empty.stop();
  });
});
