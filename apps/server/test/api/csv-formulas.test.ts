import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

// Names a registrant controls, written to run as formulas when an official opens the export.
const START_LIST = [
  'bib,first_name,last_name,team',
  '1,"=HYPERLINK(""http://evil.example"",""x"")",One,=Evil',
  '2,+Bea,Two,@Team',
  '3,Cat,-2+3,Plain',
].join('\n');
const RESULTS = [
  'stage,bib,rider,team,time,bonus,penalty,status',
  '1,1,,,1000,,,',
  '1,2,,,1010,,,',
  '1,3,,,1030,,,',
].join('\n');

describe.skipIf(databaseUnavailable !== null)('CSV exports neutralise formulas', () => {
  let t: TestApp;
  let organiser: Client;
  let raceId: string;
  let stageId: string;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
    raceId = (await organiser.post('/api/v1/races', { name: 'Formula GP', startDate: '2026-06-01' })).json()
      .id;
    stageId = (await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 1', number: 1 })).json()
      .id;
    const csv = { 'content-type': 'text/csv' };
    expect(
      (await organiser.post(`/api/v1/races/${raceId}/registrations/import`, START_LIST, csv)).statusCode,
    ).toBe(200);
    expect((await organiser.post(`/api/v1/races/${raceId}/results/import`, RESULTS, csv)).statusCode).toBe(
      200,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const cells = (text: string) => (parse(text, { relax_column_count: true }) as string[][]).slice(1).flat();
  const dangerous = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

  it('prefixes every text cell starting with = + - @ with a quote, in stage results and classifications', async () => {
    for (const url of [
      `/api/v1/stages/${stageId}/results?format=csv`,
      `/api/v1/races/${raceId}/classifications/general?format=csv`,
    ]) {
      const response = await organiser.get(url);
      expect(response.statusCode, url).toBe(200);
      const all = cells(response.body);
      expect(all.filter(dangerous), url).toEqual([]);
      expect(
        all.some((cell) => cell.startsWith("'=") || cell.startsWith("'+") || cell.startsWith("'@")),
        url,
      ).toBe(true);
    }
  });
});
