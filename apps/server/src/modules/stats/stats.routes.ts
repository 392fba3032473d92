import { RaceParams, RaceStatistics, Statistics } from '@echelon/contracts';
import { acceptsCompressed, sendWhole } from '../../http/public-cache.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { StoredAnswers } from '../results/stored-answers.ts';
import type { StatsService } from './stats.service.ts';

export function registerStatsRoutes(app: ZodApp, stats: StatsService, answers: StoredAnswers): void {
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
    async (request, reply) => {
      const { raceId } = request.params;
      if (request.actor !== null) return stats.raceStatistics(request.actor, raceId);
      // As anyone sees them: stored whole (built from every stage's stored lines and crossings).
      await stats.visible(null, raceId);
      const answer = await answers.answer(
        raceId,
        `race-statistics ${raceId}`,
        async () => JSON.stringify(RaceStatistics.encode(await stats.raceStatistics(null, raceId))),
        acceptsCompressed(request),
      );
      return sendWhole(request, reply, answer);
    },
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
