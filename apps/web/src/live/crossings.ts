import type { LiveRider } from '../api/types.ts';

export interface Crossing {
  riderId: string;
  bib: number;
  name: string;
  checkpointId: string;
  at: number;
}

/**
 * Notices followed riders' new checkpoint crossings (a new entry in `x`). What a rider had crossed
 * when first seen — on opening the page, or when they are followed — is known already, not news.
 */
export class CrossingWatcher {
  private readonly seen = new Map<string, Set<string>>();

  check(riders: ReadonlyArray<LiveRider | undefined>, followed: ReadonlySet<string>): Crossing[] {
    const fresh: Crossing[] = [];
    for (const rider of riders) {
      if (!rider || !followed.has(rider.id)) continue;
      const known = this.seen.get(rider.id);
      if (!known) {
        this.seen.set(rider.id, new Set(rider.x.map(([checkpointId]) => checkpointId)));
        continue;
      }
      for (const [checkpointId, at] of rider.x) {
        if (known.has(checkpointId)) continue;
        known.add(checkpointId);
        fresh.push({ riderId: rider.id, bib: rider.bib, name: rider.name, checkpointId, at });
      }
    }
    // Unfollowed riders are forgotten, so following them again does not replay old crossings.
    for (const id of this.seen.keys()) if (!followed.has(id)) this.seen.delete(id);
    return fresh.sort((a, b) => a.at - b.at);
  }
}
