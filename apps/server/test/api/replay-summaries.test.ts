import { TRACK_SAMPLE_STRIDE } from '@echelon/contracts';
import { ridersOut } from '@echelon/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixes, stageTrackSummaries } from '../../src/db/schema.ts';
import { LiveRepository } from '../../src/live/live.repository.ts';
import { ReplayRepository } from '../../src/modules/replay/replay.repository.ts';
import { replayStage, StageReplayer } from '../../src/modules/replay/stage-replay.ts';
import { stageTracksOf } from '../../src/modules/replay/stage-tracks.ts';
import { summarisable, summaryStep } from '../../src/modules/replay/track-summaries.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface Track {
  id: string;
  bib: number;
  t0: number | null;
  samples: number[];
  finish: number | null;
}

/** Absolute sample times (ms) of a track. */
const times = (track: Track) =>
  Array.from(
    { length: track.samples.length / TRACK_SAMPLE_STRIDE },
    (_, k) => track.t0! + track.samples[k * TRACK_SAMPLE_STRIDE]! * 1000,
  );

/** Replays read the summary stored with the stage's results, never the fixes. */
describe.skipIf(databaseUnavailable !== null)('stored track summaries', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 2 * 60 * 60_000;
  const tracks = async (query: string) =>
    (await t.anonymous.get(`/api/v1/stages/${race.stageId}/tracks${query}`)).json();

  beforeAll(async () => {
    t = await startTestApp();
    // Another race's finished stage in the same database: its summary must not leak into this one.
    const other = await setUpLiveRace(t, 2);
    await recordRace(t, other, start, { 1: steadyRide([{ to: 10_050, speed: 11 }]) }, start + 1_200_000);
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
    await t?.close();
  });

  it('is made a slice of fixes at a time exactly as one replay of every fix at once', async () => {
    const context = (await new LiveRepository(t.database.db).loadStage(race.stageId))!;
    expect(summarisable(context)).toBe(true);
    if (!summarisable(context)) return;
    const ids = context.riders.map((r) => r.id);
    const all = await new ReplayRepository(t.database.db).fixesBetween(
      ids,
      context.stage.startedAt,
      context.stage.finishedAt,
    );
    const out = ridersOut(context.riderOutDecisions);
    const atOnce = stageTracksOf(context, replayStage(context, all, { stepMs: 5000 }), out, 5);
    // Slices cut anywhere, within a step too (7 fixes of 3 riders sending every 3, 5 and 7 s).
    const replayer = new StageReplayer(context, { stepMs: 5000 });
    for (let k = 0; k < all.length; k += 7) replayer.feed(all.slice(k, k + 7));
    expect(stageTracksOf(context, replayer.finish(), out, 5)).toEqual(atOnce);
    // The summary is made right after the results: a read of the tracks waits for it.
    expect((await tracks('?step=5')).step).toBe(5);
    const [stored] = await t.database.db
      .select()
      .from(stageTrackSummaries)
      .where(eq(stageTrackSummaries.stageId, race.stageId));
    expect(JSON.parse(stored!.body)).toEqual(atOnce);
    expect(atOnce.riders.every((r) => r.samples.length > 0)).toBe(true);
  });

  it('gives every rider’s tracks at a coarser step exactly as that rider’s own replay at it', async () => {
    const all = await tracks('?step=20');
    expect(all.step).toBe(20);
    for (const rider of all.riders as Track[]) {
      const alone = await tracks(`?step=20&registrationId=${rider.id}`);
      const own = alone.riders.find((r: Track) => r.id === rider.id) as Track;
      expect(times(rider), `bib ${rider.bib}`).toEqual(times(own));
      expect(rider.samples.filter((_, k) => k % TRACK_SAMPLE_STRIDE === 1)).toEqual(
        own.samples.filter((_, k) => k % TRACK_SAMPLE_STRIDE === 1),
      );
      expect(rider.finish).toBe(own.finish);
    }
    expect((all.riders as Track[]).find((r) => r.bib === 3)!.finish).toBeNull();
  });

  it('serves the stored summary without the fixes; only one rider’s tracks replay them', async () => {
    const [stored] = await t.database.db
      .select()
      .from(stageTrackSummaries)
      .where(eq(stageTrackSummaries.stageId, race.stageId));
    expect(stored?.step).toBe(5);
    const before = await tracks('?step=5');
    const rider = race.riders[0]!.id;
    expect((await tracks(`?step=5&registrationId=${rider}`)).riders[0].samples.length).toBeGreaterThan(0);

    // Fixes gone from under it (no audited change, so the results stay as stored): the summary stands.
    await t.database.db.delete(fixes).where(eq(fixes.registrationId, rider));
    expect(await tracks('?step=5')).toEqual(before);
    expect((await tracks(`?step=5&registrationId=${rider}`)).riders[0].samples).toEqual([]);
  });

  it('keeps a big field’s summary within its budget: coarser steps for more riders and hours', () => {
    const hours = (h: number) => h * 3_600_000;
    expect(summaryStep(3, hours(0.5))).toBe(5);
    expect(summaryStep(300, hours(4))).toBe(20);
    expect(summaryStep(2000, hours(4))).toBe(120);
    for (const [riders, h] of [
      [300, 4],
      [800, 3],
    ] as const) {
      const samples = (riders * hours(h)) / 1000 / summaryStep(riders, hours(h));
      expect(samples).toBeLessThanOrEqual(250_000);
    }
  });
});
