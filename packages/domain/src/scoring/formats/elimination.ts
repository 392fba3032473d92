// Elimination race (rules §4): every N laps the last rider across the line is out; the last two sprint for
// the win. The ranking is the final sprint, then everyone else in reverse order of elimination.

export interface EliminationLine {
  riderId: string;
  place: number;
}

/**
 * The rider eliminated at one elimination lap: the last in the crossing order who is still in the race.
 * Null when the crossing order names nobody still in.
 */
export function eliminatedAt(crossingOrder: readonly string[], out: ReadonlySet<string>): string | null {
  for (let i = crossingOrder.length - 1; i >= 0; i--) {
    const riderId = crossingOrder[i]!;
    if (!out.has(riderId)) return riderId;
  }
  return null;
}

/** Elimination order from the crossing order at each elimination lap, first out first. */
export function eliminationOrder(rounds: readonly (readonly string[])[]): string[] {
  const out = new Set<string>();
  for (const round of rounds) {
    const riderId = eliminatedAt(round, out);
    if (riderId !== null) out.add(riderId);
  }
  return [...out];
}

/**
 * Final ranking: the final sprint order, then the eliminated riders, last out first. Scenario 23: out F, E, D,
 * C; B beats A → B, A, C, D, E, F.
 */
export function eliminationResult(
  eliminated: readonly string[],
  finalSprint: readonly string[],
): EliminationLine[] {
  const order = [...finalSprint, ...[...eliminated].reverse().filter((r) => !finalSprint.includes(r))];
  return order.map((riderId, i) => ({ riderId, place: i + 1 }));
}
