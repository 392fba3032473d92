import { FixDeadLetterList, FixDeadLetterQuery } from '@echelon/contracts';
import { Gauge, type Registry } from 'prom-client';
import { problems, type ZodApp } from '../../http/types.ts';
import type { FixDeadLetters } from '../../live/fix-dead-letters.ts';

/**
 * The batches the cluster accepted but could not store (see FixDeadLetters), for an admin. One process
 * (no NATS) has none: there a batch that cannot be stored fails its own request instead.
 */
export function registerDeadLetterRoutes(app: ZodApp, deadLetters: FixDeadLetters | null): void {
  app.get(
    '/api/v1/ingest/dead-letters',
    {
      schema: {
        operationId: 'listFixDeadLetters',
        tags: ['tracking'],
        summary: 'Batches of fixes accepted but not storable after repeated tries, newest first',
        querystring: FixDeadLetterQuery,
        response: { 200: FixDeadLetterList, ...problems(400, 401, 403) },
      },
      config: { access: ['admin'] },
    },
    async (request) =>
      deadLetters
        ? { items: await deadLetters.list(request.query.limit), total: await deadLetters.count() }
        : { items: [], total: 0 },
  );
}

/** `echelon_fixes_dead_letters`: what the dead-letter stream holds, read from NATS when scraped. */
export function registerDeadLetterMetric(registry: Registry, deadLetters: FixDeadLetters): void {
  new Gauge({
    name: 'echelon_fixes_dead_letters',
    help: 'Batches of accepted fixes that could not be stored and wait in the dead-letter stream',
    registers: [registry],
    async collect() {
      // NATS briefly away: the scrape still answers, without this one figure.
      const count = await deadLetters.count().catch(() => null);
      if (count !== null) this.set(count);
    },
  });
}
