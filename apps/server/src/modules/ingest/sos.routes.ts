import { RaceParams, SosAlerts } from '@echelon/contracts';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { RacesService } from '../races/races.service.ts';
import type { IngestRepository } from './ingest.repository.ts';

/** Race control: the race's managers and the commissaires on its staff. */
const OFFICIALS = ['admin', 'organiser', 'commissaire'] as const;

/** Race control's tracker monitor asks this often; more is not useful on one screen. */
const LIMIT = 200;

/**
 * The race's SOS alerts, for race control only: an SOS says where a rider in trouble is, which is not
 * for the public leaderboard or embeds (the live feed never carries it).
 */
export function registerSosRoutes(app: ZodApp, races: RacesService, repo: IngestRepository): void {
  app.get(
    '/api/v1/races/:raceId/sos',
    {
      schema: {
        operationId: 'getSosAlerts',
        tags: ['live'],
        summary: 'A race’s SOS alerts, newest first (race control only)',
        description:
          'Every SOS a tracker sent, also when its position was refused for the race (then `positionRefused` ' +
          'says why, and the position is the tracker’s claim).',
        params: RaceParams,
        response: { 200: SosAlerts, ...problems(401, 403, 404) },
      },
      config: { access: OFFICIALS },
    },
    async (request) => {
      await races.officiated(actorOf(request), request.params.raceId);
      const rows = await repo.sosOfRace(request.params.raceId, LIMIT);
      return {
        items: rows.map(({ sos, rider }) => ({
          registrationId: rider.id,
          bib: rider.bib,
          rider: `${rider.firstName} ${rider.lastName}`,
          time: sos.time,
          lat: sos.lat,
          lon: sos.lon,
          accuracy: sos.accuracy,
          positionRefused: sos.positionRefused,
        })),
      };
    },
  );
}
