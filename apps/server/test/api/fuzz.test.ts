import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Issue 15's fuzz suite: every operation of the OpenAPI document, and every ingest protocol, with
 * malformed and boundary values in paths, queries, headers and bodies, as anonymous and signed-in
 * callers. Nothing may answer 5xx, and every error must be problem+json. A fixed seed and budget
 * (≥ 20,000 requests) in CI; FUZZ_REQUESTS=200000 (and FUZZ_SEED) for a longer run.
 */
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 15);
/** Room for a larger run: about 10 ms a request on a busy machine, never less than 10 minutes. */
const TIMEOUT_MS = Math.max(600_000, BUDGET * 20);
const UUID_ZERO = '00000000-0000-0000-0000-000000000000';

/** Operations that would end the signed-in callers' own sessions and tokens for the rest of the run. */
const SPARED = new Set(['logout', 'revokeToken', 'updateUser']);

interface Operation {
  method: string;
  path: string;
  operationId: string;
  params: Array<{ name: string; in: 'path' | 'query' | 'header' }>;
  bodyProperties: string[];
  hasBody: boolean;
}

/** Strings that have broken parsers before: empty, huge, control characters, encodings, injections. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '%00',
    '%',
    '%zz',
    '..%2F..%2Fetc%2Fpasswd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '=HYPERLINK("x")',
    '\u0000',
    '\ud800',
    '🚴'.repeat(50),
    'a'.repeat(5000),
    UUID_ZERO,
    '2026-02-30T25:61:00Z',
    '9999999999999999999999',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Any JSON value, biased towards the shapes bodies have (objects with the operation's own keys). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e39, -1e39, Number.MAX_SAFE_INTEGER, 2 ** 31, -0, 0.1),
  fc.array(fc.oneof(nasty, fc.integer()), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);

function bodyFor(op: Operation, ids: string[]): fc.Arbitrary<unknown> {
  const keyed =
    op.bodyProperties.length > 0
      ? fc.dictionary(fc.constantFrom(...op.bodyProperties), fc.oneof(anyValue, fc.constantFrom(...ids)), {
          maxKeys: op.bodyProperties.length,
        })
      : fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 });
  return fc.oneof(
    { weight: 6, arbitrary: keyed },
    { weight: 2, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ raw: text })) },
  );
}

const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return 'x'; // a lone surrogate cannot be encoded; a client could not send it either
  }
};

function expectWellFormed(response: LightMyRequestResponse, what: string): void {
  if (response.statusCode >= 500)
    throw new Error(`${what} → ${response.statusCode}: ${response.body.slice(0, 500)}`);
  if (response.statusCode >= 400) {
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) {
      throw new Error(`${what} → ${response.statusCode} as ${type}: ${response.body.slice(0, 300)}`);
    }
    const body = JSON.parse(response.body) as { status?: unknown; title?: unknown };
    if (body.status !== response.statusCode || typeof body.title !== 'string') {
      throw new Error(`${what} → a problem without status or title: ${response.body.slice(0, 300)}`);
    }
  }
}

describe.skipIf(databaseUnavailable !== null)('fuzz: hostile requests to every operation', () => {
  let t: TestApp;
  let race: LiveRace;
  let callers: Array<{ name: string; client: Client }>;
  let operations: Operation[];
  let ids: string[];
  let deviceToken: string;
  let sent = 0;

  beforeAll(async () => {
    t = await startTestApp({ loginRateLimitPerMinute: 1_000_000 });
    race = await setUpLiveRace(t, 3);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: Date.now() - 60_000,
    });
    deviceToken = (
      await race.organiser.post(`/api/v1/registrations/${race.riders[0]!.id}/device-tokens`)
    ).json().token;
    const token = (await t.admin.post('/api/v1/tokens', { name: 'fuzz' })).json().token;
    callers = [
      { name: 'anonymous', client: t.anonymous },
      { name: 'admin session', client: t.admin },
      { name: 'organiser session', client: race.organiser },
      {
        name: 'admin token',
        client: new (t.anonymous.constructor as typeof Client)(t.http, { authorization: `Bearer ${token}` }),
      },
    ];
    ids = [race.raceId, race.stageId, ...race.riders.map((r) => r.id), UUID_ZERO];
    const document = (await t.anonymous.get('/api/openapi.json')).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            operationId?: string;
            parameters?: Array<{ name: string; in: string }>;
            requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    operations = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.operationId || SPARED.has(op.operationId)) continue;
        const json = op.requestBody?.content?.['application/json']?.schema;
        operations.push({
          method: method.toUpperCase(),
          path,
          operationId: op.operationId,
          params: (op.parameters ?? []).filter((p): p is Operation['params'][number] =>
            ['path', 'query', 'header'].includes(p.in),
          ),
          bodyProperties: Object.keys(json?.properties ?? {}),
          hasBody: op.requestBody !== undefined,
        });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
    console.info(`fuzz: ${sent} requests, seed ${SEED}`);
  });

  it(
    'walks every operation in the OpenAPI document: no 5xx, every error problem+json',
    async () => {
      expect(operations.length).toBeGreaterThan(50);
      const perOperation = Math.ceil((BUDGET * 0.8) / operations.length);
      for (const op of operations) {
        const pathValue = fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...ids) },
          { weight: 2, arbitrary: nasty },
        );
        const request = fc.record({
          caller: fc.nat({ max: callers.length - 1 }),
          path: fc.dictionary(
            fc.constantFrom(...op.params.filter((p) => p.in === 'path').map((p) => p.name), '-'),
            pathValue,
          ),
          query: fc.array(
            fc.tuple(
              fc.oneof(
                fc.constantFrom(
                  ...op.params.filter((p) => p.in === 'query').map((p) => p.name),
                  'format',
                  'limit',
                ),
                fc.string({ maxLength: 6 }),
              ),
              nasty,
            ),
            { maxLength: 4 },
          ),
          body: bodyFor(op, ids),
          contentType: fc.constantFrom(
            'application/json',
            'application/json',
            'text/csv',
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded',
            '',
          ),
          headers: fc.dictionary(
            fc.constantFrom('accept', 'x-csrf-token', 'accept-encoding', 'if-none-match', 'x-forwarded-for'),
            nasty,
            { maxKeys: 2 },
          ),
        });
        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            const url =
              op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(String(r.path[name] ?? ids[0]))) +
              (r.query.length > 0
                ? `?${r.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`
                : '');
            const caller = callers[r.caller]!;
            const payload =
              r.body === undefined
                ? undefined
                : r.contentType.startsWith('application/json')
                  ? JSON.stringify(r.body)
                  : String(JSON.stringify(r.body));
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.headers)) if (/^[\t\x20-\x7e]*$/.test(v)) headers[k] = v;
            if (r.contentType && payload !== undefined) headers['content-type'] = r.contentType;
            sent++;
            const response = await caller.client.request(op.method as 'GET', url, payload, headers);
            expectWellFormed(response, `${caller.name} ${op.method} ${url}`);
          }),
          { seed: SEED, numRuns: perOperation, endOnFailure: true },
        );
      }
    },
    TIMEOUT_MS,
  );

  it(
    'takes arbitrary payloads on every ingest protocol: no 5xx, every error problem+json',
    async () => {
      const runs = Math.ceil((BUDGET * 0.2) / 3);
      const device = race.riders[1]!.deviceId;
      const plausible = () => ({ ...along(500), time: Date.now() - 30_000 });
      const fixLike = fc
        .dictionary(
          fc.constantFrom('time', 'lat', 'lon', 'accuracy', 'speed', 'altitude', 'heading', 'battery', 'sos'),
          anyValue,
        )
        .map((fields) => ({ ...plausible(), ...fields }));
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.array(fixLike, { maxLength: 5 }), anyValue), async (fixes) => {
          sent++;
          const response = await t.anonymous.request(
            'POST',
            '/api/v1/track/batch',
            JSON.stringify({ fixes }),
            {
              authorization: `Bearer ${deviceToken}`,
              'content-type': 'application/json',
            },
          );
          expectWellFormed(response, `native batch ${JSON.stringify(fixes).slice(0, 200)}`);
        }),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
      const osmandKey = fc.constantFrom(
        'id',
        'deviceid',
        'lat',
        'lon',
        'location',
        'timestamp',
        'speed',
        'bearing',
        'heading',
        'altitude',
        'accuracy',
        'hacc',
        'batt',
        'charge',
        'alarm',
        'cell',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(osmandKey, nasty), { maxLength: 8 }),
          fc.boolean(),
          async (pairs, asBody) => {
            const query = [`id=${device}`, ...pairs.map(([k, v]) => `${k}=${encode(v)}`)].join('&');
            sent++;
            const response = asBody
              ? await t.anonymous.request('POST', '/osmand', query, {
                  'content-type': 'application/x-www-form-urlencoded',
                })
              : await t.anonymous.request('GET', `/osmand?${query}`);
            expectWellFormed(response, `osmand ${query.slice(0, 200)}`);
          },
        ),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
      const ownKey = fc.constantFrom(
        '_type',
        'lat',
        'lon',
        'tst',
        'vel',
        'cog',
        'alt',
        'acc',
        'batt',
        'bs',
        'tid',
        'topic',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.dictionary(ownKey, anyValue).map((m) => ({ _type: 'location', ...m })),
            fc.array(fc.dictionary(ownKey, anyValue), { maxLength: 3 }),
            anyValue,
          ),
          async (message) => {
            sent++;
            const response = await t.anonymous.request(
              'POST',
              `/owntracks?u=${device}&d=phone`,
              JSON.stringify(message),
              {
                'content-type': 'application/json',
              },
            );
            expectWellFormed(response, `owntracks ${JSON.stringify(message).slice(0, 200)}`);
          },
        ),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
      expect(sent).toBeGreaterThanOrEqual(BUDGET);
    },
    TIMEOUT_MS,
  );
});
