import type { StageScoring } from '@echelon/contracts';
import { metres, scoring, seconds, timePrecision } from '@echelon/domain';
import { relegate } from './apply-decisions.ts';
import { isRanked, ranksByPosition } from './format-results.ts';
import type { StageRow } from './results.repository.ts';
import type { Stored } from './stage-sources.ts';

/** A stored result with the commissaires' decisions applied. */
export type Joined = Stored & {
  relegatedTo: number | null;
  gcTime: number | null;
  awards: string[];
  incident: { distanceToGo: number; sameGroupAs: number } | null;
  /** Reinstated after the time limit: keeps the stage's time, scores no points or mountain points. */
  forfeitsPoints?: boolean;
  /** Classified by the final-kilometres rule without crossing the line: after every rider who did. */
  placedLast?: boolean;
  /**
   * The rider's own time when the final-kilometres rule gave them the group's: their place still
   * follows it (rules §2: the group's time, the rider's own place).
   */
  ownTime?: number;
};

const STATUS: Record<string, scoring.ResultStatus> = {
  PUL: 'PUL',
  DNF: 'DNF',
  DNS: 'DNS',
  DSQ: 'DSQ',
  OTL: 'OTL',
  NP: 'NP',
};
const KIND: Record<string, scoring.StageKind> = { individual_time_trial: 'itt', team_time_trial: 'ttt' };

export const stageKind = (stage: StageRow): scoring.StageKind => KIND[stage.format] ?? 'road';

/**
 * The final-kilometres rule on decided incidents (rules §2): a covered rider gets the time of the rider
 * named as in their group, keeping their own place; one who could not finish is classified last with
 * that time. The domain decides what is covered (road stages only, within the distance, not on a
 * summit finish unless configured).
 */
export function applyFinalKm(rows: Joined[], stage: StageRow, config: StageScoring): Joined[] {
  const incidents = rows.flatMap((j) =>
    j.incident
      ? [
          {
            bib: j.rider.bib,
            distanceToGo: metres(j.incident.distanceToGo),
            sameGroupAs: j.incident.sameGroupAs,
          },
        ]
      : [],
  );
  if (incidents.length === 0) return rows;
  const timed = scoring.applyFinalKilometres(
    rows.map((j) => ({
      rider: { bib: j.rider.bib, riderId: j.rider.id, team: j.rider.team ?? '' },
      status: j.result.status ? (STATUS[j.result.status] ?? 'DNF') : 'finisher',
      time: j.result.time === null ? null : seconds(j.result.time),
      actualTime: j.result.time === null ? null : seconds(j.result.time),
    })),
    stageKind(stage),
    incidents,
    { distance: metres(config.finalKmDistance), summitFinish: config.summitFinish },
  );
  return rows.map((j, k) => {
    const t = timed[k]!;
    if (t.time === (j.result.time === null ? null : seconds(j.result.time)) && !t.placedLast) return j;
    return {
      ...j,
      result: { ...j.result, time: t.time, status: t.status === 'finisher' ? null : t.status },
      ...(t.placedLast && { placedLast: true }),
      ...(j.result.time !== null && { ownTime: j.result.time }),
    };
  });
}

/**
 * Stored rows as the scoring engine's stage rows. Timed formats: finishers by their own time (a rider
 * given the group's time by the final-kilometres rule keeps the place they crossed in), the source's
 * order breaking ties, as a photo finish or a timing system's read order does; road times in whole
 * seconds; time trials on the exact time (to the millisecond), riders level to it sharing the rank.
 * Lap races and audax keep the order their format scored (laps, points, eliminations, alphabet), pulled
 * riders placed after the finishers; an audax places nobody. Then the riders not classified.
 */
export function toStageRows(rows: Joined[], stage: StageRow): scoring.StageRow[] {
  // Time trials keep their exact times (rules §0), and so do a gran fondo's gun and chip times.
  const exact = timePrecision(stage.format) === 'hundredths';
  const byPosition = ranksByPosition(stage.format);
  const ranked = isRanked(stage.format);
  const finishes = (j: Joined) =>
    byPosition
      ? j.result.status === null || j.result.status === 'PUL'
      : j.result.status === null && j.result.time !== null;
  const last = (j: Joined) => Number(j.placedLast === true);
  const own = (j: Joined) => j.ownTime ?? j.result.time!;
  const sorted = [...rows].sort(
    (a, b) =>
      Number(finishes(b)) - Number(finishes(a)) ||
      (finishes(a) && !byPosition ? last(a) - last(b) || own(a) - own(b) : 0) ||
      a.result.position - b.result.position,
  );
  const finishers = relegate(sorted.filter(finishes));
  const ordered = [...finishers, ...sorted.filter((j) => !finishes(j))];
  const timeOf = (j: Joined) =>
    j.result.time === null ? null : exact ? j.result.time : Math.floor(j.result.time);
  // Only an individual time trial ranks on the time itself: level riders share the rank (1, 2, 2, 4).
  const level = (a: Joined, b: Joined) =>
    stageKind(stage) === 'itt' && a.relegatedTo === null && b.relegatedTo === null && own(a) === own(b);
  const ranks = scoring.competitionRanks(finishers, level);
  return ordered.map((j, k) => {
    const status = j.result.status ? (STATUS[j.result.status] ?? 'DNF') : 'finisher';
    const placed = k < finishers.length;
    const time = timeOf(j);
    return {
      bib: j.rider.bib,
      riderId: j.rider.id,
      team: j.rider.team ?? '',
      place: placed && ranked ? k + 1 : null,
      rank: placed && ranked ? ranks[k]! : null,
      time: time === null ? null : seconds(time),
      actualTime: j.result.time === null ? null : seconds(j.result.time),
      status: placed || status !== 'finisher' ? status : 'DNF',
    } satisfies scoring.StageRow;
  });
}
