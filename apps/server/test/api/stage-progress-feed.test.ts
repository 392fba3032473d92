import { mulberry32 as random } from '@echelon/simulator';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { stageRiderProgress, storedStageResults } from '../../src/db/schema.ts';
import { StageProgressRepository } from '../../src/modules/results/stage-progress.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, login, startTestApp, type TestApp } from '../support/test-app.ts';

interface Delivery {
  bib: number;
  /** Epoch ms on the phone's own clock. */
  time: number;
  metres: number;
  north: number;
  accuracy: number;
  speed: number;
  /** Seconds after the start when it reaches the server. */
  arrives: number;
}

const RIDERS = 8;
const FINISH_M = 10_000;
/** Rider 4 is silent from 130 s to 290 s after the start, then its phone sends all it kept as one burst. */
const SILENT = [130, 290] as const;
/** Rider 8's phone is switched on 250 s after the start: its progress is saved with no fix for a while. */
const SWITCHED_ON = 250;
/** Rider 2's phone sends one fix it had kept back (timed 200 s after the start) 300 s after the start. */
const KEPT = { bib: 2, at: 200, arrives: 300 };

/**
 * Running stages' passes are fed the fixes this process stored, heard from ingest, instead of reading
 * them back (issue 17). The stage is ridden as on race day — phones on their own clocks stamping
 * milliseconds, accuracies and speeds with many decimals (the database keeps them in single precision),
 * a rider silent for minutes then a late burst, a phone switched on late, a fix timed before a rider's
 * progress, and the server restarted between two passes (a new app on the same database) — and what is
 * stored must equal a recompute from scratch, while the passes between the first and the restart read
 * no fix back.
 */
