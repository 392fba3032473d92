import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { LiveRepository, type StageContext } from '../../live/live.repository.ts';
import { GpsPass, type GpsTiming, type PassFix, type RiderProgress } from './gps-pass.ts';
import { ResultsRepository } from './results.repository.ts';
import { type ResultsCourse, resultsCourseOf } from './results-course.ts';
import { type ProgressRow, type ProgressSave, StageProgressRepository } from './stage-progress.repository.ts';
import { type EvidenceWindow, evidenceWindow } from './stage-window.ts';

/** Fixes are read this much stage time at a time: ~100k fixes for 2,000 riders at one every 5 s. */
const SLICE_MS = 5 * 60_000;

/** Bumped when the saved progress's meaning changes: every stored one is then computed again. */
const PROGRESS_VERSION = 1;

export type TimedStage = StageContext & {
  stage: StageContext['stage'] & { startedAt: number };
  course: NonNullable<StageContext['course']>;
};

export const timeable = (context: StageContext): context is TimedStage =>
  context.stage.startedAt !== null && context.course !== null;

/** A stage's GPS timing as of now, and the course it was timed on. */
export interface StageGps {
  replayed: ResultsCourse;
  gps: GpsTiming;
  /**
   * Saves the riders' progress for the next pass: the results store calls it once the results are
   * stored (thousands of riders' states are not on the results' critical path).
   */
  save(): Promise<void>;
}

/**
 * Each rider's GPS timing on a stage kept up to date as their fixes come in, so that a stage's results
 * at the finish read only the fixes since the last pass (issue 16: a 2,000-rider stage's 5.8 M fixes
 * cannot be replayed in the seconds the official results have). A pass resumes every rider from their
 * saved progress (gps-pass.ts) and feeds the fixes timed after it. A rider is taken again from the
 * stage's start when their saved progress cannot be continued: a fix stored late at or before what was
 * read (phones send bursts late), a fix after the stage's window, or another start, course or lines.
 */
export class StageProgress {
  private readonly repo: StageProgressRepository;
  private readonly live: LiveRepository;
  private readonly results: ResultsRepository;

  constructor(db: Db) {
    this.repo = new StageProgressRepository(db);
    this.live = new LiveRepository(db);
    this.results = new ResultsRepository(db);
  }

  private feed(pass: GpsPass, reads: ReadonlyArray<{ id: string; after: number }>, to: number | null) {
    return feedInSlices(this.repo, pass, reads, to);
  }

  /** Stages under way, to bring up to date in the background. */
  runningStageIds(): Promise<string[]> {
    return this.repo.runningStageIds();
  }

  /** Brings a running stage's progress up to date (nothing when it has no course or has not started). */
  async advanceStage(stageId: string): Promise<void> {
    const context = await this.live.loadStage(stageId);
    if (!context || !timeable(context)) return;
    const riders = context.riders.map((r) => r.id);
    if (!(await this.repo.hasNews(stageId, riders))) return;
    const window = evidenceWindow(context.stage, await this.results.stagesOfRace(context.stage.raceId));
    if (window) await (await this.advance(context, window)).save();
  }

