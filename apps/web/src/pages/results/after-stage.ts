import type { ResultsTab } from '../../api/results-types.ts';

/**
 * "After stage N" for a stage race's classifications: the API's `stage` parameter on the table's request
 * and on its CSV link, so the file is the table shown. The stage tab has its own stage and ignores it.
 */
export function withAfterStage(path: string, tab: ResultsTab, afterStage: number | null): string {
  if (tab === 'stage' || afterStage === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}stage=${afterStage}`;
}

/** Only a race of several stages has standings after each one. */
export function hasAfterStage(tab: ResultsTab, stageCount: number): boolean {
  return tab !== 'stage' && stageCount > 1;
}

/**
 * The stage the selector shows: the one asked for, else the one the latest classification stands after
 * (from the server, which knows which stages have results), else, while that loads, the last stage raced.
 */
export function shownAfterStage(
  asked: number | null,
  servedAfter: number | null | undefined,
  lastRaced: number | null | undefined,
): number | null {
  return asked ?? servedAfter ?? lastRaced ?? null;
}
