import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { LiveRepository, type StageContext } from '../../live/live.repository.ts';
import { GpsPass, type GpsTiming, type PassFix, type RiderProgress } from './gps-pass.ts';
import { type ProgressFeed, passFix, type RiderFeed, type StageFeed } from './progress-feed.ts';
import { feedInSlices } from './progress-slices.ts';
import { ResultsRepository } from './results.repository.ts';
import { type ResultsCourse, resultsCourseOf } from './results-course.ts';
import {
  type ProgressMarks,
  type ProgressSave,
  StageProgressRepository,
} from './stage-progress.repository.ts';
import { type EvidenceWindow, evidenceWindow } from './stage-window.ts';

/**
 * Bumped when the saved progress's meaning changes: every stored one is then computed again (2: the
 * `real` readings fed as the singles the database holds, not their shortest decimals).
 */
const PROGRESS_VERSION = 2;

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
  /** The stored fixes this process heard (null: passes read every fix from the database). */
  private readonly feeds: ProgressFeed | null;

  /**
   * `feeds`: only where this process stores every fix (see ProgressFeed); the results store shares one
   * StageProgress between its background passes and its computations, which its stage queue runs one
   * at a time per stage.
   */
  constructor(db: Db, feeds: ProgressFeed | null = null) {
    this.repo = new StageProgressRepository(db);
    this.live = new LiveRepository(db);
    this.results = new ResultsRepository(db);
    this.feeds = feeds;
  }

  private feed(pass: GpsPass, reads: ReadonlyArray<{ id: string; after: number }>, to: number | null) {
    return feedInSlices(this.repo, pass, reads, to);
  }

  /** Stages under way, to bring up to date in the background. */
  runningStageIds(): Promise<string[]> {
    return this.repo.runningStageIds();
  }

  /** Forgets the fixes heard for stages other than these (finished, or no longer this process's). */
  keepFeeds(stageIds: ReadonlySet<string>): void {
    this.feeds?.keepOnly(stageIds);
  }

  /** Brings a running stage's progress up to date (nothing when it has no course or has not started). */
  async advanceStage(stageId: string): Promise<void> {
    const context = await this.live.loadStage(stageId);
    if (!context || !timeable(context)) return;
    const riders = context.riders.map((r) => r.id);
    const feed = this.feeds?.open(stageId);
    if (!(feed ? hasNews(feed, riders) : await this.repo.hasNews(stageId, riders))) return;
    const window = evidenceWindow(context.stage, await this.results.stagesOfRace(context.stage.raceId));
    if (window) await (await this.pass(context, window, { fromScratch: false, timing: false })).save();
  }

  /**
   * Every rider's GPS timing over the window, from their saved progress and the fixes since (all of
   * them when `fromScratch`), saved again for the next pass. With a feed open for the stage, a rider
   * whose saved progress this process saved last and whose every stored fix since it heard is fed the
   * fixes heard (none read back); the others are read from the database, their heard fixes dropped
   * first (the read holds them).
   */
  async advance(
    context: TimedStage,
    window: EvidenceWindow,
    options: { fromScratch?: boolean } = {},
  ): Promise<StageGps> {
    const { replayed, pass, save } = await this.pass(context, window, {
      fromScratch: options.fromScratch ?? false,
      timing: true,
    });
    return { replayed, gps: pass.timing(), save };
  }

  /**
   * `advance`, or without `timing` (the background pass, which only saves): then a rider fed from
   * memory with nothing heard since is left as saved, neither its progress read nor taken up.
   */
  private async pass(
    context: TimedStage,
    window: EvidenceWindow,
    options: { fromScratch: boolean; timing: boolean },
  ): Promise<{ replayed: ResultsCourse; pass: GpsPass; save: () => Promise<void> }> {
    const stageId = context.stage.id;
    const replayed = resultsCourseOf(context);
    const basis = basisOf(context.stage.startedAt, window, replayed);
    const feed = this.feeds?.of(stageId) ?? null;
    const epoch = feed?.epoch ?? 0;
    // With a feed and no timing wanted, the riders' marks first, the progress of only those taken up.
    const light = feed !== null && !options.timing;
    const saved = new Map<string, ProgressMarks & { progress?: string }>(
      options.fromScratch
        ? []
        : (light ? await this.repo.marksOf(stageId) : await this.repo.ofStage(stageId)).map((r) => [
            r.registrationId,
            r,
          ]),
    );
    const pass = new GpsPass(
      replayed,
      context.stage.startedAt,
      context.riders.map((r) => r.id),
    );
    const reads: Array<{ id: string; after: number }> = [];
    const continued = new Set<string>();
    const heard = new Map<string, PassFix[]>();
    const idle = new Set<string>();
    // From here to the reads' statements nothing waits on what is heard: whatever is heard after the
    // loop was stored after it (a rider's heard fixes are taken or dropped in the loop).
    for (const rider of context.riders) {
      const row = saved.get(rider.id);
      const own = feed?.rider(rider.id) ?? null;
      const late = own !== null && row?.throughMs != null && own.heard.some((f) => f.time <= row.throughMs!);
      // This process saved the rider last and heard every fix of theirs stored since.
      const synced =
        row !== undefined && own?.synced === true && own.through === row.throughMs && own.basis === basis;
      // Saved with no fix in the window yet (none read from its start, none heard since): nothing to resume.
      const unseen = synced && row.basis === basis && row.throughMs === null && row.lateFromMs === null;
      if ((unseen || (row && continues(row, basis, window))) && !late) {
        if (light && synced && own!.heard.length === 0 && row!.lateFromMs === null) {
          idle.add(rider.id);
          continue;
        }
        if (!unseen) continued.add(rider.id);
        if (synced) {
          heard.set(rider.id, takeInWindow(feed!, own!, window));
        } else {
          reads.push({ id: rider.id, after: row!.throughMs! });
        }
      } else {
        // A fix heard at or before the progress is late though its mark may not be stored yet: from the start.
        reads.push({ id: rider.id, after: window.from - 1 });
      }
      if (own) {
        if (!heard.has(rider.id)) feed!.take(own);
        own.synced = false;
      }
    }
    // Riders no longer on the stage's start list are no longer heard.
    if (feed && feed.riders.size > context.riders.length)
      feed.keepRiders(new Set(context.riders.map((r) => r.id)));
    const missing = [...continued].filter((id) => saved.get(id)!.progress === undefined);
    const texts = await this.repo.progressOf(stageId, missing);
    for (const id of continued) {
      const row = saved.get(id)!;
      let text = row.progress;
      if (text === undefined) {
        // Saved meanwhile by no one (one process, one pass a stage at a time): else the pass fails.
        const read = texts.get(id);
        if (read?.throughMs !== row.throughMs)
          throw new Error(`Stage ${stageId}: a rider's saved progress changed during the pass`);
        text = read!.progress;
      }
      pass.resume(id, JSON.parse(text) as RiderProgress);
    }
    const fed = reads.length > 0 ? await this.feed(pass, reads, window.to) : new Map<string, number>();
    for (const [id, fixes] of heard) {
      if (fixes.length === 0) continue;
      pass.feed(fixes);
      fed.set(id, fixes.length);
    }
    // Where each rider fed was read from: after their saved progress, or the window's start.
    const after = new Map(reads.map((r) => [r.id, r.after]));
    for (const id of heard.keys()) after.set(id, saved.get(id)!.throughMs ?? window.from - 1);
    const saves: ProgressSave[] = [];
    const kept = new Map<string, { through: number | null; basis: string }>();
    for (const rider of context.riders) {
      const id = rider.id;
      if (idle.has(id)) continue;
      const row = saved.get(id);
      // Unchanged: continued with no fix since and no late mark to clear (a rider yet to send stays saved).
      const unchanged = continued.has(id) || (row?.basis === basis && row.throughMs === null);
      if (row && unchanged && !fed.has(id) && row.lateFromMs === null) {
        kept.set(id, { through: row.throughMs, basis: row.basis });
        continue;
      }
      const progress = pass.progress(id)!;
      saves.push({
        registrationId: id,
        basis,
        throughMs: progress.track.lastFixAt,
        progress: JSON.stringify(progress),
        readLateFromMs: row?.lateFromMs ?? null,
      });
    }
    const save = async () => {
      await this.repo.save(stageId, saves);
      // A fix stored during the pass among those it read up to, but not read by it (stored out of order
      // after the read, its late mark checked against the progress before this save): redo the rider.
      // With the stage's feed hearing all along, such a fix was heard by now (else its mark, made after
      // it is heard, sees this save): a rider fed from memory is redone, a rider read is counted to tell
      // a fix the read held from one it missed. Without, every rider read is counted.
      const hearing = feed !== null && feed.epoch === epoch ? feed : null;
      const redo: string[] = [];
      const checks: Array<{ id: string; after: number; through: number; heard: number }> = [];
      for (const s of saves) {
        const id = s.registrationId;
        const through = s.throughMs;
        if (through === null || !fed.has(id)) continue;
        const own = hearing?.riders.get(id);
        if (hearing) {
          if (!own?.heard.some((f) => f.time <= through)) continue;
          if (heard.has(id)) {
            redo.push(id);
            continue;
          }
        }
        checks.push({ id, after: after.get(id)!, through, heard: own?.heard.length ?? 0 });
      }
      const counts = await this.repo.countsBetween(checks);
      const missed = checks.filter((c) => (counts.get(c.id) ?? 0) !== fed.get(c.id)).map((c) => c.id);
      await this.repo.markRedo(stageId, [...redo, ...missed], window.from);
      if (!hearing) return;
      // A rider counted whole: the fixes heard before the count, at or before the progress, were read.
      for (const c of checks) {
        const own = hearing.riders.get(c.id);
        if (!own || missed.includes(c.id)) continue;
        const read = own.heard.slice(0, c.heard).filter((f) => f.time <= c.through);
        if (read.length === 0) continue;
        own.heard = own.heard.filter((f, k) => k >= c.heard || f.time > c.through);
        hearing.size -= read.length;
      }
      for (const s of saves) kept.set(s.registrationId, { through: s.throughMs, basis });
      for (const id of [...redo, ...missed]) kept.delete(id);
      for (const [id, at] of kept) {
        const own = hearing.riders.get(id);
        if (!own) continue;
        own.through = at.through;
        own.basis = at.basis;
        own.synced = true;
      }
    };
    return { replayed, pass, save };
  }
}

/** Whether a pass has anything to do for a stage's feed: a rider it has not synced, or a fix heard. */
function hasNews(feed: StageFeed, riders: readonly string[]): boolean {
  return riders.some((id) => {
    const rider = feed.riders.get(id);
    return !rider?.synced || rider.heard.length > 0;
  });
}

/**
 * A rider's heard fixes a pass feeds, in time order: those inside the window (those after it are never
 * fed, as when read, and stay heard; those before it are dropped).
 */
function takeInWindow(feed: StageFeed, rider: RiderFeed, window: EvidenceWindow): PassFix[] {
  const heard = feed.take(rider);
  const fixes: PassFix[] = [];
  for (const f of heard) {
    if (f.time < window.from) continue;
    if (window.to === null || f.time <= window.to) fixes.push(passFix(f));
    else rider.heard.push(f);
  }
  feed.size += rider.heard.length;
  return fixes.sort((a, b) => a.time - b.time);
}

/** Whether a rider's saved progress can be continued: same basis, no late fix before it, inside the window. */
function continues(row: ProgressMarks, basis: string, window: EvidenceWindow): boolean {
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
