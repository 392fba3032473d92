import { randomUUID } from 'node:crypto';
import { type EpochMs, epochMs, type Fix } from '@echelon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlEvent, FixBatch } from '../../src/live/bus.ts';
import { NatsBus } from '../../src/live/nats-bus.ts';
import { createBus, LocalScalableBus } from '../../src/live/scalable-bus.ts';
import {
  deleteStreams,
  eventually,
  NatsProcesses,
  natsUnavailable,
  TEST_NATS_URL,
  uniquePrefix,
} from '../support/nats.ts';

const fix = (riderId: string, time: number): Fix => ({
  riderId,
  time: epochMs(time) as EpochMs,
  lat: 45 + time / 1e9,
  lon: 6,
  accuracy: 5,
  speed: 10,
  altitude: null,
  battery: null,
});

const batchOf = (raceId: string, registrationId: string, ...times: number[]): FixBatch => ({
  raceId,
  registrationId,
  fixes: times.map((t) => fix(registrationId, t)),
  sos: false,
});

describe.skipIf(natsUnavailable !== null)('NATS bus', () => {
  // Two buses stand for two processes: an ingest and a processor, or two gateways.
  const processes = new NatsProcesses();
  const { prefix, errors } = processes;
  const open = () => processes.open();
  let a: NatsBus;
  let b: NatsBus;

  beforeAll(async () => {
    [a, b] = await Promise.all([open(), open()]);
  });
  afterAll(() => processes.close());

  it('delivers fixes published by one process to another, acknowledged by JetStream', async () => {
    const raceId = randomUUID();
    const seen: FixBatch[] = [];
    const off = b.onFixes((batch) => {
      if (batch.raceId === raceId) seen.push(batch);
    });
    await b.ready();
    const first = batchOf(raceId, randomUUID(), 1000, 2000);
    const ack = await a.publishFixesAcked(first);
    expect(ack.seq).toBeGreaterThan(0);
    expect(ack.duplicate).toBe(false);
    a.publishFixes(batchOf(raceId, first.registrationId, 3000));
    await eventually('both batches at the other process', () => seen.length === 2);
    expect(seen[0]).toEqual(first);
    expect(seen[1]!.fixes.map((f) => f.time)).toEqual([3000]);
    off();
    expect(errors).toEqual([]);
  });

  it('stores a batch published twice (a retry after a lost ack) once', async () => {
    const batch = batchOf(randomUUID(), randomUUID(), 10_000, 11_000);
    const first = await a.publishFixesAcked(batch);
    const again = await b.publishFixesAcked(batch);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
  });

  it('replays one race from a point in time, then follows it live', async () => {
    const raceId = randomUUID();
    const otherRace = randomUUID();
    const rider = randomUUID();
    await a.publishFixesAcked(batchOf(raceId, rider, 1));
    await a.publishFixesAcked(batchOf(otherRace, rider, 2));
    await a.publishFixesAcked(batchOf(raceId, rider, 3));
    const seen: number[] = [];
    const off = b.watchFixes(raceId, Date.now() - 60_000, (batch) => seen.push(batch.fixes[0]!.time));
    await eventually('the replay', () => seen.length === 2);
    await a.publishFixesAcked(batchOf(raceId, rider, 4));
    await eventually('the live batch', () => seen.length === 3);
    expect(seen).toEqual([1, 3, 4]);
    off();
  });

  it('shares a durable consumer between processes and redelivers what was not acknowledged', async () => {
    const raceId = randomUUID();
    const durable = `${prefix}_persist`;
    const handledBy = new Map<number, string[]>();
    let failOnce = true;
    const handler = (who: string) => async (batch: FixBatch) => {
      if (batch.raceId !== raceId) return;
      const time = batch.fixes[0]!.time;
      handledBy.set(time, [...(handledBy.get(time) ?? []), who]);
      if (time === 5 && failOnce) {
        failOnce = false;
        throw new Error('database unavailable');
      }
    };
    const offA = a.consumeFixes(durable, handler('a'));
    const offB = b.consumeFixes(durable, handler('b'));
    await Promise.all([a.ready(), b.ready()]);
    const rider = randomUUID();
    for (let t = 1; t <= 20; t++) await a.publishFixesAcked(batchOf(raceId, rider, t));
    await eventually('every batch handled', () => handledBy.size === 20 && handledBy.get(5)!.length === 2);
    // Each batch went to one process only, but the failed one came back.
    for (let t = 1; t <= 20; t++) expect(handledBy.get(t)!.length).toBe(t === 5 ? 2 : 1);
    offA();
    offB();
    errors.length = 0;
  });

  it('replays the current control state to a processor that starts later', async () => {
    const raceId = randomUUID();
    const stageId = randomUUID();
    const rider = randomUUID();
    const events: ControlEvent[] = [
      { type: 'status', raceId, stageId, status: 'live', at: 1 },
      { type: 'rider-out', stageId, registrationId: rider, out: true, at: 2 },
      { type: 'status', raceId, stageId, status: 'neutralised', at: 3 },
      { type: 'announcement', raceId, stageId, id: 'a1', at: 4, text: 'crash at km 80' },
    ];
    for (const event of events) await a.publishControlAcked(event);

    // A process that joins late (closed with the others at the end).
    const late = await open();
    const seen: ControlEvent[] = [];
    const mine = (e: ControlEvent) => ('raceId' in e ? e.raceId === raceId : e.stageId === stageId);
    late.onControl((event) => {
      if (mine(event)) seen.push(event);
    });
    // Only the latest status survives: the state now, not the history.
    await eventually('the replayed state', () => seen.length === 3);
    expect(seen).toEqual([events[1], events[2], events[3]]);
    a.publishControl({ type: 'status', raceId, stageId, status: 'live', at: 5 });
    await eventually('the live event', () => seen.length === 4);
    expect(seen[3]).toMatchObject({ status: 'live', at: 5 });
  });

  it('sends a stage frames only to the processes watching that stage', async () => {
    const [s1, s2] = [randomUUID(), randomUUID()];
    const watched: string[] = [];
    const all: Array<[string, string]> = [];
    const offWatch = b.watchFrames(s1, (frame) => watched.push(frame));
    const offSecond = b.watchFrames(s1, (frame) => watched.push(`second ${frame}`));
    const offAll = b.onFrame((stageId, frame) => {
      if (stageId === s1 || stageId === s2) all.push([stageId, frame]);
    });
    await b.ready();
    a.publishFrame(s1, 'f1');
    a.publishFrame(s2, 'f2');
    a.publishFrame(s1, 'f3');
    await eventually('every frame at the all-stages listener', () => all.length === 3);
    expect(all).toEqual([
      [s1, 'f1'],
      [s2, 'f2'],
      [s1, 'f3'],
    ]);
    expect(watched).toEqual(['f1', 'second f1', 'f3', 'second f3']);
    offWatch();
    offSecond();
    await b.ready();
    a.publishFrame(s1, 'f4');
    await eventually('the last frame', () => all.length === 4);
    expect(watched).toHaveLength(4);
    offAll();
  });
});

describe('createBus', () => {
  it('is the in-process bus without a NATS address, with per-stage frames too', async () => {
    const bus = await createBus(undefined);
    expect(bus).toBeInstanceOf(LocalScalableBus);
    const frames: string[] = [];
    const off = bus.watchFrames('s1', (frame) => frames.push(frame));
    bus.publishFrame('s2', 'other');
    bus.publishFrame('s1', 'mine');
    off();
    bus.publishFrame('s1', 'after');
    expect(frames).toEqual(['mine']);
    const batches: FixBatch[] = [];
    bus.onFixes((batch) => batches.push(batch));
    await bus.publishFixesAcked(batchOf('r', 'x', 1));
    expect(batches).toHaveLength(1);
  });

  it.skipIf(natsUnavailable !== null)('connects to NATS with an address', async () => {
    const prefix = uniquePrefix();
    const bus = await createBus(TEST_NATS_URL, { prefix });
    try {
      expect(bus).toBeInstanceOf(NatsBus);
    } finally {
      await bus.close();
      await deleteStreams(prefix);
    }
  });
});
