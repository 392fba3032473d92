import type { StageListItem } from '../api/races-types.ts';

/** A stage's edit form as typed: the inputs' own strings, turned into a PATCH body only on saving. */
export interface StageDraft {
  name: string;
  number: string;
  format: StageListItem['format'];
  /** A datetime-local input's value, in the browser's time zone; empty for no scheduled start. */
  scheduledStart: string;
  lapCount: string;
}

/** The fields of a stage the wizard's list edits, as the PATCH body has them. */
export type StageChanges = Partial<{
  name: string;
  number: number;
  format: StageListItem['format'];
  scheduledStart: string | null;
  lapCount: number;
}>;

/** A datetime-local input's value for an instant, in the browser's time zone ('' for none). */
export function localDateTime(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function toStageDraft(stage: StageListItem): StageDraft {
  return {
    name: stage.name,
    number: String(stage.number),
    format: stage.format,
    scheduledStart: localDateTime(stage.scheduledStart),
    lapCount: String(stage.lapCount),
  };
}

/** A number input's value as the server should see it: what is not a number goes as-is, for its 400. */
const numeric = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** An ISO instant for a local date-time; one that is not a date goes as-is, for the server's 400. */
function instant(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * Only what the organiser changed: a started stage refuses a new number, format or laps, and an
 * untouched field is no reason to ask. Empty when nothing changed.
 */
export function stageChanges(stage: StageListItem, draft: StageDraft): StageChanges {
  const changes: StageChanges = {};
  if (draft.name.trim() !== stage.name) changes.name = draft.name.trim();
  const number = numeric(draft.number);
  if (number !== stage.number) changes.number = number;
  if (draft.format !== stage.format) changes.format = draft.format;
  // Compared as the input shows it (to the minute), so seconds the input cannot show are no change.
  if (draft.scheduledStart !== localDateTime(stage.scheduledStart))
    changes.scheduledStart = draft.scheduledStart ? instant(draft.scheduledStart) : null;
  const laps = numeric(draft.lapCount);
  if (laps !== stage.lapCount) changes.lapCount = laps;
  return changes;
}