  /**
   * Every rider's GPS timing over the window, from their saved progress and the fixes since (all of
   * them when `fromScratch`), saved again for the next pass.
   */
  async advance(
    context: TimedStage,
    window: EvidenceWindow,
    options: { fromScratch?: boolean } = {},
  ): Promise<StageGps> {
    const stageId = context.stage.id;
    const replayed = resultsCourseOf(context);
    const basis = basisOf(context.stage.startedAt, window, replayed);
    const saved = new Map(
      options.fromScratch ? [] : (await this.repo.ofStage(stageId)).map((r) => [r.registrationId, r]),
    );
    const pass = new GpsPass(
      replayed,
      context.stage.startedAt,
      context.riders.map((r) => r.id),
    );
    const reads: Array<{ id: string; after: number }> = [];
    const continued = new Set<string>();
    for (const rider of context.riders) {
      const row = saved.get(rider.id);
      if (row && continues(row, basis, window)) {
        pass.resume(rider.id, JSON.parse(row.progress) as RiderProgress);
        reads.push({ id: rider.id, after: row.throughMs! });
        continued.add(rider.id);
      } else {
        reads.push({ id: rider.id, after: window.from - 1 });
      }
    }
    const fed = await this.feed(pass, reads, window.to);
    const saves: ProgressSave[] = [];
    const checks: Array<{ id: string; after: number; through: number }> = [];
    for (const read of reads) {
      const row = saved.get(read.id);
      // Unchanged: continued with no fix since and no late mark to clear (a rider yet to send stays saved).
      const unchanged = continued.has(read.id) || (row?.basis === basis && row.throughMs === null);
      if (row && unchanged && !fed.has(read.id) && row.lateFromMs === null) continue;
      const progress = pass.progress(read.id)!;
      const through = progress.track.lastFixAt;
      saves.push({
        registrationId: read.id,
        basis,
        throughMs: through,
        progress: JSON.stringify(progress),
        readLateFromMs: row?.lateFromMs ?? null,
      });
      if (through !== null && fed.has(read.id)) checks.push({ id: read.id, after: read.after, through });
    }
    const save = async () => {
      await this.repo.save(stageId, saves);
      // A fix stored during the pass among those it read up to, but not read by it (stored out of order
      // after the read, its late mark checked against the progress before this save): redo the rider.
      const counts = await this.repo.countsBetween(checks);
      const missed = checks.filter((c) => (counts.get(c.id) ?? 0) !== fed.get(c.id));
      await this.repo.markRedo(
        stageId,
        missed.map((c) => c.id),
        window.from,
      );
    };
    return { replayed, gps: pass.timing(), save };
  }
}

/**
 * Feeds the pass each rider's fixes after their own `after`, a slice of time at a time so that a rider
 * taken from the start (or a whole stage from scratch) never holds millions of fixes at once. Answers
 * how many fixes each rider was fed.
 */
async function feedInSlices(
  repo: StageProgressRepository,
  pass: GpsPass,
  reads: ReadonlyArray<{ id: string; after: number }>,
  to: number | null,
): Promise<Map<string, number>> {
  const fed = new Map<string, number>();
  const count = (fixes: readonly PassFix[]) => {
    for (const f of fixes) fed.set(f.registrationId, (fed.get(f.registrationId) ?? 0) + 1);
    pass.feed(fixes);
  };
  // Slices reach the riders' latest fix, not the window's end: at the finish every rider is within
  // seconds of it, and a query per empty slice would cost more than the fixes themselves.
  const latest = await repo.latestFix(reads.map((r) => r.id));
  const end = Math.min(to ?? Number.POSITIVE_INFINITY, latest ?? Number.NEGATIVE_INFINITY);
  let sliceFrom = Math.min(...reads.map((r) => r.after));
  while (sliceFrom + SLICE_MS < end) {
    const sliceTo = sliceFrom + SLICE_MS;
    const behind = reads.filter((r) => r.after < sliceTo);
    count(
      await repo.fixesAfter(
        behind.map((r) => ({ id: r.id, after: Math.max(r.after, sliceFrom) })),
        sliceTo,
      ),
    );
    sliceFrom = sliceTo;
  }
  // The rest to the window's end (or with no end while it runs: phones' clocks may run ahead).
  count(
    await repo.fixesAfter(
      reads.map((r) => ({ id: r.id, after: Math.max(r.after, sliceFrom) })),
      to,
    ),
  );
  return fed;
}

/** Whether a rider's saved progress can be continued: same basis, no late fix before it, inside the window. */
function continues(row: ProgressRow, basis: string, window: EvidenceWindow): boolean {
  if (row.basis !== basis || row.throughMs === null) return false;
  if (row.lateFromMs !== null && row.lateFromMs <= row.throughMs) return false;
  return window.to === null || row.throughMs <= window.to;
}

/** What a saved progress was computed on: the start, the window's start and the results course. */
function basisOf(startedAt: number, window: EvidenceWindow, replayed: ResultsCourse): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: PROGRESS_VERSION, startedAt, from: window.from, course: replayed.course }))
    .digest('base64url');
}
