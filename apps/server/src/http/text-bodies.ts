import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from './problem.ts';

/** Start lists, results and passings come as files: CSV up to this size. */
const TEXT_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * File-like request bodies (CSV, and text/plain as spreadsheets often send it) arrive as the raw text,
 * for every route that imports a file; each route reads them with csvBody.
 */
export function installTextBodies(app: FastifyInstance): void {
  for (const type of ['text/csv', 'text/plain']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: TEXT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }
}

/** The CSV text of a request, or a 400 saying how to send it. */
export function csvBody(request: FastifyRequest): string {
  if (typeof request.body !== 'string')
    throw badRequest('Send the CSV as the request body with Content-Type text/csv');
  return request.body;
}
