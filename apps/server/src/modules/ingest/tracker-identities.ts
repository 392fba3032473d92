import { sha256 } from '../auth/secrets.ts';
import { BatchLoader, Gathering, REFRESH_GATHERING_MS } from './batch-loader.ts';
import type { IngestRepository, TrackedRider } from './ingest.repository.ts';
import { TtlCache } from './ttl-cache.ts';

const ACTIVE = new Set(['live', 'neutralised']);

/**
 * Who a tracker is, by its device token or its tracker id, cached for 10 s: a tracker sending every
 * second costs a lookup every 8 s or so, made in the background and gathered with the others'
 * (`REFRESH_GATHERING_MS`); cache misses of one turn of the event loop share one query.
 */
export class TrackerIdentities {
  private readonly refreshes = new Gathering(REFRESH_GATHERING_MS);
  private readonly byToken = new TtlCache<TrackedRider | null>(10_000, { gatherRefreshes: this.refreshes });
  private readonly byDevice = new TtlCache<TrackedRider | null>(10_000, { gatherRefreshes: this.refreshes });
  private readonly tokenLoads: BatchLoader<TrackedRider | null>;
  private readonly deviceLoads: BatchLoader<Array<TrackedRider & { deviceId: string }>>;

  constructor(repo: IngestRepository) {
    // 2 ms: requests read between two statements on PGlite (or in a few turns) share a lookup.
    this.tokenLoads = new BatchLoader((hashes) => repo.findByTokenHashes(hashes), null, { windowMs: 2 });
    this.deviceLoads = new BatchLoader(
      async (ids) => {
        const byId = new Map<string, Array<TrackedRider & { deviceId: string }>>();
        for (const found of await repo.findByDeviceIds(ids)) {
          const list = byId.get(found.deviceId);
          if (list) list.push(found);
          else byId.set(found.deviceId, [found]);
        }
        return byId;
      },
      [],
      { windowMs: 2 },
    );
  }

  /**
   * The rider of an unrevoked device token; null for any other string. Cached by the token itself, so
   * a tracker's request costs no hash while its entry lives (the token is in this process's memory
   * during each request anyway); only a lookup hashes it, and the database holds only hashes.
   */
  byDeviceToken(token: string): Promise<TrackedRider | null> {
    return this.byToken.getOrLoad(token, this.loadToken);
  }

  /** The registration a tracker id belongs to: in a running race if there is one, else the latest. */
  byTrackerIds(candidates: string[]): Promise<TrackedRider | null> {
    // One id (nearly every tracker): the id is the key, no arrays or closure made. Keys of several ids
    // start with a line break, which such an id never holds, so the two kinds never meet.
    const id = candidates.length === 1 ? candidates[0]! : '';
    if (id.length > 0 && !id.includes('\n')) return this.byDevice.getOrLoad(id, this.loadDevice);
    const known = [...new Set(candidates)].filter((c) => c.length > 0);
    return this.byDevice.getOrLoad(`\n${JSON.stringify(known)}`, () => this.lookUpTrackerIds(known));
  }

  private readonly loadToken = (token: string) => this.tokenLoads.load(sha256(token));
  private readonly loadDevice = (id: string) => this.lookUpTrackerIds([id]);

  private async lookUpTrackerIds(ids: string[]): Promise<TrackedRider | null> {
    // Each id's registrations, newest race first (as findByDeviceIds orders them).
    const found = (await Promise.all(ids.map((id) => this.deviceLoads.load(id)))).flat();
    for (const id of ids) {
      const running = found.find((r) => r.deviceId === id && ACTIVE.has(r.raceStatus));
      if (running) return running;
    }
    for (const id of ids) {
      const any = found.find((r) => r.deviceId === id);
      if (any) return any;
    }
    return null;
  }

  /** Start lists and tokens changed: everything cached is forgotten. */
  forget(): void {
    this.byToken.clear();
    this.byDevice.clear();
  }
}
