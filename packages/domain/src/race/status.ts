/**
 * The race status state machine. A race is prepared as a draft, published for riders and spectators,
 * run live (neutralised and resumed as often as the commissaires need), finished, and made official
 * once results are settled. Any state before official can be cancelled; official and cancelled are final.
 */
export const RACE_STATUSES = [
  'draft',
  'published',
  'live',
  'neutralised',
  'finished',
  'official',
  'cancelled',
] as const;
export type RaceStatus = (typeof RACE_STATUSES)[number];

const TRANSITIONS: Record<RaceStatus, readonly RaceStatus[]> = {
  draft: ['published', 'cancelled'],
  // Unpublishing is allowed until the race starts: an organiser may need to pull a race back to fix it.
  published: ['draft', 'live', 'cancelled'],
  live: ['neutralised', 'finished', 'cancelled'],
  neutralised: ['live', 'finished', 'cancelled'],
  finished: ['official', 'cancelled'],
  official: [],
  cancelled: [],
};

export function allowedTransitions(from: RaceStatus): readonly RaceStatus[] {
  return TRANSITIONS[from];
}

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export function checkRaceTransition(from: RaceStatus, to: RaceStatus): TransitionCheck {
  if (from === to) return { ok: false, reason: `The race is already ${from}` };
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  const allowed = TRANSITIONS[from];
  const next = allowed.length > 0 ? `from ${from} it can go to: ${allowed.join(', ')}` : `${from} is final`;
  return { ok: false, reason: `A race cannot go from ${from} to ${to}; ${next}` };
}

/** Statuses in which a race is visible to the public (when its visibility allows). */
export function isPubliclyListed(status: RaceStatus): boolean {
  return status !== 'draft';
}
