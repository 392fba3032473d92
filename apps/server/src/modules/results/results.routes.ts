import {
  Classification,
  RaceParams,
  RankingFilterQuery,
  ResultEvidence,
  StageParams,
  StageResults,
  Uuid,
} from '@echelon/contracts';
import { timePrecision } from '@echelon/domain';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { acceptsCompressed, sendWhole } from '../../http/public-cache.ts';
import { csvBody } from '../../http/text-bodies.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { Actor } from '../auth/actor.ts';
import type { ClassificationsService } from './classifications.service.ts';
import { csvRow, stageCsvColumns } from './present-stage-results.ts';
import { narrows } from './race-rankings.ts';
import type { ResultsService } from './results.service.ts';
import { RANKING_COLUMNS, stageResultsTable } from './stage-results-table.ts';
import type { StoredAnswers } from './stored-answers.ts';

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
  answers: StoredAnswers,
): void {
  /** A stage's results as JSON: its stored lines with every rider's places, its state and precision. */
  const stageResults = async (actor: Actor | null, stageId: string, filter: RankingFilterQuery) => {
    const stage = await results.stageResults(actor, stageId);
    const rows = await classifications.stageRankings(actor, stageId, stage.rows, filter);
    const controls = await results.controls(stageId);
    return {
      state: await results.stageState(stageId),
      timePrecision: timePrecision(stage.format),
      items: rows,
      ...(controls && { controls }),
    };
  };

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
          'chip time; an audax lists its finishers without ranking, with its controls. Every row carries ' +
          'the rider’s places by gender, category and age group (the race’s own age categories) and, ' +
          'when the stage has intermediate timing points, their splits (time, rank, gap) at each. ' +
          '`?gender=`, `?category=` and `?ageGroup=` keep only those riders; `rank` stays the overall ' +
          'place, the place in the ranking asked for is `genderRank`, `categoryRank` or `ageGroupRank`. ' +
          'The CSV has the same columns, and three per timing point.',
        params: StageParams,
        querystring: Format.extend(RankingFilterQuery.shape),
        response: { 200: StageResults, ...problems(400, 404) },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { stageId } = request.params;
      const { format: asked, ...filter } = request.query;
      if (asked === 'csv') {
        const stage = await results.stageResults(request.actor, stageId);
        const rows = await classifications.stageRankings(request.actor, stageId, stage.rows, filter);
        const table = stageResultsTable(rows, stageCsvColumns(stage.format), csvRow);
        return sendCsv(reply, table.records, table.columns, 'stage-results');
      }
      // The whole field as anyone sees it: stored whole (an audax's controls are read as they stand).
      if (request.actor === null && !narrows(filter)) {
        const stage = await results.visibleStage(null, stageId);
        if (stage.format !== 'audax') {
          const answer = await answers.answer(
            stage.raceId,
            `stage-results ${stageId}`,
            async () => JSON.stringify(StageResults.encode(await stageResults(null, stageId, filter))),
            acceptsCompressed(request),
          );
          return sendWhole(request, reply, answer);
        }
      }
      return stageResults(request.actor, stageId, filter);
    },
  );

  app.get(
    '/api/v1/stages/:stageId/results/:registrationId/evidence',
    {
      schema: {
        operationId: 'getStageResultEvidence',
        tags: ['results'],
        summary: 'What a rider’s stored stage result was computed from: passings, fixes and decisions',
        description:
          'The crossings the result used (a timing system’s read, or the GPS crossing with the fixes it ' +
          'was interpolated between), the decisions that stood, the stage’s evidence window, and when ' +
          'and why the stage’s results were last computed. 404 when the stage has no result for the rider.',
        params: StageParams.extend({ registrationId: Uuid }),
        response: { 200: ResultEvidence, ...problems(400, 404) },
      },
      config: { access: 'public' },
    },
    async (request) => results.evidence(request.actor, request.params.stageId, request.params.registrationId),
  );

  app.get(
    '/api/v1/races/:raceId/classifications/:kind',
    {
      schema: {
        operationId: 'getClassification',
        tags: ['results'],
        summary:
          'A classification (general, points, mountains, youth, team) after the latest stage or any ' +
          'earlier one, optionally per gender, category or age group',
        description:
          'Without `stage`, every stage with results counts; with `stage=N`, only stages 1..N do (the ' +
          'standings as they were after stage N). `state` is official once every stage counted is ' +
          'approved; 404 when the race has no stage N. Rider rows carry their places by gender, category ' +
          'and age group; `?gender=`, `?category=` and `?ageGroup=` keep only those riders, re-ranked ' +
          'among themselves in `rank`.',
        params: RaceParams.extend({ kind: z.enum(['general', 'points', 'mountains', 'youth', 'team']) }),
        querystring: Format.extend(RankingFilterQuery.shape).extend({
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
      const { query } = request;
      // The whole classification as anyone sees it: stored whole, after the stage asked for or the latest.
      if (query.format === 'json' && request.actor === null && !narrows(query)) {
        const key = `classification ${raceId} ${kind} ${query.stage ?? 'latest'}`;
        await classifications.visible(null, raceId);
        const answer = await answers.answer(
          raceId,
          key,
          async () =>
            JSON.stringify(Classification.encode(await classifications.get(null, raceId, kind, query))),
          acceptsCompressed(request),
        );
        return sendWhole(request, reply, answer);
      }
      const found = await classifications.get(request.actor, raceId, kind, query);
      const rows = found.items;
      if (query.format === 'csv') {
        const columns =
          kind === 'points' || kind === 'mountains'
            ? ['rank', 'bib', 'rider', 'team', 'points']
            : kind === 'team'
              ? ['rank', 'team', 'time', 'gap']
              : ['rank', 'bib', 'rider', 'team', 'time', 'gap', 'status'];
        if (kind !== 'team') columns.push(...RANKING_COLUMNS);
        return sendCsv(reply, rows, columns, `${kind}-classification`);
      }
      return found;
    },
  );
}
