import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The server's clock for the web app's offset estimate (the time-trial start countdown). */
describe.skipIf(databaseUnavailable !== null)('server time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells anyone the server’s time to the millisecond, never to be cached', async () => {
    const before = Date.now();
    const response = await t.anonymous.get('/api/v1/time');
    const after = Date.now();
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { now } = response.json();
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('is in the API reference as getServerTime', async () => {
    const spec = (await t.anonymous.get('/api/openapi.json')).json();
    expect(spec.paths['/api/v1/time'].get.operationId).toBe('getServerTime');
  });
});
