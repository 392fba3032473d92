import type { Db } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { storedClassificationsOf } from './classification-sets.ts';
import type { ScoredStage } from './classification-tables.ts';
import { decidedRows, revive } from './decided-rows.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { presentStageRows } from './present-stage-results.ts';
import { decisionsEvidence } from './result-evidence.ts';
import { ResultsRepository, type StageRow } from './results.repository.ts';
import { ResultsStoreRepository, type StoredResultInsert } from './results-store.repository.ts';
import { scoreStageRows } from './stage-awards.ts';
import { StageProgress } from './stage-progress.ts';
import { StageQueue } from './stage-queue.ts';
import { toStageRows } from './stage-rows.ts';
import { StageSources } from './stage-sources.ts';
import { evidenceWindow } from './stage-window.ts';

/**
 * What a computation of a stage's results writes (ResultsStore decides when): the stage scored from its
 * evidence, its lines stored with what they were computed from, the computation audited, and the race's
 * classifications after every stage from this one stored again.
 */
export class StageResultsWriter {
  private readonly repo: ResultsStoreRepository;
  private readonly results: ResultsRepository;
  private readonly decisions: DecisionsRepository;
  private readonly sources: StageSources;
  private readonly audit: AuditService;
  private readonly onChanged: (raceId: string) => void;
  /** A race's classifications are stored again one computation at a time (stages computed at once share them). */
  private readonly races = new StageQueue();

  constructor(
    db: Db,
    audit: AuditService,
    onChanged: (raceId: string) => void,
    progress: StageProgress = new StageProgress(db),
  ) {
    this.repo = new ResultsStoreRepository(db);
    this.results = new ResultsRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.sources = new StageSources(db, progress);
    this.audit = audit;
    this.onChanged = onChanged;
  }

  /** Stores the race's classifications again after every stage from `fromNumber` (approval, reopening). */
  reclassify(raceId: string, fromNumber: number): Promise<void> {
    return this.races.run(raceId, () => this.classifyAgain(raceId, fromNumber));
  }

  /** Scores the stage from its evidence, stores the lines, audits it and stores the classifications. */
  async store(stage: StageRow, reason: string, by: string | null, fromScratch: boolean): Promise<void> {
    const stageId = stage.id;
    const window = evidenceWindow(stage, await this.results.stagesOfRace(stage.raceId));
    const decisions = (await this.decisions.listOfStage(stageId)).map((d) => d.decision);
    const sourced = await this.sources.load(stage, window, decisions, { fromScratch });
    // Awards are given again from the order the decisions leave (stage-awards.ts), before storing.
    const { joined, rows: ranked } = scoreStageRows(decidedRows(stage, sourced.rows, decisions), stage);
    const presented = presentStageRows(ranked, joined, stage.format);
    const byRider = new Map(joined.map((j) => [j.rider.id, j]));
    const rows: StoredResultInsert[] = presented.map((row, position) => {
      const recorded = sourced.evidence.get(row.registrationId!);
      return {
        registrationId: row.registrationId!,
        position,
        bib: row.bib!,
        rank: row.rank,
        timeMs: row.time === null ? null : Math.round(row.time * 1000),
        status: row.status,
        row: row as unknown as Record<string, unknown>,
        engine: byRider.get(row.registrationId!) as unknown as Record<string, unknown>,
        evidence: {
          ...recorded,
          decisions: decisionsEvidence(decisions, row.registrationId!),
        } as unknown as Record<string, unknown>,
      };
    });
    await this.repo.replace(
      {
        stageId,
        raceId: stage.raceId,
        computedAt: new Date(),
        reason,
        windowFrom: sourced.rows.some((r) => r.result.source === 'import') ? null : (window?.from ?? null),
        windowTo: window?.to ?? null,
        rowCount: rows.length,
      },
      rows,
    );
    await this.audit.record(
      null,
      'results.recompute',
      { type: 'stage', id: stageId },
      { reason, rows: rows.length, triggeredBy: by },
    );
    await this.reclassify(stage.raceId, stage.number);
    await sourced.saveProgress?.();
  }

  private async classifyAgain(raceId: string, fromNumber: number): Promise<void> {
    const stages = (await this.results.stagesOfRace(raceId)).filter((s) => s.number >= 0);
    const sets = await this.repo.setsOfStages(stages.map((s) => s.id));
    const withResults = new Set(sets.filter((s) => s.rowCount > 0).map((s) => s.stageId));
    const counted = stages.filter((s) => withResults.has(s.id));
    const rows = await this.repo.engineRows(counted.map((s) => s.id));
    const scored: ScoredStage[] = counted.map((stage) => {
      const joined = rows.filter((r) => r.stageId === stage.id).map((r) => revive(r.engine));
      return { stage, joined, rows: toStageRows(joined, stage) };
    });
    const approved = new Set<string>();
    for (const stage of counted) if (await this.decisions.approval(stage.id)) approved.add(stage.id);
    const race = await this.results.raceById(raceId);
    const riders = await this.results.ridersOfRace(raceId);
    await this.repo.replaceClassifications(
      raceId,
      fromNumber,
      storedClassificationsOf({ raceId, race, stages, scored, approved, riders, fromNumber }),
    );
    this.onChanged(raceId);
  }
}
