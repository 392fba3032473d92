import { StageScoring } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, notFound, type ProblemItem, unprocessable } from '../../http/problem.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { applyDecisions } from './apply-decisions.ts';
import { generalClassificationOf } from './classification-tables.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { audaxControls } from './mass-results.ts';
import { matchRiders } from './match-riders.ts';
import { presentStageRows } from './present-stage-results.ts';
import { ResultsRepository, type StageRow } from './results.repository.ts';
import { scoreStageRows } from './stage-awards.ts';
import { parseStageResultsCsv } from './stage-results-csv.ts';
import { applyFinalKm, type Joined } from './stage-rows.ts';
import { StageSources } from './stage-sources.ts';

/** Official results: imported from a timing company, and the classifications computed from them. */
export class ResultsService {
  private readonly repo: ResultsRepository;
  private readonly decisions: DecisionsRepository;
  private readonly sources: StageSources;
  private readonly live: LiveRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;
  private readonly changed: (raceId: string) => void;

  constructor(
    db: Db,
    races: RacesService,
    audit: AuditService,
    changed: (raceId: string) => void = () => {},
  ) {
    this.repo = new ResultsRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.sources = new StageSources(db);
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

  async stageResults(actor: Actor | null, stageId: string) {
    const stage = await this.stageVisible(actor, stageId);
    const { joined, rows } = scoreStageRows(await this.withDecisions([stage]), stage);
    return { format: stage.format, rows: presentStageRows(rows, joined, stage.format) };
  }

  /** An audax's controls with their opening and closing times; null for every other format. */
  async controls(stageId: string) {
    const context = await this.live.loadStage(stageId);
    if (context?.stage.format !== 'audax') return null;
    return audaxControls(context, StageScoring.parse(context.stage.scoring ?? {}));
  }

  /**
   * A race's results, loaded once: each stage with results as the scoring engine's rows (decisions
   * applied), and the GC after them. For stages scored from the recording the load replays every fix,
   * so each classification is built from one load, never two.
   */
  async standings(actor: Actor | null, raceId: string) {
    await this.races.visible(actor, raceId);
    const scored = await this.scoredStages(
      (await this.repo.stagesOfRace(raceId)).filter((s) => s.number >= 0),
    );
    return { scored, gc: generalClassificationOf(scored) };
  }

  /** Each stage that has results, with its rows scored (decisions applied). */
  private async scoredStages(stages: readonly StageRow[]) {
    const joined = await this.withDecisions(stages);
    return stages
      .map((stage) => ({ stage, joined: joined.filter((j) => j.result.stageId === stage.id) }))
      .filter((s) => s.joined.length > 0)
      .map((s) => ({ stage: s.stage, ...scoreStageRows(s.joined, s.stage) }));
  }

  /**
   * The general classification before a stage: after every earlier stage with results (by number), so a
   * time trial's start list can be drawn in reverse GC order.
   */
  async gcBefore(raceId: string, stageNumber: number) {
    const stages = await this.repo.stagesOfRace(raceId);
    return generalClassificationOf(
      await this.scoredStages(stages.filter((s) => s.number >= 0 && s.number < stageNumber)),
    );
  }

  /**
   * The stages' stored results with every decision on them applied, in the order they were taken, then
   * the final-kilometres rule on the incidents the commissaires noted.
   */
  private async withDecisions(stages: readonly StageRow[]): Promise<Joined[]> {
    const stored = await this.sources.rows(stages);
    const out: Joined[] = [];
    for (const stage of stages) {
      const rows = stored.filter((j) => j.result.stageId === stage.id);
      if (rows.length === 0) continue;
      const decided = (await this.decisions.listOfStage(stage.id)).map((d) => d.decision);
      const effective = new Map(
        applyDecisions(
          rows.map((j) => j.result),
          decided,
        ).map((e) => [e.registrationId, e]),
      );
      const joined = rows.map((j): Joined => {
        const e = effective.get(j.rider.id)!;
        return {
          ...j,
          result: { ...j.result, time: e.time, penalty: e.penalty, status: e.status },
          relegatedTo: e.relegatedTo,
          gcTime: e.gcTime,
          awards: e.awards,
          incident: e.incident,
          forfeitsPoints: e.forfeitsPoints,
        };
      });
      out.push(...applyFinalKm(joined, stage, StageScoring.parse(stage.scoring ?? {})));
    }
    return out;
  }

  private async stageVisible(actor: Actor | null, stageId: string): Promise<StageRow> {
    for (const stage of await this.repo.stageById(stageId)) {
      await this.races.visible(actor, stage.raceId);
      return stage;
    }
    throw notFound('No such stage');
  }
}
