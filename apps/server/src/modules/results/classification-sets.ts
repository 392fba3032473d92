import { scoring } from '@echelon/domain';
import type { races } from '../../db/schema.ts';
import {
  awardsClassificationOf,
  type ClassificationRow,
  generalClassificationOf,
  type RiderRow,
  type ScoredStage,
  teamClassificationOf,
} from './classification-tables.ts';
import { raceYearOf } from './race-rankings.ts';
import type { RegistrationRow, StageRow } from './results.repository.ts';
import type { StoredClassificationInsert } from './results-store.repository.ts';

export const CLASSIFICATION_KINDS = ['general', 'points', 'mountains', 'youth', 'team'] as const;
export type ClassificationKind = (typeof CLASSIFICATION_KINDS)[number];

/**
 * One classification over the stages counted: general, points and mountains sum them; youth is the
 * GC of riders young enough; team sums each team's best three times per stage.
 */
export function classificationItems(
  kind: ClassificationKind,
  counted: readonly ScoredStage[],
  riders: readonly RegistrationRow[],
  raceYear: number,
): ClassificationRow[] {
  const gc = generalClassificationOf(counted);
  if (kind === 'team') return teamClassificationOf(counted, gc);
  if (kind === 'points' || kind === 'mountains') return awardsClassificationOf(counted, gc, kind);
  if (kind === 'youth') {
    const born = new Map(riders.filter((r) => r.birthYear !== null).map((r) => [r.bib, r.birthYear!]));
    return scoring
      .youthClassification(gc, born, raceYear)
      .map(({ youthRank, ...r }): RiderRow => ({ ...r, rank: youthRank }));
  }
  return gc;
}

/**
 * Every classification after every stage numbered `fromNumber` or later, as stored: after stage N the
 * stages up to N with results count, and it is official once N has results and every counted stage is
 * approved.
 */
export function storedClassificationsOf(input: {
  raceId: string;
  race: Pick<typeof races.$inferSelect, 'startDate'> | null;
  stages: readonly StageRow[];
  scored: readonly ScoredStage[];
  approved: ReadonlySet<string>;
  riders: readonly RegistrationRow[];
  fromNumber: number;
}): StoredClassificationInsert[] {
  // The same year a stage's result counts ages from: the race's date, else its first stage's.
  const raceYear = raceYearOf(input.race?.startDate ?? null, input.stages[0]?.scheduledStart);
  return input.stages
    .filter((after) => after.number >= input.fromNumber)
    .flatMap((after) => {
      const counted = input.scored.filter((s) => s.stage.number <= after.number);
      const official =
        counted.some((s) => s.stage.id === after.id) && counted.every((s) => input.approved.has(s.stage.id));
      return CLASSIFICATION_KINDS.map((kind) => ({
        raceId: input.raceId,
        afterStage: after.number,
        kind,
        state: official ? 'official' : 'provisional',
        stages: counted.map((s) => s.stage.number),
        items: classificationItems(kind, counted, input.riders, raceYear) as unknown as Array<
          Record<string, unknown>
        >,
      }));
    });
}
