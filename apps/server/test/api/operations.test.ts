import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/** The operation names other parts and tools rely on (issue #2's contract). */
const CONTRACT_OPERATIONS = [
  'login',
  'createToken',
  'createRace',
  'updateRace',
  'getRace',
  'listRaces',
  'createStage',
  'uploadCourse',
  'getCourse',
  'createCheckpoint',
  'createRegistration',
  'importRegistrations',
  'listRegistrations',
  'setRaceStatus',
];

describe.skipIf(databaseUnavailable !== null)('operations endpoints and the API reference', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /healthz and /readyz', async () => {
    expect((await t.anonymous.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.anonymous.get('/readyz')).json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('exposes Prometheus metrics, counting requests by route pattern', async () => {
    await t.anonymous.get('/api/v1/races');
    const metrics = await t.anonymous.get('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('echelon_process_cpu_seconds_total');
    expect(metrics.body).toMatch(
      /echelon_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/races",status="200"\} \d+/,
    );
  });

  it('counts a tracker request under its route, and a path no route takes as unmatched', async () => {
    const count = async (labels: string) => {
      const body = (await t.anonymous.get('/metrics')).body;
      const line = body
        .split('\n')
        .find((l) => l.startsWith(`echelon_http_request_duration_seconds_count{${labels}}`));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const batch = 'method="POST",route="/api/v1/track/batch",status="401"';
    const unmatched = 'method="GET",route="unmatched",status="404"';
    const [batchBefore, unmatchedBefore] = [await count(batch), await count(unmatched)];
    const refused = await t.anonymous.post('/api/v1/track/batch', { fixes: [{ time: 1, lat: 1, lon: 1 }] });
    expect(refused.statusCode).toBe(401);
    expect((await t.anonymous.get('/api/v1/no-such-thing')).statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/no-such-thing')).statusCode).toBe(404);
    expect(await count(batch)).toBe(batchBefore + 1);
    expect(await count(unmatched)).toBe(unmatchedBefore + 2);
  });

  it('serves OpenAPI 3.1 with every contract operationId, and a browsable reference', async () => {
    const spec = (await t.anonymous.get('/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    const ids = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (m) => Object.values(m).map((op) => op.operationId),
    );
    for (const id of CONTRACT_OPERATIONS) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    const upload = spec.paths['/api/v1/stages/{stageId}/course'].put;
    expect(upload.requestBody.content['multipart/form-data'].schema.properties.file.format).toBe('binary');
    expect(spec.components.schemas.Problem).toBeDefined();

    const docs = await t.anonymous.get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown endpoints, malformed JSON and wrong types with problem+json', async () => {
    const missing = expectProblem(await t.anonymous.get('/api/v1/nothing-here'), 404);
    expect(missing.detail).toContain('/api/v1/nothing-here');
    const { client } = await t.signIn('organiser');
    const malformed = expectProblem(
      await client.request('POST', '/api/v1/races', '{"name": ', { 'content-type': 'application/json' }),
      400,
    );
    expect(malformed.detail).toMatch(/JSON/i);
    const invalid = expectProblem(
      await client.post('/api/v1/races', { name: '', visibility: 'secret' }),
      400,
    );
    expect(invalid.detail).toContain('visibility');
    expect((invalid.errors as Array<{ pointer: string }>).map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['body/name', 'body/visibility']),
    );
    const badId = expectProblem(await t.anonymous.get('/api/v1/races/not-a-uuid'), 400);
    expect(badId.detail).toContain('raceId');
  });

  it('refuses a JSON body that is too large with 413, not a crash', async () => {
    const { client } = await t.signIn('organiser');
    const huge = expectProblem(
      await client.post('/api/v1/races', { name: 'x', description: 'y'.repeat(3_000_000) }),
      413,
    );
    expect(huge.status).toBe(413);
  });
});
