import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { HttpProblem, type ProblemBody, type ProblemItem, problemBody } from './problem.ts';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

function send(reply: FastifyReply, request: FastifyRequest, body: ProblemBody) {
  return reply
    .status(body.status)
    .type(PROBLEM_JSON)
    .send(JSON.stringify({ ...body, instance: request.url.split('?')[0] }));
}

function validationItems(error: FastifyError): ProblemItem[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const context = error.validationContext ?? 'body';
  return error.validation.map((issue) => {
    const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const message = issue.message ?? 'is invalid';
    return { pointer: `${context}${issue.instancePath}`, detail: field ? `${field}: ${message}` : message };
  });
}

function sqlStateOf(error: unknown): unknown {
  return (
    (error as { code?: unknown; cause?: { code?: unknown } }).code ??
    (error as { cause?: { code?: unknown } }).cause?.code
  );
}

/** Postgres unique violations that slipped past a service check still deserve a 409, not a 500. */
function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

/**
 * Input the database refused that a service check missed: a reference to a record that does not exist
 * (23503), or a value its column cannot hold (class 22: out of range, too long, not a date). The
 * client's mistake, so a 4xx, never a 500; services should still check first and say more.
 */
function refusedInput(error: unknown): { status: number; detail: string } | null {
  const state = sqlStateOf(error);
  if (typeof state !== 'string') return null;
  if (state === '23503') return { status: 422, detail: 'This refers to a record that does not exist here' };
  if (state.startsWith('22'))
    return { status: 400, detail: 'A value is out of the range or form this field takes' };
  return null;
}

/** The router's own refusals (Fastify's frameworkErrors): a malformed URL or an over-long parameter. */
export function sendFrameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is too long: ids are at most 100 characters'
      : 'The URL is malformed (bad percent-encoding?)';
  return reply
    .status(status)
    .type(PROBLEM_JSON)
    .send(JSON.stringify({ ...problemBody(status, detail), instance: safeInstance(request) }));
}

/** The request's path for `instance`; the raw URL may not decode, so it is cut at the query as sent. */
function safeInstance(request: FastifyRequest): string {
  return (request.raw.url ?? '/').split('?')[0]!.slice(0, 200);
}

/** Every error leaves as RFC 9457 problem+json; bad input is a 4xx with a detail a person can act on. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      request,
      problemBody(404, `No such endpoint: ${request.method} ${request.url.split('?')[0]}`),
    ),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      return send(
        reply,
        request,
        problemBody(error.status, error.message, error.errors ? { errors: error.errors } : {}),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = validationItems(error);
      const detail = `Invalid ${error.validationContext ?? 'request'}: ${errors.map((e) => e.detail).join('; ')}`;
      return send(reply, request, problemBody(400, detail, { errors }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return send(reply, request, problemBody(500, 'The server produced an invalid response'));
    }
    if (isUniqueViolation(error)) {
      return send(reply, request, problemBody(409, 'This conflicts with an existing record'));
    }
    const refused = refusedInput(error);
    if (refused) {
      request.log.warn({ err: error }, 'the database refused input a service check missed');
      return send(reply, request, problemBody(refused.status, refused.detail));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's and its plugins' own client errors (bad JSON, too large, wrong content type, rate limit).
      return send(reply, request, problemBody(status, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, problemBody(500, 'Something went wrong on the server; it has been logged'));
  });
}
