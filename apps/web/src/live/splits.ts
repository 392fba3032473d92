import type { LiveRider } from '../api/types.ts';

export interface SplitCheckpoint {
  id: string;
  name: string;
  kind: string;
  d: number;
}

export interface RiderSplit {
  riderId: string;
  bib: number;
  name: string;
  /** Crossing time (epoch ms), null while not through. */
  at: number | null;
  /** Seconds since the stage started, when through and the start is known. */
  elapsed: number | null;
  /** Seconds behind the first rider through. */
  gap: number | null;
}

export interface CheckpointSplit {
  checkpoint: SplitCheckpoint;
  through: number;
  first: RiderSplit | null;
  focus: RiderSplit[];
}

/**
 * Splits at every checkpoint from riders' crossings (`x`): how many are through, the first rider and
 * the focused riders (followed, selected) with their time and gap to the first.
 */
export function checkpointSplits(
  checkpoints: ReadonlyArray<SplitCheckpoint>,
  riders: ReadonlyArray<LiveRider | undefined>,
  startedAt: number | null,
  focusIds: ReadonlyArray<string>,
): CheckpointSplit[] {
  const byCheckpoint = new Map<string, Array<{ rider: LiveRider; at: number }>>();
  for (const rider of riders) {
    if (!rider) continue;
    for (const [checkpointId, at] of rider.x) {
      const list = byCheckpoint.get(checkpointId);
      if (list) list.push({ rider, at });
      else byCheckpoint.set(checkpointId, [{ rider, at }]);
    }
  }
  const focusRiders = focusIds
    .map((id) => riders.find((rider) => rider?.id === id))
    .filter((rider): rider is LiveRider => rider !== undefined);
  const elapsedOf = (at: number) => (startedAt === null ? null : Math.max(0, (at - startedAt) / 1000));

  return [...checkpoints]
    .sort((a, b) => a.d - b.d)
    .map((checkpoint) => {
      const crossings = byCheckpoint.get(checkpoint.id) ?? [];
      let firstCrossing: { rider: LiveRider; at: number } | null = null;
      for (const crossing of crossings) {
        if (!firstCrossing || crossing.at < firstCrossing.at) firstCrossing = crossing;
      }
      const split = (rider: LiveRider, at: number | null): RiderSplit => ({
        riderId: rider.id,
        bib: rider.bib,
        name: rider.name,
        at,
        elapsed: at === null ? null : elapsedOf(at),
        gap: at === null || !firstCrossing ? null : (at - firstCrossing.at) / 1000,
      });
      return {
        checkpoint,
        through: crossings.length,
        first: firstCrossing ? split(firstCrossing.rider, firstCrossing.at) : null,
        focus: focusRiders.map((rider) =>
          split(rider, rider.x.find(([id]) => id === checkpoint.id)?.[1] ?? null),
        ),
      };
    });
}
