// Where laps end on a circuit: the lap line crossed at k × the lap length. Lap races count a rider's
// laps from their crossings of it, so the results replay needs a line there whether or not the organiser
// placed a checkpoint on it.
import { type LiveCheckpoint, metres } from '@echelon/domain';

/** How close (in laps: a metre on a 1 km lap) a stored distance must lie to a lap's end to be on its line. */
const ON_LINE = 1e-3;

/**
 * Prefix of the results' own lap lines. Checkpoint ids are UUIDs, so a reserved id never names a
 * checkpoint, and nothing outside the results' stage timing ever sees one.
 */
const LAP_LINE_ID = 'lap-line:';

/** The lap whose end a distance lies on (1 at the end of the first lap), or null between lap lines. */
export function lapEndAt(distance: number, lapLength: number): number | null {
  if (!(lapLength > 0)) return null;
  const laps = distance / lapLength;
  const lap = Math.round(laps);
  return lap >= 1 && Math.abs(laps - lap) < ON_LINE ? lap : null;
}

/** Whether crossing a checkpoint is crossing the lap line: any point on a lap's end but the start. */
export function marksLapEnd(checkpoint: { kind: string; distance: number }, lapLength: number): boolean {
  return checkpoint.kind !== 'start' && lapEndAt(checkpoint.distance, lapLength) !== null;
}

/**
 * A line at the end of each lap 1 … `laps` that no checkpoint already marks: with them a rider's GPS
 * crossings count every lap. A lap end the organiser marked keeps its checkpoint alone, so one pass
 * is never counted twice.
 */
export function missingLapLines(
  lapLength: number,
  laps: number,
  checkpoints: ReadonlyArray<{ kind: string; distance: number }>,
): LiveCheckpoint[] {
  const marked = new Set(
    checkpoints.filter((c) => marksLapEnd(c, lapLength)).map((c) => lapEndAt(c.distance, lapLength)),
  );
  const lines: LiveCheckpoint[] = [];
  for (let lap = 1; lap <= laps; lap++) {
    if (marked.has(lap)) continue;
    lines.push({
      id: `${LAP_LINE_ID}${lap}`,
      kind: 'timing',
      name: `End of lap ${lap}`,
      distance: metres(lap * lapLength),
      lapLine: true,
    });
  }
  return lines;
}

/** The lap whose end a results lap line marks (its reserved id), or null for any other id. */
export function lapLineNumber(id: string): number | null {
  return id.startsWith(LAP_LINE_ID) ? Number(id.slice(LAP_LINE_ID.length)) : null;
}
