import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type GroundTruth, groundTruthAt, runSimulation } from '@echelon/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { LiveWatcher } from '../support/live-watcher.ts';
import { multipartFile, SHARED_DATA, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Simulator → server → spectator WebSocket, on a real course: the live order a spectator sees must
 * match the simulator's ground truth, and the finish times must be within a second of the truth.
 */
const COURSE = `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`;
/** Riders closer than this in truth are within GPS noise of each other: their order is a coin toss. */
const ORDER_TOLERANCE_M = 25;
/** A rider whose last fix is older than this is shown as stale, not live; its order is not claimed. */
const FRESH_MS = 15_000;

describe.skipIf(databaseUnavailable !== null)('a simulated race, end to end', () => {
  let t: TestApp;
  let watcher: LiveWatcher;
  let truth: GroundTruth;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 250 });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const base = `127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
    const { client: organiser } = await t.signIn('organiser');
    const race = (
      await organiser.post('/api/v1/races', { name: 'E2E Grand Prix', visibility: 'public' })
    ).json();
    const stage = (
      await organiser.post(`/api/v1/races/${race.id}/stages`, { name: 'Nuits – Gevrey', format: 'road_race' })
    ).json();
    const form = await multipartFile('file', 'stage7.gpx', readFileSync(COURSE));
    expect(
      (await organiser.put(`/api/v1/stages/${stage.id}/course`, form.payload, form.headers)).statusCode,
    ).toBe(200);
    await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
      kind: 'timing',
      name: 'Split',
      distance: 12_000,
    });
    const token = (await organiser.post('/api/v1/tokens', { name: 'simulator' })).json().token;

    watcher = new LiveWatcher();
    truth = await runSimulation({
      server: `http://${base}`,
      raceId: race.id,
      stageId: stage.id,
      token,
      riders: 30,
      speedup: 60,
      protocol: 'native',
      seed: 2026,
      start: true,
      onReady: () => {
        void watcher.watch(`ws://${base}/api/v1/live`, stage.id);
      },
    });
    // Let the last fixes reach the processor and one more tick go out.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    watcher.close();
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('shows the live order of the ground truth for at least 99 % of rider-ticks after the first minute', () => {
    let checked = 0;
    let correct = 0;
    for (const observation of watcher.observations) {
      if (observation.at - truth.startTime < 60_000) continue;
      const real = new Map(groundTruthAt(truth, observation.at).map((r) => [r.registrationId, r.distance]));
      const live = observation.riders.filter(
        (r) => r.cond === 'racing' && r.fix !== null && observation.at - r.fix <= FRESH_MS && real.has(r.id),
      );
      for (const rider of live) {
        const mine = real.get(rider.id)!;
        const wrong = live.some((other) => {
          if (other === rider) return false;
          const theirs = real.get(other.id)!;
          if (Math.abs(theirs - mine) < ORDER_TOLERANCE_M) return false;
          return theirs > mine !== other.rank < rider.rank;
        });
        checked += 1;
        if (!wrong) correct += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(correct / checked).toBeGreaterThanOrEqual(0.99);
  });

  it('gives every finisher a finish time within 1 s of the truth', () => {
    const last = watcher.observations.at(-1)!;
    const finishers = truth.riders.filter((r) => r.finishTime !== null && !r.dnf);
    expect(finishers.length).toBeGreaterThan(20);
    for (const rider of finishers) {
      const seen = last.riders.find((r) => r.id === rider.registrationId);
      expect(seen?.fin, `bib ${rider.bib}`).not.toBeNull();
      expect(Math.abs(seen!.fin! - rider.finishTime!), `bib ${rider.bib}`).toBeLessThanOrEqual(1000);
    }
  });

  it('never made the spectator miss a frame', () => {
    expect(watcher.observations.length).toBeGreaterThan(50);
    expect(watcher.missedSeqs).toBe(0);
  });
});
