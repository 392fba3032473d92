import {
  type EvidenceDecision,
  type ResultEvidence,
  type StageResultRow,
  StageScoring,
} from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, notFound, type ProblemItem, unprocessable } from '../../http/problem.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { generalClassificationOf } from './classification-tables.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { audaxControls } from './mass-results.ts';
import { matchRiders } from './match-riders.ts';
import type { RecordedEvidence } from './result-evidence.ts';
import { ResultsRepository, type StageRow } from './results.repository.ts';
import { ResultsStore } from './results-store.ts';
import { parseStageResultsCsv } from './stage-results-csv.ts';

/**
 * Stage results: official files imported from a timing company, and every stage's results as the
 * results store last computed and stored them (reads never replay the recording), with their evidence.
 */
export class ResultsService {
  private readonly repo: ResultsRepository;
  private readonly decisions: DecisionsRepository;
  private readonly store: ResultsStore;
  private readonly live: LiveRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;
  private readonly changed: (raceId: string) => void;

  constructor(
    db: Db,
    races: RacesService,
    audit: AuditService,
    changed: (raceId: string) => void = () => {},
    store: ResultsStore = new ResultsStore(db, audit),
  ) {
    this.repo = new ResultsRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.store = store;
    this.live = new LiveRepository(db);
    this.races = races;
    this.audit = audit;
    this.changed = changed;
  }

  /**
   * `stage,bib,rider,team,time,bonus,penalty,status`: rows match riders by bib, else by name (case and
   * accents ignored); with createMissing unknown riders are registered, otherwise every unmatched row is
   * reported and nothing is imported. Each stage named in the file gets exactly the file's results.
   */
  async importStageResults(actor: Actor, raceId: string, text: string, createMissing: boolean) {
    const race = await this.races.managed(actor, raceId);
    if (race.status === 'cancelled') throw conflict('The race is cancelled');
    const parsed = parseStageResultsCsv(text);
    if (!parsed.ok) throw unprocessable(parsed.detail, parsed.errors);
    const stages = await this.repo.stagesOfRace(raceId);
    const byNumber = new Map(stages.map((s) => [s.number, s]));
    const errors: ProblemItem[] = parsed.rows
      .filter((r) => !byNumber.has(r.stage))
      .map((r) => ({ line: r.line, detail: `stage ${r.stage} is not a stage of this race; add it first` }));
    const riders = await this.repo.ridersOfRace(raceId);
    const match = matchRiders(parsed.rows, riders, {
      createMissing,
      firstFreeBib: (await this.repo.highestBib(raceId)) + 1,
    });
    errors.push(...match.errors);
    if (errors.length > 0) {
      errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      throw unprocessable(
        `${errors.length} row(s) cannot be imported (line ${errors.map((e) => e.line).join(', ')}); nothing was imported`,
        errors,
      );
    }
    const stageIds = [...new Set(parsed.rows.map((r) => byNumber.get(r.stage)!.id))];
    for (const id of stageIds) {
      if (await this.decisions.approval(id)) {
        throw conflict(
          `Stage ${stages.find((s) => s.id === id)!.number}’s results are official; they can no longer change`,
        );
      }
    }
    const positions = new Map<string, number>();
    await this.repo.storeImport(
      match.create.map((c) => ({ raceId, ...c })),
      stageIds,
      (created) =>
        parsed.rows.map((row, k) => {
          const target = match.targets[k]!;
          const stageId = byNumber.get(row.stage)!.id;
          const position = (positions.get(stageId) ?? 0) + 1;
          positions.set(stageId, position);
          return {
            stageId,
            registrationId: target.kind === 'existing' ? target.id : created.get(target.name)!,
            time: row.time,
            bonus: row.bonus,
            penalty: row.penalty,
            status: row.status,
            points: row.points,
            mountainPoints: row.mountains,
            position,
            source: 'import',
          };
        }),
    );
    await this.audit.record(
      actor,
      'results.import',
      { type: 'race', id: raceId },
      {
        rows: parsed.rows.length,
        stages: stageIds.length,
        createdRiders: match.create.length,
      },
    );
    if (match.create.length > 0) this.changed(raceId);
    return { imported: parsed.rows.length, stages: stageIds.length, createdRiders: match.create.length };
  }

  async stageState(stageId: string): Promise<'provisional' | 'official'> {
    return (await this.decisions.approval(stageId)) ? 'official' : 'provisional';
  }

  /** A stage's results as stored when they were last computed (never recomputed per request). */
  async stageResults(actor: Actor | null, stageId: string) {
    const stage = await this.visibleStage(actor, stageId);
    return { format: stage.format, rows: (await this.store.stageRows(stage)) as unknown as StageResultRow[] };
  }

  /** What a rider's stored stage result was computed from, when and why. */
  async evidence(actor: Actor | null, stageId: string, registrationId: string): Promise<ResultEvidence> {
    const stage = await this.visibleStage(actor, stageId);
    const { set, row } = await this.store.evidence(stage, registrationId);
    const evidence = row.evidence as unknown as RecordedEvidence & { decisions: EvidenceDecision[] };
    return {
      stageId,
      registrationId,
      state: await this.stageState(stageId),
      computedAt: set.computedAt.toISOString(),
      reason: set.reason,
      source: evidence.source,
      window:
        set.windowFrom === null
          ? null
          : {
              from: new Date(set.windowFrom).toISOString(),
              to: set.windowTo === null ? null : new Date(set.windowTo).toISOString(),
            },
      fixesInWindow: evidence.fixesInWindow,
      crossings: evidence.crossings,
      decisions: evidence.decisions,
      row: row.row as unknown as StageResultRow,
    };
  }

  /** The stage's crossings as its stored results used them (see `ResultsStore.crossings`). */
  async crossings(stage: StageRow, registrationId?: string) {
    return this.store.crossings(stage, registrationId);
  }

  /** An audax's controls with their opening and closing times; null for every other format. */
  async controls(stageId: string) {
    // The stage row first: only an audax needs its whole context (course points and all).
    const [stage] = await this.repo.stageById(stageId);
    if (stage?.format !== 'audax') return null;
    const context = await this.live.loadStage(stageId);
    if (context?.stage.format !== 'audax') return null;
    return audaxControls(context, StageScoring.parse(context.stage.scoring ?? {}));
  }

  /**
   * A race's stored results: each stage with results as the scoring engine's rows (decisions applied
   * when they were computed), and the GC after them.
   */
  async standings(actor: Actor | null, raceId: string) {
    await this.races.visible(actor, raceId);
    const scored = await this.store.scored(
      (await this.repo.stagesOfRace(raceId)).filter((s) => s.number >= 0),
    );
    return { scored, gc: generalClassificationOf(scored) };
  }

  /**
   * The general classification before a stage: after every earlier stage with results (by number), so a
   * time trial's start list can be drawn in reverse GC order.
   */
  async gcBefore(raceId: string, stageNumber: number) {
    const stages = await this.repo.stagesOfRace(raceId);
    return generalClassificationOf(
      await this.store.scored(stages.filter((s) => s.number >= 0 && s.number < stageNumber)),
    );
  }

  /** The stage, if the caller may see its race (404 otherwise). */
  async visibleStage(actor: Actor | null, stageId: string): Promise<StageRow> {
    for (const stage of await this.repo.stageById(stageId)) {
      await this.races.visible(actor, stage.raceId);
      return stage;
    }
    throw notFound('No such stage');
  }
}
