import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageLeases } from '../../src/live/stage-lease.ts';
import { deleteStreams, eventually, natsUnavailable, TEST_NATS_URL, uniquePrefix } from '../support/nats.ts';

interface Processor {
  leases: StageLeases;
  acquired: string[];
  lost: string[];
}

describe.skipIf(natsUnavailable !== null)('stage leases', () => {
  const prefix = uniquePrefix();
  const bucket = `${prefix}_leases`;
  // One connection per processor, as in separate processes.
  const connections: NatsConnection[] = [];

  const processor = async (owner: string): Promise<Processor> => {
    const nc = await connect({ servers: TEST_NATS_URL });
    connections.push(nc);
    const acquired: string[] = [];
    const lost: string[] = [];
    const leases = await StageLeases.open(nc, {
      owner,
      bucket,
      onAcquired: (id) => acquired.push(id),
      onLost: (id) => lost.push(id),
    });
    return { leases, acquired, lost };
  };

  let p1: Processor;
  let p2: Processor;
  beforeAll(async () => {
    p1 = await processor('processor-1');
    p2 = await processor('processor-2');
  });
  afterAll(async () => {
    await p1?.leases.stop();
    await p2?.leases.stop();
    for (const nc of connections) await nc.close();
    await deleteStreams(prefix);
  });

  it('gives a stage to one processor at a time, and keeps it while renewed', async () => {
    const stage = randomUUID();
    p1.leases.want([stage]);
    await p1.leases.settle();
    p2.leases.want([stage]);
    await p2.leases.settle();
    expect(p1.leases.holds(stage)).toBe(true);
    expect(p2.leases.holds(stage)).toBe(false);
    expect(await p2.leases.holder(stage)).toBe('processor-1');
    // Well past the TTL: the holder's renewals keep it, the standby keeps failing to take it.
    await new Promise((resolve) => setTimeout(resolve, p1.leases.ttlMs + 1500));
    expect(p1.leases.holds(stage)).toBe(true);
    expect(p2.leases.holds(stage)).toBe(false);
    expect(p1.acquired.filter((id) => id === stage)).toHaveLength(1);
    expect(p2.acquired).not.toContain(stage);
    await p1.leases.release(stage);
  });

  it('is taken over within 5 s when the holder stops renewing (a crash)', async () => {
    const stage = randomUUID();
    const crashing = await processor('crashing');
    crashing.leases.want([stage]);
    await crashing.leases.settle();
    expect(crashing.leases.holds(stage)).toBe(true);
    p2.leases.want([stage]);
    await p2.leases.settle();
    expect(p2.leases.holds(stage)).toBe(false);

    const crashedAt = Date.now();
    crashing.leases.abandon();
    await eventually('the take-over', () => p2.leases.holds(stage), 5000);
    expect(Date.now() - crashedAt).toBeLessThan(5000);
    expect(p2.acquired).toContain(stage);
    expect(await p1.leases.holder(stage)).toBe('processor-2');
    await p2.leases.release(stage);
  });

  it('hands a released stage over on the standby’s next round, without waiting for the TTL', async () => {
    const stage = randomUUID();
    p1.leases.want([stage]);
    await p1.leases.settle();
    p2.leases.want([stage]);
    await p2.leases.settle();
    expect(p1.leases.holds(stage)).toBe(true);
    const releasedAt = Date.now();
    await p1.leases.release(stage);
    expect(p1.lost).toContain(stage);
    await eventually('the hand-over', () => p2.leases.holds(stage), 2000);
    expect(Date.now() - releasedAt).toBeLessThan(p2.leases.ttlMs);
    await p2.leases.release(stage);
  });

  it('loses a lease someone else overwrote, and says so', async () => {
    const stage = randomUUID();
    p1.leases.want([stage]);
    await p1.leases.settle();
    expect(p1.leases.holds(stage)).toBe(true);
    // An operator (or a split brain) writes the key: the holder's revision-checked renewal must fail.
    await p2.leases.kv.put(stage, 'intruder');
    await p1.leases.settle();
    expect(p1.leases.holds(stage)).toBe(false);
    expect(p1.lost).toContain(stage);
    await p1.leases.forget(stage);
  });
});