describe.skipIf(databaseUnavailable !== null)('stage progress fed from the fixes heard', () => {
  let t: TestApp;
  /** The app passes run in: the test's first one, then the one started after the "restart". */
  let app: App;
  let organiser: Client;
  let race: LiveRace;
  const start = Date.now() - 5 * 3600_000;
  const finishAt = start + 1500_000;
  const tokens = new Map<number, string>();
  const sent = new Map<number, number[]>();
  const rnd = random(1717);
  let reads: MockInstance<StageProgressRepository['fixesAfter']>;
  let counts: MockInstance<StageProgressRepository['countsBetween']>;

  const deliveries: Delivery[] = [];
  for (let bib = 1; bib <= RIDERS; bib++) {
    const clock = Math.round((rnd() - 0.5) * 5000);
    const interval = 2 + rnd() * 8;
    const accuracy = 3 + rnd() * 9;
    const speed = 10.5 + bib * 0.35 + rnd();
    for (let s = -40 + rnd() * interval; s <= FINISH_M / speed + 60; s += interval) {
      const radius = Math.min(accuracy, Math.abs(rnd() - 0.5) * accuracy);
      const angle = rnd() * 2 * Math.PI;
      if (bib === 8 && s < SWITCHED_ON) continue;
      const silent = bib === 4 && s >= SILENT[0] && s < SILENT[1];
      deliveries.push({
        bib,
        time: Math.round(start + s * 1000 + clock),
        metres: Math.max(0, s) * speed + radius * Math.cos(angle),
        north: radius * Math.sin(angle),
        accuracy: accuracy + rnd() / 7,
        speed: speed + (rnd() - 0.5) / 3,
        arrives: silent ? SILENT[1] : s,
      });
    }
  }
  // Rider 2's kept-back fix: between two of its fixes, sent long after both.
  const keptAfter = deliveries.filter((d) => d.bib === KEPT.bib && d.arrives <= KEPT.at).at(-1)!;
  deliveries.push({
    ...keptAfter,
    time: keptAfter.time + 700,
    metres: keptAfter.metres + 7,
    arrives: KEPT.arrives,
  });

  const riderOf = (bib: number) => race.riders.find((r) => r.bib === bib)!;
  const device = async (bib: number) => {
    let token = tokens.get(bib);
    if (!token) {
      token = (await organiser.post(`/api/v1/registrations/${riderOf(bib).id}/device-tokens`)).json()
        .token as string;
      tokens.set(bib, token);
    }
    return new Client(app.http, { authorization: `Bearer ${token}` });
  };
  /** One batch per phone of what reached the server in (from, to] seconds after the start. */
  const deliver = async (from: number, to: number) => {
    for (let bib = 1; bib <= RIDERS; bib++) {
      const batch = deliveries
        .filter((d) => d.bib === bib && d.arrives > from && d.arrives <= to)
        .sort((a, b) => a.time - b.time);
      if (batch.length === 0) continue;
      const body = {
        fixes: batch.map((d) => {
          const at = along(d.metres);
          return {
            time: d.time,
            lat: at.lat + d.north / 111_132.95,
            lon: at.lon,
            accuracy: d.accuracy,
            speed: d.speed,
          };
        }),
      };
      const response = await (await device(bib)).post('/api/v1/track/batch', body);
      expect(response.json().accepted, response.body).toBe(batch.length);
      sent.set(
        bib,
        [...(sent.get(bib) ?? []), ...batch.map((d) => d.time)].sort((a, b) => a - b),
      );
    }
    await app.services.ingest.drain();
  };
  /** The riders whose fixes the database was asked for since the last call (by bib). */
  const readBack = () => {
    const bibs = reads.mock.calls.flatMap(([riders]) =>
      riders.map((r) => race.riders.find((x) => x.id === r.id)!.bib),
    );
    reads.mockClear();
    return [...new Set(bibs)].sort((a, b) => a - b);
  };
  const stored = async () => {
    const rows = await t.database.db
      .select()
      .from(storedStageResults)
      .where(eq(storedStageResults.stageId, race.stageId))
      .orderBy(asc(storedStageResults.position));
    for (const row of rows) delete (row.engine.result as { importedAt?: string }).importedAt;
    return JSON.stringify(rows);
  };
  const progress = () =>
    t.database.db.select().from(stageRiderProgress).where(eq(stageRiderProgress.stageId, race.stageId));
  const savedProgress = async () =>
    (await progress())
      .map((r) => ({ id: r.registrationId, through: r.throughMs, progress: JSON.parse(r.progress) }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  const recomputes = async () =>
    (
      (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${race.stageId}`)).json().items as Array<{
        action: string;
        details: { reason?: string };
      }>
    ).filter((e) => e.action === 'results.recompute');

  /** Riders read back per phase: the first pass, steady passes, after the late fix, after the restart. */
  const phases: Record<string, number[]> = {};
  let steadyCounts = -1;
  const midStage = { incremental: '', scratch: '' };
  let atFinish = '';

  beforeAll(async () => {
    reads = vi.spyOn(StageProgressRepository.prototype, 'fixesAfter');
    counts = vi.spyOn(StageProgressRepository.prototype, 'countsBetween');
    t = await startTestApp();
    app = t;
    race = await setUpLiveRace(t, RIDERS);
    organiser = race.organiser;
    const live = await organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
    expect(live.statusCode, live.body).toBe(200);

    await deliver(-60, 120);
    await app.services.resultsStore.advanceRunning();
    phases.first = readBack();
    counts.mockClear();
    await deliver(120, 180);
    await app.services.resultsStore.advanceRunning();
    await deliver(180, 240);
    await app.services.resultsStore.advanceRunning();
    phases.steady = readBack();
    steadyCounts = counts.mock.calls.reduce((n, [riders]) => n + riders.length, 0);
    // Rider 2's kept-back fix is timed before what its progress has read: that rider alone is read
    // again. Rider 4's burst after minutes of silence is all after its progress, and rider 8's first
    // fixes after none: both fed from memory.
    await deliver(240, 300);
    await app.services.resultsStore.advanceRunning();
    phases.late = readBack();
    // Results computed mid-stage from the progress, then from scratch, are the same.
    await app.services.resultsStore.recompute(race.stageId, 'check');
    midStage.incremental = await stored();
    await app.services.resultsStore.recompute(race.stageId, 'check', null, { fromScratch: true });
    midStage.scratch = await stored();
    await deliver(300, 360);
    await app.services.resultsStore.advanceRunning();
    readBack();

    // The server restarts between two passes: a new app on the same database, phones reconnecting.
    await t.http.close();
    app = await buildApp({
      database: t.database,
      publicUrl: 'http://localhost:3000',
      logLevel: 'silent',
      loginRateLimitPerMinute: 1000,
      sessionTtlDays: 14,
      tickMs: 1000,
      webDistDir: null,
    });
    t.admin = await login(app.http, 'admin@example.org', 'correct horse battery');
    organiser = new Client(app.http, organiser.headers);
    await deliver(360, 480);
    await app.services.resultsStore.advanceRunning();
    phases.restarted = readBack();
    await deliver(480, 700);
    await app.services.resultsStore.advanceRunning();
    phases.afterRestart = readBack();

    await deliver(700, 2000);
    const finished = await organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'finished',
      at: finishAt,
    });
    expect(finished.statusCode, finished.body).toBe(200);
    const deadline = Date.now() + 20_000;
    while (!(await recomputes()).some((e) => e.details.reason === 'stage finished') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    // The progress is saved once the results are stored (and audited): wait for the computation's end.
    await app.services.resultsStore.stop();
    atFinish = await stored();
  }, 180_000);
  afterAll(async () => {
    reads?.mockRestore();
    counts?.mockRestore();
    await app?.http.close();
    // The first app is closed already; this drops the database.
    await t?.close();
  });

  it('reads back only riders it cannot continue from what it heard', () => {
    const all = Array.from({ length: RIDERS }, (_, k) => k + 1);
    expect(phases.first).toEqual(all);
    // Continued from the fixes heard: none read back, none counted again.
    expect(phases.steady).toEqual([]);
    expect(steadyCounts).toBe(0);
    expect(phases.late).toEqual([KEPT.bib]);
    // A new process heard nothing before it: every rider read once from their saved progress, then none.
    expect(phases.restarted).toEqual(all);
    expect(phases.afterRestart).toEqual([]);
  });

  it('kept each rider’s progress through every fix sent, the late ones included', async () => {
    const rows = await progress();
    expect(rows).toHaveLength(RIDERS);
    for (const row of rows) {
      const bib = race.riders.find((r) => r.id === row.registrationId)!.bib;
      expect(row.throughMs).toBe(sent.get(bib)!.at(-1));
      expect(row.lateFromMs).toBeNull();
      expect(JSON.parse(row.progress).fixes).toBe(sent.get(bib)!.length);
    }
  });
  it('stores what a recompute from scratch stores, mid-stage and at the finish', async () => {
    expect(midStage.incremental).not.toBe('[]');
    expect(midStage.incremental).toBe(midStage.scratch);
    const kept = await savedProgress();
    await app.services.resultsStore.recompute(race.stageId, 'check', null, { fromScratch: true });
    expect(await stored()).toBe(atFinish);
    // Every rider's saved progress is the one a pass over all their fixes saves, to the last decimal
    // of the last fix's accuracy (kept in single precision by the database, heard in double).
    expect(await savedProgress()).toEqual(kept);
  });
});
