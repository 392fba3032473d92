import { type Crossing, epochMs } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { TrackSummaries } from '../replay/track-summaries.ts';
import type { ScoredStage } from './classification-tables.ts';
import { revive } from './decided-rows.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { isEvidence } from './evidence-actions.ts';
import { type HeardFix, ProgressFeed } from './progress-feed.ts';
import type { RecordedEvidence } from './result-evidence.ts';
import { ResultsRepository, type StageRow } from './results.repository.ts';
import { type ResultSetRow, ResultsStoreRepository } from './results-store.repository.ts';
import type { ResultsStoreOptions } from './results-store-options.ts';
import { StageProgress } from './stage-progress.ts';
import { StageQueue } from './stage-queue.ts';
import { StageResultsWriter } from './stage-results-writer.ts';
import { toStageRows } from './stage-rows.ts';

/**
 * Stage results are computed when a stage finishes and stored; reads serve what was stored. New
 * evidence (an audited change, late fixes) marks a stage stale in the database — cheap, and seen by
 * every process — and the results are computed again off the request path once it settles, or by the
 * first read that finds them stale. Approved (official) results are never marked, so they change only
 * through an audited reopening. Each computation is audited, with its reason, and the race's
 * classifications after every stage from the one that changed are stored again with it.
 */
export class ResultsStore {
  private readonly repo: ResultsStoreRepository;
  /** The same tables read through the read pool: what requests are served from. */
  private readonly reads: ResultsStoreRepository;
  private readonly results: ResultsRepository;
  private readonly decisions: DecisionsRepository;
  private readonly writer: StageResultsWriter;
  private readonly tracks: TrackSummaries;
  private readonly progress: StageProgress;
  /** The stored fixes of running stages heard from ingest, fed to their passes (null: read back). */
  private readonly feeds: ProgressFeed | null;
  private readonly quietMs: number;
  private readonly pollMs: number;
  private readonly progressMs: number;
  private readonly ownsProgress: (stageId: string) => boolean;
  private readonly onError: (error: unknown, stageId: string) => void;
  private readonly onChanged: (raceId: string) => void;
  private readonly onTracksChanged: (raceId: string) => void;
  /** One computation (or progress pass) per stage at a time in this process; a second runs after the first. */
  private readonly queue = new StageQueue();
  /** Replay summaries made after results were stored, by stage (off the results' critical path). */
  private readonly summaries = new StageQueue();
  private timer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();
  private advancing: Promise<void> = Promise.resolve();

  constructor(db: Db, audit: AuditService, options: ResultsStoreOptions = {}) {
    this.repo = new ResultsStoreRepository(db);
    this.reads = new ResultsStoreRepository(options.readDb ?? db);
    this.results = new ResultsRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.feeds = options.feedFromMemory ? new ProgressFeed() : null;
    this.progress = new StageProgress(db, this.feeds);
    this.writer = new StageResultsWriter(db, audit, (raceId) => this.onChanged(raceId), this.progress);
    this.tracks = new TrackSummaries(db);
    this.quietMs = options.quietMs ?? 2000;
    this.pollMs = options.pollMs ?? 1000;
    this.progressMs = options.progressMs ?? 10_000;
    this.ownsProgress = options.ownsProgress ?? (() => true);
    this.onError = options.onError ?? (() => {});
    this.onChanged = options.onChanged ?? (() => {});
    this.onTracksChanged = options.onTracksChanged ?? (() => {});
  }

  /** Computes a stage's results from its evidence and stores them, unless they are official. */
  recompute(
    stageId: string,
    reason: string,
    by: string | null = null,
    options: { ifStale?: boolean; fromScratch?: boolean } = {},
  ): Promise<void> {
    return this.queue.run(stageId, () =>
      this.compute(stageId, reason, by, options.ifStale ?? false, options.fromScratch ?? false),
    );
  }

  /**
   * Brings the riders' GPS timing of every running stage this process owns up to date (what the
   * background does every `progressMs`), one stage at a time in the stage's own queue.
   */
  async advanceRunning(): Promise<void> {
    const owned = (await this.progress.runningStageIds()).filter((stageId) => this.ownsProgress(stageId));
    this.progress.keepFeeds(new Set(owned));
    for (const stageId of owned) {
      await this.queue
        .run(stageId, () => this.progress.advanceStage(stageId))
        .catch((error) => this.onError(error, stageId));
    }
  }

