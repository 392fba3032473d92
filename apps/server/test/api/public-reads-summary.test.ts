import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrackSummaries } from '../../src/modules/replay/track-summaries.ts';
import { StageResultsWriter } from '../../src/modules/results/stage-results-writer.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A stage's replay summary is stored right after its results (off their critical path). Only the
 * race's tracks answers read it, so only they go when it lands: the results, classifications, rider
 * pages and statistics the crowd read in between stay kept.
 */
describe.skipIf(databaseUnavailable !== null)('public answers when a replay summary is stored', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 2 * 60 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    await recordRace(
      t,
      race,
      start,
      {
        1: steadyRide([{ to: 10_050, speed: 10 }], 5),
        2: steadyRide([{ to: 10_050, speed: 9.3 }], 3),
        3: steadyRide([{ to: 7000, speed: 8 }], 7),
      },
      start + 1_500_000,
    );
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it('drops only the race’s tracks answers, and keeps the answers read before it lands', async () => {
    const store = t.services.resultsStore;
    const kept = t.services.publicReads;
    const tracks = `/api/v1/stages/${race.stageId}/tracks`;
    const others = [
      `/api/v1/stages/${race.stageId}/results`,
      `/api/v1/races/${race.raceId}/classifications/general`,
      `/api/v1/races/${race.raceId}/statistics`,
      `/api/v1/registrations/${race.riders[1]!.id}/profile`,
      '/api/v1/statistics',
    ];
    // The finish's results and summary stored first; then no background pass while counting.
    await store.recompute(race.stageId, 'settle', null, { ifStale: true });
    await store.summarised(race.stageId);
    await store.stop();
    const before = (await t.anonymous.get(tracks)).body;

    // A commissaire's recompute: the results are stored, their summary is held back until released.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const made = TrackSummaries.prototype.store;
    const spy = vi.spyOn(TrackSummaries.prototype, 'store').mockImplementation(async function (
      this: TrackSummaries,
      stageId: string,
    ) {
      await held;
      return made.call(this, stageId);
    });
    await store.recompute(race.stageId, 'a decision');
    // The crowd reads what was just stored (each computed once, then kept).
    const first = new Map<string, string>();
    for (const url of others) {
      const response = await t.anonymous.get(url);
      expect(response.statusCode, url).toBe(200);
      first.set(url, response.body);
    }
    release();
    await store.summarised(race.stageId);
    expect(spy).toHaveBeenCalledTimes(1);

    const counts = { ...kept.counts };
    for (const url of others) {
      const response = await t.anonymous.get(url);
      expect(response.body, url).toBe(first.get(url));
    }
    // Every one a hit: the summary's landing dropped none of them.
    expect(kept.counts.hits - counts.hits).toBe(others.length);
    expect(kept.counts.misses - counts.misses).toBe(0);
    // The tracks answer is read anew from the new summary (the same ride: the same answer).
    const again = await t.anonymous.get(tracks);
    expect(again.statusCode).toBe(200);
    expect(kept.counts.misses - counts.misses).toBe(1);
    expect(again.body).toBe(before);
    vi.restoreAllMocks();
  });

  it('has whoever sees the new results and waits for the summary wait for the new one', async () => {
    const store = t.services.resultsStore;
    // The results' lines are stored but their computation has not returned yet (classifications).
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const write = StageResultsWriter.prototype.store;
    let written!: () => void;
    const linesStored = new Promise<void>((resolve) => {
      written = resolve;
    });
    vi.spyOn(StageResultsWriter.prototype, 'store').mockImplementation(async function (
      this: StageResultsWriter,
      ...args: Parameters<StageResultsWriter['store']>
    ) {
      await write.apply(this, args);
      written();
      await held;
    });
    const summaries = vi.spyOn(TrackSummaries.prototype, 'store');
    const computing = store.recompute(race.stageId, 'late evidence');
    await linesStored;
    let summarised = false;
    const waiting = store.summarised(race.stageId).then(() => {
      summarised = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(summarised).toBe(false);
    release();
    await computing;
    await waiting;
    expect(summaries).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });
});
