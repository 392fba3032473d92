import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  isTrackerUrl,
  lazyRequestLogger,
  requestLogController,
  trackerOutcomeLog,
} from '../../src/http/tracker-log.ts';

/** A bare app logging at info into `lines`: a tracker route and an ordinary one. */
async function app(lines: Array<{ msg: string; slow?: number; reqId?: string; req?: { url?: string } }>) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const http = Fastify({ logger: { level: 'info', stream }, logController: requestLogController() });
  const onResponse = trackerOutcomeLog();
  http.get('/osmand', { onResponse, childLoggerFactory: lazyRequestLogger }, async (request, reply) => {
    const query = request.query as { wait?: string; refuse?: string; note?: string };
    if (query.note) request.log.warn({ note: query.note }, 'a note from the route');
    if (query.wait) await new Promise((resolve) => setTimeout(resolve, Number(query.wait)));
    return reply.status(query.refuse ? 400 : 200).send('');
  });
  http.get('/api/v1/races', async () => []);
  await http.ready();
  return http;
}

describe('tracker request logging', () => {
  it('tells the tracker routes by their URL, queries and sub-paths included', () => {
    for (const url of ['/osmand', '/osmand?id=1', '/owntracks?u=a', '/api/v1/track/batch'])
      expect(isTrackerUrl(url), url).toBe(true);
    for (const url of ['/osmandx', '/api/v1/track', '/api/v1/races', '/', '/api/v1/track/batches'])
      expect(isTrackerUrl(url), url).toBe(false);
  });

  it('logs no line for an acknowledged fix, one for a refused one, and both lines for other routes', async () => {
    const lines: Array<{ msg: string }> = [];
    const http = await app(lines);
    const start = lines.length;
    expect((await http.inject('/osmand?id=1')).statusCode).toBe(200);
    expect(lines.slice(start)).toEqual([]);
    expect((await http.inject('/osmand?id=1&refuse=1')).statusCode).toBe(400);
    expect(lines.slice(start).map((l) => l.msg)).toEqual(['tracker request refused']);
    await http.inject('/api/v1/races');
    expect(lines.slice(start + 1).map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    await http.close();
  });

  it("makes a tracker request's logger only when it logs, with the request's id and serialisers", async () => {
    const lines: Array<{ msg: string; reqId?: string; req?: { url?: string }; note?: string }> = [];
    const http = await app(lines);
    const start = lines.length;
    expect((await http.inject('/osmand?id=1&refuse=1')).statusCode).toBe(400);
    expect((await http.inject('/osmand?id=2&note=hello')).statusCode).toBe(200);
    const [refused, note] = lines.slice(start);
    expect(refused).toMatchObject({ msg: 'tracker request refused', req: { url: '/osmand?id=1&refuse=1' } });
    expect(note).toMatchObject({ msg: 'a note from the route', note: 'hello' });
    // Each line carries its own request's id, as a pino child made up front would.
    expect(refused!.reqId).toMatch(/^req-/);
    expect(note!.reqId).toMatch(/^req-/);
    expect(note!.reqId).not.toBe(refused!.reqId);
    await http.close();
  });

  it('sums slow tracker requests up in at most a line a second', async () => {
    const lines: Array<{ msg: string; slow?: number }> = [];
    const http = await app(lines);
    const start = lines.length;
    const answers = await Promise.all([1, 2, 3].map(() => http.inject('/osmand?id=1&wait=1005')));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const slow = lines.slice(start);
    expect(slow).toHaveLength(1);
    expect(slow[0]!.slow).toBe(1);
    expect(slow[0]!.msg).toMatch(/tracker request\(s\) took 1000 ms or more/);
    await http.close();
  });
});
