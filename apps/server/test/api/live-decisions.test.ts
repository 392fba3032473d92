import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveRepository } from '../../src/live/live.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { processorOn, snapshotAfterRestart } from '../support/rebuilt-processor.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rider {
  bib: number;
  rank: number;
  cond: string;
}

/**
 * Riders a commissaire takes out of the race stay out of the live standings when the processor
 * rebuilds the stage from the database (a restart, a take-over), and come back when the decision is
 * revoked.
 */
describe.skipIf(databaseUnavailable !== null)('live feed: riders out by decision', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 10 * 60_000;
  const decisionIds = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await setUpLiveRace(t, 3);
    const started = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: start,
    });
    expect(started.statusCode).toBe(200);
    // Bib 1 leads, bib 3 is last: 3 km, 2 km and 1 km after 100 s.
    for (const [i, rider] of race.riders.entries()) {
      const token = (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json()
        .token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      const metres = 3000 - 1000 * i;
      const sent = await device.post('/api/v1/track/batch', {
        fixes: [
          { time: start + 90_000, ...along(metres - 100), accuracy: 5 },
          { time: start + 100_000, ...along(metres), accuracy: 5 },
        ],
      });
      expect(sent.json().accepted).toBe(2);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const byBib = (snapshot: { riders: Rider[] }) =>
    new Map(snapshot.riders.map((r) => [r.bib, { rank: r.rank, cond: r.cond }]));

  /** The running app's live snapshot, a few ticks after the last change. */
  const live = async () => {
    await sleep(200);
    return byBib((await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json());
  };

  /** The snapshot of a processor that starts now on the same database, as after a restart. */
  const afterRestart = async () => {
    const json = await snapshotAfterRestart(t.database.db, race.stageId);
    expect(json).not.toBeNull();
    return byBib(JSON.parse(json!));
  };

  const decide = async (bib: number, body: Record<string, unknown>) => {
    const rider = race.riders.find((r) => r.bib === bib)!;
    const response = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
      registrationId: rider.id,
      ...body,
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const revoke = async (id: string) =>
    expect((await race.organiser.delete(`/api/v1/decisions/${id}`)).statusCode).toBe(204);

  it('takes the leader out on a DNF, and bib 2 on a DSQ', async () => {
    const before = await live();
    expect([1, 2, 3].map((bib) => before.get(bib))).toEqual([
      { rank: 1, cond: 'racing' },
      { rank: 2, cond: 'racing' },
      { rank: 3, cond: 'racing' },
    ]);
    decisionIds.set('dnf', await decide(1, { kind: 'status', status: 'DNF', reason: 'abandoned' }));
    decisionIds.set('dsq', await decide(2, { kind: 'status', status: 'DSQ', reason: 'towed by a car' }));
    const riders = await live();
    expect(riders.get(3)).toEqual({ rank: 1, cond: 'racing' });
    expect(riders.get(1)?.cond).toBe('dnf');
    expect(riders.get(2)?.cond).toBe('dnf');
  });

  it('keeps them out when the processor rebuilds the stage from the database', async () => {
    const riders = await afterRestart();
    expect(riders.get(3)).toEqual({ rank: 1, cond: 'racing' });
    expect(riders.get(1)?.cond).toBe('dnf');
    expect(riders.get(2)?.cond).toBe('dnf');
  });

  it('puts a rider whose DNF is revoked back in the standings, live and after a restart', async () => {
    await revoke(decisionIds.get('dnf')!);
    expect((await live()).get(1)).toEqual({ rank: 1, cond: 'racing' });
    expect((await afterRestart()).get(1)).toEqual({ rank: 1, cond: 'racing' });
  });

  it('takes a rider out again when their reinstatement is revoked and the DSQ stands', async () => {
    const reinstated = await decide(2, { kind: 'reinstate', reason: 'appeal upheld' });
    expect((await live()).get(2)).toEqual({ rank: 2, cond: 'racing' });
    expect((await afterRestart()).get(2)).toEqual({ rank: 2, cond: 'racing' });
    await revoke(reinstated);
    expect((await live()).get(2)?.cond).toBe('dnf');
    expect((await afterRestart()).get(2)?.cond).toBe('dnf');
  });

  it('applies a rider-out event that arrives while the stage is loading', async () => {
    /** Reads the stage, then holds the answer until the test lets it go. */
    class HeldRepository extends LiveRepository {
      reached = Promise.withResolvers<void>();
      release = Promise.withResolvers<void>();
      override async loadStage(stageId: string) {
        const context = await super.loadStage(stageId);
        this.reached.resolve();
        await this.release.promise;
        return context;
      }
    }
    const repo = new HeldRepository(t.database.db);
    const { processor: loading, bus } = processorOn(t.database.db, { live: repo });
    const started = loading.start();
    await repo.reached.promise;
    const last = race.riders.find((r) => r.bib === 3)!;
    bus.publishControl({
      type: 'rider-out',
      stageId: race.stageId,
      registrationId: last.id,
      out: true,
      at: Date.now(),
    });
    repo.release.resolve();
    await started;
    await sleep(10);
    loading.tick();
    try {
      const riders = byBib(JSON.parse(loading.snapshot(race.stageId)!));
      expect(riders.get(3)?.cond).toBe('dnf');
    } finally {
      loading.stop();
    }
  });
});
