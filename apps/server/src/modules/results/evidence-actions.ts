/**
 * Audited actions whose change is evidence for results: the start list, the stage and its course and
 * timing points, passings, start times, decisions, imported files and a race's status (a stage's start
 * or finish). Over-marking costs one recompute; missing one would leave results wrong.
 */
const EVIDENCE_ACTIONS = [
  'registration.',
  'category.',
  'stage.',
  'checkpoint.',
  'course.',
  'passing',
  'start_times.',
  'decision.',
  'results.import',
  'race.status',
];

/** Whether an audited action is evidence for results (marks its stage or race stale). */
export const isEvidence = (action: string) => EVIDENCE_ACTIONS.some((prefix) => action.startsWith(prefix));
