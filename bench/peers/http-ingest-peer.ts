// Child process: the HTTP ceiling peers of the ingest-load benchmark. What this machine can serve at all
// for one request per fix, driven by the same trackers over the same sockets as the app:
// - `node-http`: a bare node:http server that reads each request's body and answers a fixed 200 like
//   each ingest route (the native batch's JSON result, OsmAnd's empty body, OwnTracks' `[]`); nothing
//   parsed, checked or stored;
// - `fastify`: a bare Fastify with the app's zod compilers and the native route's own body and answer
//   schemas (TrackBatch, IngestResult): routing, JSON parsing, validation and serialization, still
//   nothing checked or stored.
// Argument: the kind. Sends `{ port }` once listening; answers `{ type: 'cpu' }` with its CPU µs so far.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngestResult, TrackBatch } from '@echelon/contracts';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { LISTEN_BACKLOG } from '../../apps/server/src/http/listen-backlog.ts';

export type IngestPeerKind = 'node-http' | 'fastify';

/** Longer than any pause between the bench's windows, so phones keep their connections as with the app. */
const KEEP_ALIVE_MS = 600_000;
const NATIVE_ANSWER = JSON.stringify({ accepted: 1, duplicates: 0, rejected: [] });

function bareNodeHttp(): http.Server {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Buffer.concat(chunks); // read, as a server must before it can answer
      const url = request.url ?? '';
      if (url.startsWith('/osmand')) {
        response.writeHead(200, { 'content-length': 0 }).end();
      } else if (url.startsWith('/owntracks')) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('[]');
      } else {
        response
          .writeHead(200, { 'content-type': 'application/json', 'content-length': NATIVE_ANSWER.length })
          .end(NATIVE_ANSWER);
      }
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return server;
}

async function bareFastify(): Promise<http.Server> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, keepAliveTimeout: KEEP_ALIVE_MS });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(
      '/api/v1/track/batch',
      { schema: { body: TrackBatch, response: { 200: IngestResult } } },
      async (request) => ({ accepted: request.body.fixes.length, duplicates: 0, rejected: [] }),
    );
  app.route({ method: ['GET', 'POST'], url: '/osmand', handler: async (_request, reply) => reply.send('') });
  app.post('/owntracks', async () => []);
  await app.ready();
  return app.server;
}

const kind = process.argv[2] as IngestPeerKind;
const server = kind === 'fastify' ? await bareFastify() : bareNodeHttp();
server.listen({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG }, () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type: string }) => {
  if (message.type !== 'cpu') return;
  const used = process.cpuUsage();
  process.send!({ cpuUs: used.user + used.system });
});
process.on('disconnect', () => process.exit(0));
