import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { SHARED_DATA, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Every verbatim tracker sample in ../shared/data/protocols, sent over HTTP to a running server: what the
 * protocols' README says a server must answer (decoding itself is covered per sample in test/ingest).
 */
const DIR = `${SHARED_DATA}protocols/`;
const lines = (file: string) =>
  readFileSync(DIR + file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const QUERY = lines('osmand-query-samples.txt');
const JSON_BODIES = lines('osmand-json-samples.jsonl');
const OWNTRACKS = lines('owntracks-samples.jsonl');

const DEVICE_IDS = [
  '123456',
  '902064',
  '353861053849681',
  '861001000719969',
  '48241179',
  '658765',
  '8737767034',
  '123456789012345',
  'owntracks-rider',
  'ckrey',
  'qtripp',
];

describe.skipIf(databaseUnavailable !== null)('protocol samples over HTTP', () => {
  let t: TestApp;
  let count: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    const { client } = await t.signIn('organiser');
    const raceId = (await client.post('/api/v1/races', { name: 'Samples' })).json().id;
    const csv = [
      'bib,first_name,last_name,device_id',
      ...DEVICE_IDS.map((id, i) => `${i + 1},Sample,${i + 1},${id}`),
    ];
    const imported = await client.post(`/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode).toBe(200);
    const ids = (await client.get(`/api/v1/races/${raceId}/registrations`))
      .json()
      .items.map((r: { id: string }) => r.id);
    count = async () => {
      await t.services.ingest.drain();
      let n = 0;
      for (const id of ids) n += await t.services.ingest.countStored(id);
      return n;
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers each OsmAnd query sample as Traccar does: 400 without a device id, else 200', async () => {
    expect(QUERY).toHaveLength(11);
    const statuses: number[] = [];
    for (const sample of QUERY) {
      statuses.push((await t.anonymous.get(sample.replace(/^\/\?/, '/osmand?'))).statusCode);
    }
    expect(statuses).toEqual([200, 400, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
    // Sample 1 has no position and samples 7 and 10 repeat sample 6's device and time: 7 stored.
    expect(await count()).toBe(7);
  });

  it('stores each Traccar Client JSON sample', async () => {
    const before = await count();
    for (const body of JSON_BODIES) {
      const response = await t.anonymous.request('POST', '/osmand', body, {
        'content-type': 'application/json',
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    // The second sample repeats the first one's device and time (it differs only in its extras): a duplicate.
    expect((await count()) - before).toBe(JSON_BODIES.length - 1);
  });

  it('stores each OwnTracks sample and answers []', async () => {
    const before = await count();
    for (const body of OWNTRACKS) {
      const hasTopic = body.includes('"topic"');
      const response = await t.anonymous.request(
        'POST',
        hasTopic ? '/owntracks' : '/owntracks?u=owntracks-rider&d=phone',
        body,
        { 'content-type': 'application/json' },
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual([]);
    }
    // Samples 2 and 3 are the same device (sent as one user here) at the same time: a duplicate.
    expect((await count()) - before).toBe(OWNTRACKS.length - 1);
  });
});