  /** Settles once the replay summary being made for a stage, if any, is stored (reads of it wait). */
  summarised(stageId: string): Promise<void> {
    return this.summaries.idle(stageId);
  }

  /** Hears the audit log: an audited change that is evidence marks the stage or the whole race stale. */
  async audited(action: string, target: { type: string; id?: string | null }, by: string | null) {
    if (!target.id || !isEvidence(action)) return;
    if (target.type === 'stage') {
      for (const raceId of await this.repo.markStale([target.id], action, by)) this.onChanged(raceId);
    } else if (target.type === 'race') {
      if (await this.repo.markRaceStale(target.id, action, by)) this.onChanged(target.id);
    }
  }

  /**
   * Hears ingest once a group commit's fixes are committed (before they are acknowledged): stored fixes
   * inside a stage's window mark it stale and riders' progress late, in one statement per commit.
   * Heard first, before that statement: a running stage's pass is fed them from memory (ProgressFeed).
   */
  async fixesStored(fixes: ReadonlyArray<HeardFix>): Promise<void> {
    this.feeds?.hear(fixes);
    for (const raceId of await this.repo.markByFixes(fixes)) this.onChanged(raceId);
  }

  /**
   * The background: `sweep` recomputes stale stages every `pollMs` once their evidence has settled
   * (where results are read: the api role; a stale mark is claimed once in the database), `progress`
   * brings running stages' timing up to date every `progressMs` (where stages are leased: the
   * processor role, each stage by its lease holder).
   */
  start(parts: { sweep: boolean; progress: boolean } = { sweep: true, progress: true }): void {
    if (parts.sweep && !this.timer) {
      this.timer = setInterval(() => {
        this.sweeping = this.sweeping.then(() => this.sweep()).catch(() => {});
      }, this.pollMs);
      this.timer.unref();
    }
    if (parts.progress && !this.progressTimer) {
      this.progressTimer = setInterval(() => {
        this.advancing = this.advancing.then(() => this.advanceRunning()).catch(() => {});
      }, this.progressMs);
      this.progressTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.timer = null;
    this.progressTimer = null;
    await this.sweeping;
    await this.advancing;
    await this.queue.drained();
    await this.summaries.drained();
  }

  private async sweep(): Promise<void> {
    for (const set of await this.repo.settledStale(this.quietMs)) {
      await this.recompute(set.stageId, set.staleReason ?? 'new evidence', set.staleBy, { ifStale: true });
    }
  }

  /**
   * The stages' stored result sets, computed first where a stage has started (or has an imported file)
   * but nothing is stored yet, or where new evidence made them stale.
   */
  async fresh(stages: readonly StageRow[]): Promise<Map<string, ResultSetRow>> {
    const sets = new Map((await this.reads.setsOfStages(stages.map((s) => s.id))).map((s) => [s.stageId, s]));
    let computed = false;
    for (const stage of stages) {
      const set = sets.get(stage.id);
      if (set ? set.staleSince === null : stage.startedAt === null && !(await this.hasImport(stage)))
        continue;
      await this.recompute(stage.id, set?.staleReason ?? 'first read', set?.staleBy ?? null, {
        ifStale: true,
      });
      computed = true;
    }
    if (!computed) return sets;
    return new Map((await this.repo.setsOfStages(stages.map((s) => s.id))).map((s) => [s.stageId, s]));
  }

  /** A stage's stored lines as the API presents them, fresh. */
  async stageRows(stage: StageRow) {
    await this.fresh([stage]);
    return (await this.reads.presentedRows(stage.id)).map((r) => r.row);
  }

  /** Each stage with stored results, as the scoring engine's rows: what classifications are built from. */
  async scored(stages: readonly StageRow[]): Promise<ScoredStage[]> {
    await this.fresh(stages);
    const rows = await this.reads.engineRows(stages.map((s) => s.id));
    return stages
      .map((stage) => {
        const joined = rows.filter((r) => r.stageId === stage.id).map((r) => revive(r.engine));
        return { stage, joined, rows: toStageRows(joined, stage) };
      })
      .filter((s) => s.joined.length > 0);
  }

  /**
   * The timing points' crossings the stage's stored results used (timing reads, else GPS), rider by
   * rider in time order; of one rider when named. What splits and segment records are drawn from.
   */
  async crossings(stage: StageRow, registrationId?: string): Promise<Map<string, Crossing[]>> {
    await this.fresh([stage]);
    const rows =
      registrationId === undefined
        ? await this.reads.evidenceRows(stage.id)
        : [await this.reads.row(stage.id, registrationId)].filter((r) => r !== null);
    return new Map(
      rows.map((r) => [
        r.registrationId,
        ((r.evidence as unknown as RecordedEvidence).crossings ?? []).map((c) => ({
          checkpointId: c.checkpointId,
          time: epochMs(c.at),
        })),
      ]),
    );
  }

  /** What a rider's stored result was computed from; 404 when the stage has no result for them. */
  async evidence(stage: StageRow, registrationId: string) {
    const set = (await this.fresh([stage])).get(stage.id);
    const row = await this.reads.row(stage.id, registrationId);
    if (!set || !row) throw notFound('No stored result for this rider on this stage');
    return { set, row };
  }

  /**
   * A stage's stored replay tracks (TrackSummaries), fresh like its results; made now, once, for a stage
   * whose results were stored before it had one (official results are never computed again).
   */
  async trackSummary(stage: StageRow) {
    await this.fresh([stage]);
    await this.summarised(stage.id);
    return (await this.tracks.stored(stage.id)) ?? (await this.tracks.store(stage.id));
  }

  /** A race's stored classification after a stage (call `fresh` on its stages first). */
  classification(raceId: string, afterStage: number, kind: string) {
    return this.reads.classification(raceId, afterStage, kind);
  }

  /** Stores the race's classifications again after every stage from `fromNumber` (approval, reopening). */
  reclassify(raceId: string, fromNumber: number): Promise<void> {
    return this.writer.reclassify(raceId, fromNumber);
  }

  private async hasImport(stage: StageRow): Promise<boolean> {
    return (await this.results.resultsOfStage(stage.id)).length > 0;
  }

  /** `ifStale`: only when nothing is stored yet or new evidence is pending (another caller may have just computed). */
  private async compute(
    stageId: string,
    reason: string,
    by: string | null,
    ifStale: boolean,
    fromScratch: boolean,
  ): Promise<void> {
    const [stage] = await this.results.stageById(stageId);
    if (!stage) return;
    const [existing] = await this.repo.setsOfStages([stageId]);
    const claimed = await this.repo.claim(stageId);
    // Official results are frozen (a mark made just before approval is dropped with them); a stage
    // approved before any results were stored is stored once.
    if (existing && (await this.decisions.approval(stageId))) return;
    if (ifStale && existing && !claimed) return;
    // The replay is made from the same fixes right after, off the results' critical path (it replays
    // every fix of the stage); reads of it wait for it, so none replays the fixes itself. It is queued
    // now, before any result is stored, so whoever sees the new results and waits for the summary
    // (`summarised`) waits for the new one, not only for one already queued.
    let stored!: (ok: boolean) => void;
    this.summarise(
      stageId,
      stage.raceId,
      new Promise<boolean>((resolve) => {
        stored = resolve;
      }),
    );
    try {
      await this.writer.store(stage, reason, claimed?.by ?? by, fromScratch);
      stored(true);
    } catch (error) {
      stored(false);
      this.onError(error, stageId);
      // The evidence is still unscored: mark it again so the sweep or the next read tries once more.
      if (claimed) await this.repo.markStale([stageId], claimed.reason ?? reason, claimed.by);
      // Lines may have been stored before the failure (the classifications after them were not).
      this.onChanged(stage.raceId);
      throw error;
    }
  }

  /**
   * Once the results are `stored` (not when storing them failed), the new summary replaces the one kept
   * tracks answers were made from: they are dropped once it is stored. Only they: the results and
   * classifications stored just before stay kept for the crowd.
   */
  private summarise(stageId: string, raceId: string, stored: Promise<boolean>): void {
    void this.summaries
      .run(stageId, async () => {
        if (!(await stored)) return false;
        await this.tracks.store(stageId);
        return true;
      })
      .then((made) => {
        if (made) this.onTracksChanged(raceId);
      })
      .catch((error) => this.onError(error, stageId));
  }
}
