import type { Crossing, LiveCheckpoint } from '@echelon/domain';

export interface Split {
  checkpointId: string;
  name: string;
  kind: LiveCheckpoint['kind'];
  distance: number;
  /** crossing, epoch ms */
  time: number;
  /** seconds since the stage's start */
  elapsed: number;
  /** km/h since the previous crossing; null at the first */
  speed: number | null;
}

export const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

export const kmh = (metres: number, seconds: number) => (metres / seconds) * 3.6;

/**
 * A rider's checkpoint splits from their crossings (in the order crossed): when, how long after the
 * start, and the average speed over the stretch since the line before.
 */
export function splitsOf(
  crossings: readonly Crossing[],
  checkpoints: readonly LiveCheckpoint[],
  startedAt: number,
): Split[] {
  const byId = new Map(checkpoints.map((c) => [c.id, c]));
  const out: Split[] = [];
  let previous: { distance: number; time: number } | null = null;
  for (const crossing of crossings) {
    const checkpoint = byId.get(crossing.checkpointId);
    if (!checkpoint) continue;
    const seconds: number | null = previous ? (crossing.time - previous.time) / 1000 : null;
    out.push({
      checkpointId: checkpoint.id,
      name: checkpoint.name,
      kind: checkpoint.kind,
      distance: round(checkpoint.distance, 0),
      time: Math.round(crossing.time),
      elapsed: round((crossing.time - startedAt) / 1000, 1),
      speed:
        previous && seconds !== null && seconds > 0
          ? round(kmh(checkpoint.distance - previous.distance, seconds), 1)
          : null,
    });
    previous = { distance: checkpoint.distance, time: crossing.time };
  }
  return out;
}
