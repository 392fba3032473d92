import { scoring as rules } from '@echelon/domain';
import type { StageListItem } from '../api/races-types.ts';

type Scoring = StageListItem['scoring'];

export const CLIMB_CATEGORIES = ['HC', '1', '2', '3', '4'] as const;
export type ClimbCategoryKey = (typeof CLIMB_CATEGORIES)[number];

/**
 * The scoring settings a stage form edits, as typed: scales as comma-separated values ("10, 6, 4"),
 * numbers as the inputs' strings. The other settings (formats' own) are kept as they are.
 */
export interface ScoringDraft {
  finishBonus: string;
  sprintBonus: string;
  finishPoints: string;
  sprintPoints: string;
  /** Per climb category; all empty for the default (Tour de France) scales. */
  mountainPoints: Record<ClimbCategoryKey, string>;
  /** Percent of the winner's time; empty for no time limit. */
  timeLimitPercent: string;
  sameTimeThreshold: string;
}

const scaleText = (scale: readonly number[] | undefined) => (scale ?? []).join(', ');

export function toScoringDraft(scoring: Scoring): ScoringDraft {
  return {
    finishBonus: scaleText(scoring.finishBonus),
    sprintBonus: scaleText(scoring.sprintBonus),
    finishPoints: scaleText(scoring.finishPoints),
    sprintPoints: scaleText(scoring.sprintPoints),
    mountainPoints: Object.fromEntries(
      CLIMB_CATEGORIES.map((c) => [c, scaleText(scoring.mountainPoints?.[c])]),
    ) as Record<ClimbCategoryKey, string>,
    timeLimitPercent: scoring.timeLimitPercent == null ? '' : String(scoring.timeLimitPercent),
    sameTimeThreshold: scoring.sameTimeThreshold == null ? '' : String(scoring.sameTimeThreshold),
  };
}

/**
 * A scale as typed, by place: "10, 6, 4" or "10 6 4" → [10, 6, 4]. A value that is not a number goes
 * as NaN (sent as null), so the server's problem points at it under the field.
 */
export function parseScale(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((value) => (/^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN));
}

const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The stage's whole scoring with the draft's settings in it, for the PATCH body (the server replaces
 * the scoring as a whole); null when the organiser changed none of them.
 */
export function scoringChange(scoring: Scoring, draft: ScoringDraft): Scoring | null {
  // Compared as typed, so an untouched form sends nothing whatever the stored scoring's shape.
  if (same(toScoringDraft(scoring), draft)) return null;
  const mountains = CLIMB_CATEGORIES.filter((c) => draft.mountainPoints[c].trim() !== '');
  const next: Scoring = {
    ...scoring,
    finishBonus: parseScale(draft.finishBonus),
    sprintBonus: parseScale(draft.sprintBonus),
    finishPoints: parseScale(draft.finishPoints),
    sprintPoints: parseScale(draft.sprintPoints),
    timeLimitPercent: draft.timeLimitPercent.trim() === '' ? null : numberOf(draft.timeLimitPercent),
    sameTimeThreshold: numberOf(draft.sameTimeThreshold),
  };
  if (mountains.length > 0) {
    // The server takes every category or none: an empty one keeps the Tour de France scale it would use.
    next.mountainPoints = Object.fromEntries(
      CLIMB_CATEGORIES.map((c) => [
        c,
        mountains.includes(c) ? parseScale(draft.mountainPoints[c]) : [...rules.TDF_MOUNTAIN_POINTS[c]],
      ]),
    ) as Record<ClimbCategoryKey, number[]>;
  } else {
    delete next.mountainPoints;
  }
  return next;
}
