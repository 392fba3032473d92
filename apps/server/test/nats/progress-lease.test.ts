import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stageRiderProgress } from '../../src/db/schema.ts';
import { StageLeases } from '../../src/live/stage-lease.ts';
import { ResultsStore } from '../../src/modules/results/results-store.ts';
import { StageProgress } from '../../src/modules/results/stage-progress.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { deleteStreams, natsUnavailable, TEST_NATS_URL, uniquePrefix } from '../support/nats.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A running stage's timing pass (stage-progress.ts) reads every new fix of the stage: in a cluster it
 * runs once per stage, in the processor holding the stage's lease, not in every process (issue 16).
 */
describe.skipIf(natsUnavailable !== null)('the timing pass of a running stage in a cluster', () => {
  const prefix = uniquePrefix();
  const connections: NatsConnection[] = [];
  const leases: StageLeases[] = [];
  let t: TestApp;
  let race: LiveRace;

  /** A processor: its own lease holder on the shared bucket, and a results store on the shared database. */
  const processor = async (owner: string) => {
    const nc = await connect({ servers: TEST_NATS_URL });
    connections.push(nc);
    const held = await StageLeases.open(nc, { owner, bucket: `${prefix}_leases` });
    leases.push(held);
    const store = new ResultsStore(t.database.db, t.services.audit, {
      ownsProgress: (stageId) => held.holds(stageId),
    });
    return { leases: held, store };
  };

  beforeAll(async () => {
    t = await startTestApp();
    // The test app's own background pass (one process, every stage) would be counted too.
    await t.services.resultsStore.stop();
    race = await setUpLiveRace(t, 3);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: Date.now() });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const held of leases) await held.stop();
    for (const nc of connections) await nc.close();
    await deleteStreams(prefix);
    await t?.close();
  });

  it('runs in the lease holder only, and moves with the lease', async () => {
    const a = await processor('processor-a');
    const b = await processor('processor-b');
    a.leases.want([race.stageId]);
    await a.leases.settle();
    b.leases.want([race.stageId]);
    await b.leases.settle();
    expect(a.leases.holds(race.stageId)).toBe(true);
    expect(b.leases.holds(race.stageId)).toBe(false);

    const passes = vi.spyOn(StageProgress.prototype, 'advanceStage');
    await Promise.all([a.store.advanceRunning(), b.store.advanceRunning()]);
    expect(passes.mock.calls.map((call) => call[0])).toEqual([race.stageId]);
    // The pass did its work: every rider's progress saved, by the holder.
    expect(await t.database.db.$count(stageRiderProgress)).toBe(3);

    // The holder goes (a clean shutdown): the standby takes the stage and its pass with it.
    await a.leases.release(race.stageId);
    await b.leases.settle();
    expect(b.leases.holds(race.stageId)).toBe(true);
    passes.mockClear();
    await Promise.all([a.store.advanceRunning(), b.store.advanceRunning()]);
    expect(passes.mock.calls.map((call) => call[0])).toEqual([race.stageId]);
  });
});
