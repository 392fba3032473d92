/** Shapes of the results endpoints (stage results, classifications), from the server's zod contracts. */
import type { Classification, ResultRow, StageResultRow, StageResults } from '@echelon/contracts';
import type { z } from 'zod';

export type ResultRowView = z.infer<typeof ResultRow>;
export type StageResultRowView = z.infer<typeof StageResultRow>;
export type StageResultsView = z.infer<typeof StageResults>;
export type ClassificationView = z.infer<typeof Classification>;

/** The classifications the API serves (`/races/:raceId/classifications/:kind`). */
export const CLASSIFICATION_KINDS = ['general', 'points', 'mountains', 'youth', 'team'] as const;
export type ClassificationKind = (typeof CLASSIFICATION_KINDS)[number];
/** A results tab: the selected stage's result, or one of the race's classifications. */
export type ResultsTab = 'stage' | ClassificationKind;
export const RESULTS_TABS: readonly ResultsTab[] = ['stage', ...CLASSIFICATION_KINDS];
