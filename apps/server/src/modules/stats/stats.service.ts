import type { RaceStatistics, Statistics } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { liveCourseOf } from '../../live/live-course.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import type { ReplayService } from '../replay/replay.service.ts';
import type { ResultsService } from '../results/results.service.ts';
import { bestLine, type CourseCandidate, courseRecords } from './course-records.ts';
import { type ResultLine, raceResults, type ScoredStage } from './race-results.ts';
import { fastestSegments, type RiderRef, stageFigures } from './stage-statistics.ts';
import { type RaceShare, StatisticsShares } from './statistics-shares.ts';
import { type RaceRow, StatsRepository } from './stats.repository.ts';

const isoDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** Figures drawn from the stored stage results and the crossings they used (never scored again here). */
export class StatsService {
  private readonly repo: StatsRepository;
  private readonly races: RacesService;
  private readonly results: ResultsService;
  private readonly replay: ReplayService;
  private readonly shares: StatisticsShares;

  constructor(
    db: Db,
    races: RacesService,
    results: ResultsService,
    replay: ReplayService,
    onError: (error: unknown) => void = () => {},
  ) {
    this.repo = new StatsRepository(db);
    this.races = races;
    this.results = results;
    this.replay = replay;
    this.shares = new StatisticsShares(db, onError);
  }

  /** The race, if the caller may see it (404 otherwise). */
  visible(actor: Actor | null, raceId: string) {
    return this.races.visible(actor, raceId);
  }

  async raceStatistics(actor: Actor | null, raceId: string): Promise<RaceStatistics> {
    const race = await this.races.visible(actor, raceId);
    const { stages } = await raceResults(this.results, actor, raceId);
    const courses = await this.repo.coursesOf(stages.map((s) => s.stage.id));
    const out: RaceStatistics['stages'] = [];
    for (const { stage, lines } of stages) {
      const length = courses.get(stage.id)?.length ?? null;
      out.push({
        stageId: stage.id,
        number: stage.number,
        name: stage.name,
        length: length === null ? null : Math.round(length),
        ...stageFigures(lines, length),
        segments: await this.segments(actor, stage, lines),
      });
    }
    return { raceId: race.id, raceName: race.name, stages: out };
  }

  /**
   * Fastest stretches between checkpoints, from the crossings the stage's stored results used (none for
   * an untracked stage); the raw fixes are never replayed here.
   */
  private async segments(actor: Actor | null, stage: ScoredStage, lines: readonly ResultLine[]) {
    if (stage.startedAt === null) return [];
    const context = await this.replay.visibleStage(actor, stage.id);
    if (!context.course) return [];
    const crossings = await this.results.crossings(context.stage);
    // Only riders the results still list, under the name the results give them.
    const riders = new Map<string, RiderRef>(
      lines.map((l) => [l.registrationId, { registrationId: l.registrationId, bib: l.bib, name: l.name }]),
    );
    return fastestSegments(liveCourseOf(context.course, context.checkpoints).checkpoints, crossings, riders);
  }

  /**
   * All public races that are over: totals, each course's record, races per year. Each race's share is
   * stored with what it was computed from (statistics-shares.ts) until that race changes, so a restart
   * or another process reads the shares, and after one race's results change only that race is read
   * again, not every race there is.
   */
  async statistics(): Promise<Statistics> {
    const races = await this.repo.publicFinishedRaces();
    let riders = 0;
    let finishers = 0;
    const candidates: CourseCandidate[] = [];
    const years = new Map<number, number>();
    for (const part of await this.shares.of(races, (race) => this.shareOf(race))) {
      riders += part.riders;
      finishers += part.finishers;
      if (part.year !== null) years.set(part.year, (years.get(part.year) ?? 0) + 1);
      candidates.push(...part.candidates);
    }
    return {
      races: races.length,
      riders,
      finishers,
      dnfRate: riders === 0 ? null : Math.round((1 - finishers / riders) * 10_000) / 10_000,
      courseRecords: courseRecords(candidates),
      racesByYear: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, races: count })),
    };
  }

  /** A race changed (null: anything may have): a share being computed from the old rows is not stored. */
  forget(raceId: string | null): void {
    this.shares.forget(raceId);
  }

  /** A race's share computed from its stored results, each stage's candidate with its best line only. */
  async shareOf(race: RaceRow): Promise<RaceShare> {
    const { stages, classified } = await raceResults(this.results, null, race.id);
    const started = new Set(
      stages.flatMap((s) => s.lines.filter((l) => l.status !== 'DNS').map((l) => l.registrationId)),
    );
    const courses = await this.repo.coursesOf(stages.map((s) => s.stage.id));
    const candidates: CourseCandidate[] = [];
    for (const { stage, lines } of stages) {
      const course = courses.get(stage.id);
      const best = bestLine(lines);
      if (!course || best === null) continue;
      candidates.push({
        course: course.name ?? stage.name,
        length: course.length,
        raceId: race.id,
        raceName: race.name,
        stageId: stage.id,
        date: stage.startedAt === null ? race.startDate : isoDate(stage.startedAt),
        lines: [best],
      });
    }
    return {
      riders: started.size,
      finishers: [...classified].filter((id) => started.has(id)).length,
      year: yearOf(race, stages),
      candidates,
    };
  }
}

/** The race's year: its start date, else the day its first stage started. */
function yearOf(race: RaceRow, stages: ReadonlyArray<{ stage: ScoredStage }>): number | null {
  const date = race.startDate ?? stages.map((s) => s.stage.startedAt).find((t) => t !== null);
  if (date === undefined || date === null) return null;
  return typeof date === 'number' ? new Date(date).getUTCFullYear() : Number(date.slice(0, 4));
}
