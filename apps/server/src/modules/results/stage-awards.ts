import { StageScoring } from '@echelon/contracts';
import { type ClimbCategory, scoring, seconds } from '@echelon/domain';
import type { StageRow } from './results.repository.ts';
import { type Joined, stageKind, toStageRows } from './stage-rows.ts';

/**
 * Formats whose awards (finish and sprint bonuses, points, mountain points) follow from the finish order
 * and the line judges' rankings. The other formats' points are their own scoring (a points race's).
 */
const RANKED_AWARDS = new Set(['road_race', 'individual_time_trial', 'team_time_trial']);

/**
 * What a stage gives towards bonuses, points and mountains, after every decision: the finish ranking
 * as the decisions left it (relegated riders moved, disqualified ones out), and each sprint and climb
 * without the disqualified riders, those behind moving up. `given` is set instead when the stage's
 * awards were given outright — by an official results file, or by a format's own scoring.
 */
export interface AwardSheet {
  kind: scoring.StageKind;
  finish: scoring.RankedBib[];
  sprints: scoring.RankedBib[][];
  climbs: scoring.Climb[];
  config: StageScoring;
  /** Riders reinstated after the time limit: they score no points or mountain points here (rules §2). */
  forfeit: number[];
  given: null | { points: Map<number, number>; mountains: Map<number, number> };
}

/**
 * A stage's award sheet from its decided lines and the rows the scoring engine ranked from them. A
 * recorded road stage or time trial is judged again from its riders' marks; an imported file's awards,
 * and other formats' own points, are taken as given.
 */
export function awardSheet(joined: readonly Joined[], rows: readonly scoring.StageRow[], stage: StageRow) {
  const config = StageScoring.parse(stage.scoring ?? {});
  const finish = rows.filter((r) => r.rank !== null).map((r) => ({ bib: r.bib, rank: r.rank! }));
  const forfeit = joined.filter((j) => j.forfeitsPoints === true).map((j) => j.rider.bib);
  const sheet: AwardSheet = {
    kind: stageKind(stage),
    finish,
    sprints: [],
    climbs: [],
    config,
    forfeit,
    given: null,
  };
  const ranked = RANKED_AWARDS.has(stage.format) && joined.every((j) => j.result.source !== 'import');
  if (!ranked) {
    sheet.given = {
      points: new Map(joined.map((j) => [j.rider.bib, j.result.points])),
      mountains: new Map(joined.map((j) => [j.rider.bib, j.result.mountainPoints])),
    };
    return sheet;
  }
  const out = new Set(joined.filter((j) => j.result.status === 'DSQ').map((j) => j.rider.bib));
  const lines = new Map<string, { category: ClimbCategory | null; ranking: scoring.RankedBib[] }>();
  for (const j of joined) {
    for (const m of j.marks ?? []) {
      const line = lines.get(m.pointId) ?? { category: m.category, ranking: [] };
      line.ranking.push({ bib: j.rider.bib, rank: m.rank });
      lines.set(m.pointId, line);
    }
  }
  for (const { category, ranking } of lines.values()) {
    const judged = scoring.rankingWithout(ranking, out);
    if (category === null) sheet.sprints.push(judged);
    else {
      const scale = config.mountainPoints?.[category];
      // A forfeiting rider scores nothing at the climb, and nobody moves up for it.
      const scored = judged.filter((r) => !forfeit.includes(r.bib));
      sheet.climbs.push({ category, ranking: scored, ...(scale && { scale }) });
    }
  }
  return sheet;
}

/** The sheet as the points classification counts one stage. */
export function pointsStage(sheet: AwardSheet): scoring.PointsStage {
  if (sheet.given) return { finish: sheet.finish, finishScale: [], awarded: sheet.given.points };
  return {
    forfeit: sheet.forfeit,
    finish: sheet.finish,
    finishScale: sheet.config.finishPoints,
    sprints: sheet.sprints,
    sprintScale: sheet.config.sprintPoints,
  };
}

/**
 * The stage's bonuses, points and mountain points given again from its award sheet, so they follow
 * the decisions (rules §0, §2): a relegated winner does not keep the winner's bonus, and the riders
 * behind a disqualified one move up at the finish, the sprints and the climbs. Stages whose awards were
 * given outright keep them.
 */
export function withAwards(joined: readonly Joined[], sheet: AwardSheet): Joined[] {
  if (sheet.given) return [...joined];
  const bonuses = scoring.stageBonuses(sheet.kind, [
    { ranking: sheet.finish, scale: sheet.config.finishBonus },
    ...sheet.sprints.map((ranking) => ({ ranking, scale: sheet.config.sprintBonus })),
  ]);
  const points = scoring.stagePoints(pointsStage(sheet));
  const mountains = scoring.climbPoints(sheet.climbs);
  return joined.map((j) => ({
    ...j,
    result: {
      ...j.result,
      bonus: bonuses.get(j.rider.bib) ?? seconds(0),
      points: points.get(j.rider.bib)?.points ?? 0,
      mountainPoints: mountains.get(j.rider.bib)?.points ?? 0,
    },
  }));
}

/**
 * A stage's rows as the scoring engine ranks them after every decision, and its riders' lines with the
 * awards given again from that ranking: the one way a stage is scored, for its result and for every
 * classification after it.
 */
export function scoreStageRows(joined: Joined[], stage: StageRow) {
  const rows = toStageRows(joined, stage);
  return { joined: withAwards(joined, awardSheet(joined, rows, stage)), rows };
}
