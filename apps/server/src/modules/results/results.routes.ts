import { Classification, RaceParams, StageParams, StageResults } from '@echelon/contracts';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { csvBody } from '../../http/text-bodies.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { ClassificationsService } from './classifications.service.ts';
import { csvRow, stageCsvColumns } from './present-stage-results.ts';
import type { ResultsService } from './results.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

const Format = z.object({ format: z.enum(['json', 'csv']).default('json') });

/**
 * A table as CSV for spreadsheets, with the same columns as the JSON rows. A text cell starting with
 * `= + - @` (a rider's or team's name) would run as a formula when opened: it gets a leading `'`.
 */
function sendCsv(reply: FastifyReply, rows: Array<Record<string, unknown>>, columns: string[], name: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(stringify(rows, { header: true, columns, escape_formulas: true }) as never);
}

export function registerResultRoutes(
  app: ZodApp,
  results: ResultsService,
  classifications: ClassificationsService,
): void {
  app.post(
    '/api/v1/races/:raceId/results/import',
    {
      schema: {
        operationId: 'importStageResults',
        tags: ['results'],
        summary: 'Import official stage results timed elsewhere (CSV): all rows or none',
        description:
          'Body: CSV (text/csv) with the header `stage,bib,rider,team,time,bonus,penalty,status`; `time` as ' +
          'H:MM:SS[.ff] or seconds, `bonus` and `penalty` in seconds, `status` empty or DNF/DNS/DSQ/OTL. Rows ' +
          'match riders by bib, else by name (case and accents ignored). With createMissing=true unknown ' +
          'riders are registered; otherwise unmatched rows are reported (422) and nothing is imported.',
        consumes: ['text/csv'],
        params: RaceParams,
        querystring: z.object({ createMissing: z.stringbool().default(false) }),
        response: {
          200: z.object({
            imported: z.number().int(),
            stages: z.number().int(),
            createdRiders: z.number().int(),
          }),
          ...problems(400, 401, 403, 404, 409, 413, 422),
        },
      },
      config: { access: ORGANISERS },
    },
    async (request) => {
      return results.importStageResults(
        actorOf(request),
        request.params.raceId,
        csvBody(request),
        request.query.createMissing,
      );
    },
  );

  app.get(
    '/api/v1/stages/:stageId/results',
    {
      schema: {
        operationId: 'getStageResults',
        tags: ['results'],
        summary: 'A stage’s results (JSON, or CSV with ?format=csv), scored by the rules of its format',
        description:
          'Road stages by time; time trials from each rider’s scheduled start with splits; lap races by ' +
          'laps (criterium, cyclocross, MTB), points (points race) or elimination; a gran fondo by gun or ' +
          'chip time with age groups; an audax lists its finishers without ranking, with its controls.',
        params: StageParams,
        querystring: Format,
        response: { 200: StageResults, ...problems(400, 404) },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { stageId } = request.params;
      const { format, rows } = await results.stageResults(request.actor, stageId);
      if (request.query.format === 'csv') {
        return sendCsv(reply, rows.map(csvRow), stageCsvColumns(format), 'stage-results');
      }
      const controls = await results.controls(stageId);
      return {
        state: await results.stageState(stageId),
        items: rows,
        ...(controls && { controls }),
      };
    },
  );

  app.get(
    '/api/v1/races/:raceId/classifications/:kind',
    {
      schema: {
        operationId: 'getClassification',
        tags: ['results'],
        summary:
          'A classification (general, points, mountains, youth, team) after the latest stage or any ' +
          'earlier one, optionally per category or age group',
        description:
          'Without `stage`, every stage with results counts; with `stage=N`, only stages 1..N do (the ' +
          'standings as they were after stage N). `state` is official once every stage counted is ' +
          'approved; 404 when the race has no stage N.',
        params: RaceParams.extend({ kind: z.enum(['general', 'points', 'mountains', 'youth', 'team']) }),
        querystring: Format.extend({
          category: z.string().optional().describe('only this category, re-ranked'),
          ageGroup: z
            .string()
            .optional()
            .describe('only this age group, e.g. 35-39 (race year − birth year)'),
          stage: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .describe('the classification after this stage number (prologue = 0); default: the latest'),
        }),
        response: { 200: Classification, ...problems(400, 404) },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { kind, raceId } = request.params;
      const classification = await classifications.get(request.actor, raceId, kind, request.query);
      const rows = classification.items;
      if (request.query.format === 'csv') {
        const columns =
          kind === 'points' || kind === 'mountains'
            ? ['rank', 'bib', 'rider', 'team', 'points']
            : kind === 'team'
              ? ['rank', 'team', 'time', 'gap']
              : ['rank', 'bib', 'rider', 'team', 'time', 'gap', 'status'];
        return sendCsv(reply, rows, columns, `${kind}-classification`);
      }
      return classification;
    },
  );
}
