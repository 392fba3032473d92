/** Default jersey priority (reference §2): GC, points, mountains, then the others. */
export const JERSEY_PRIORITY = ['gc', 'points', 'mountains', 'youth'] as const;

/** A classification's order for jersey purposes: bibs, leader first. */
export interface JerseyStanding {
  readonly jersey: string;
  readonly order: readonly number[];
}

export interface JerseyAward {
  readonly jersey: string;
  /** The classification's actual leader. */
  readonly leader: number | null;
  /** Who wears it: the leader, or the next eligible rider when the leader wears a higher-priority jersey. */
  readonly wearer: number | null;
}

/**
 * Assigns jerseys in priority order (standings given highest priority first). A rider leading several
 * classifications wears the highest; each other jersey goes to the best rider of that classification not
 * already wearing one.
 */
export function assignJerseys(standings: readonly JerseyStanding[]): JerseyAward[] {
  const wearing = new Set<number>();
  return standings.map(({ jersey, order }) => {
    const wearer = order.find((bib) => !wearing.has(bib)) ?? null;
    if (wearer !== null) wearing.add(wearer);
    return { jersey, leader: order[0] ?? null, wearer };
  });
}
