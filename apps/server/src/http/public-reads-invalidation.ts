import type { Bus, ControlEvent } from '../live/bus.ts';
import type { PublicReadsCache } from './public-reads-cache.ts';

/** The one route that reads a stage's stored replay summary. */
const TRACKS_ROUTE = '/api/v1/stages/:stageId/tracks';

/** Audited actions on things no public answer shows: tokens and tracker grants. */
const PRIVATE_TARGETS = new Set(['api_token', 'device_token', 'oauth_grant']);

/**
 * The results store audits every computation and says itself when it stored or marked results (with
 * the race at hand), so its audit entry needs no look-up here.
 */
const SAID_BY_THE_RESULTS_STORE = new Set(['results.recompute']);

/**
 * Where changes to what public reads answer are heard and passed on: this process's kept answers go at
 * once (the change's own request, and the next read here, never see the old answer), and every other
 * process hears a `public-reads` event on the bus (NATS across processes).
 */
export function publicReadsInvalidation(
  kept: PublicReadsCache,
  bus: Pick<Bus, 'publishControl'>,
  /** The race an audited action's target belongs to (CacheFactsRepository.raceOfTarget). */
  raceOfTarget: (target: { type: string; id?: string | null }) => Promise<string | null | undefined>,
) {
  const race = (raceId: string | null) => {
    kept.forget(raceId);
    bus.publishControl({ type: 'public-reads', raceId });
  };
  return {
    race,
    /**
     * A stage's replay summary was stored: only the race's tracks answers read it, so only they go —
     * the results, classifications and pages a crowd is reading right after the finish stay kept.
     */
    tracks(raceId: string) {
      kept.forgetRoute(raceId, TRACKS_ROUTE);
      bus.publishControl({ type: 'public-reads', raceId, route: TRACKS_ROUTE });
    },
    /** Every audited administrative action: the race it touched, or everything when it is not known. */
    async audited(action: string, target: { type: string; id?: string | null }): Promise<void> {
      if (PRIVATE_TARGETS.has(target.type) || SAID_BY_THE_RESULTS_STORE.has(action)) return;
      const raceId = await raceOfTarget(target);
      // A user's name, an accepted invitation (a rider linked): not one race's; a deleted stage: gone.
      race(raceId ?? null);
    },
  };
}

/**
 * The bus events that change public answers, as this process hears them (its own included): its own
 * `public-reads` events, and the race events other parts already send (status, visibility, start list).
 */
export function forgetOnControl(kept: PublicReadsCache, event: ControlEvent): void {
  if (event.type === 'public-reads' && event.route !== undefined && event.raceId !== null)
    kept.forgetRoute(event.raceId, event.route);
  else if (
    event.type === 'public-reads' ||
    event.type === 'status' ||
    event.type === 'race-access' ||
    event.type === 'start-list'
  )
    kept.forget(event.raceId);
}
