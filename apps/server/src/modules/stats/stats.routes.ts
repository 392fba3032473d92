import { RaceParams, RaceStatistics, Statistics } from '@echelon/contracts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { StatsService } from './stats.service.ts';

export function registerStatsRoutes(app: ZodApp, stats: StatsService): void {
  app.get(
    '/api/v1/races/:raceId/statistics',
    {
      schema: {
        operationId: 'getRaceStatistics',
        tags: ['statistics'],
        summary:
          'A race’s figures per stage: starters, finishers, abandons, speeds, fastest stretches, times',
        params: RaceParams,
        response: { 200: RaceStatistics, ...problems(400, 404) },
      },
      config: { access: 'public' },
    },
    async (request) => stats.raceStatistics(request.actor, request.params.raceId),
  );

  app.get(
    '/api/v1/statistics',
    {
      schema: {
        operationId: 'getStatistics',
        tags: ['statistics'],
        summary: 'All public races that are over: totals, course records, races per year',
        response: { 200: Statistics },
      },
      config: { access: 'public' },
    },
    async () => stats.statistics(),
  );
}
