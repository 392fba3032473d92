import { ServerTime } from '@echelon/contracts';
import type { ZodApp } from './types.ts';

/**
 * GET /api/v1/time: the server's clock to the millisecond, for the web app's clock offset estimate (the
 * Date header only gives whole seconds). Never cached: a stored answer would be a wrong time.
 */
export function registerServerTime(app: ZodApp) {
  app.get(
    '/api/v1/time',
    {
      schema: {
        operationId: 'getServerTime',
        tags: ['operations'],
        summary: 'The server’s time, epoch ms',
        description:
          'For clients that keep time with the server (the time-trial start countdown): they estimate ' +
          'their clock’s offset NTP-style from the time of the request, this answer and the time of the ' +
          'response.',
        response: { 200: ServerTime },
      },
      config: { access: 'public' },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { now: Date.now() };
    },
  );
}
