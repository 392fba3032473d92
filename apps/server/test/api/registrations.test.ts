import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage } from '../support/live-race.ts';
import { startListApi } from '../support/start-list-api.ts';
import {
  type Client,
  expectProblem,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

const HEADER = 'bib,first_name,last_name,team,category,gender,birth_year,nationality,device_id';
const CATEGORIES = ['ELITE', 'MASTERS', 'U23'];

/** A start list of `count` riders, with an extra column the importer must ignore. Rider i is on line i + 1. */
function startListCsv(count: number, edit: (cells: string[], line: number) => void = () => {}): string {
  const lines = [`${HEADER},notes`];
  for (let i = 1; i <= count; i++) {
    const even = i % 2 === 0;
    const cells = [
      `${i}`,
      `First${i}`,
      `Last${i}`,
      `Team ${i % 20}`,
      CATEGORIES[i % 3]!,
      even ? 'female' : 'M',
    ];
    cells.push(`${1970 + (i % 35)}`, even ? 'fra' : 'BEL', `dev-${i}`, 'ignored');
    edit(cells, i + 1);
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

type Errors = Array<{ line: number; detail: string }>;
const U23 = { code: 'U23', name: 'Under 23', kind: 'age', gender: 'M', minAge: 19, maxAge: 22 };
const NO_ROWS = 'The CSV file has no rider rows';

describe.skipIf(databaseUnavailable !== null)('registrations', () => {
  let t: TestApp;
  let org: { user: TestUser; client: Client };

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.signIn('organiser');
  });
  afterAll(async () => {
    await t?.close();
  });

  const { newRace, url, importCsv, register, list, categoryCodes, bibs } = startListApi(() => org.client);

  describe('createRegistration', () => {
    let raceId: string;
    beforeAll(async () => {
      raceId = await newRace();
    });

    it('registers a rider and echoes the fields, trimmed and upper-cased', async () => {
      const same = {
        bib: 7,
        lastName: 'Berg',
        team: 'Velo Club',
        category: 'W-ELITE',
        gender: 'F',
        birthYear: 1995,
      };
      const input = { ...same, firstName: ' Anna ', nationality: 'nor', deviceId: 'tracker-7' };
      const response = await register(raceId, input);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toEqual({
        ...same,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        raceId,
        firstName: 'Anna',
        nationality: 'NOR',
        deviceId: 'tracker-7',
        wave: null,
        createdAt: expect.any(String),
      });
      expect(await categoryCodes(raceId)).toEqual(['W-ELITE']);
    });

    it('refuses a bib that is taken, naming the rider who has it', async () => {
      const body = expectProblem(
        await register(raceId, { bib: 7, firstName: 'Other', lastName: 'Rider' }),
        409,
      );
      expect(body.detail).toBe('bib 7 is already taken by Anna Berg');
    });

    it('refuses a device id that is already paired', async () => {
      const rider = { bib: 8, firstName: 'Other', lastName: 'Rider', deviceId: 'tracker-7' };
      const body = expectProblem(await register(raceId, rider), 409);
      expect(body.detail).toBe('device_id tracker-7 is already paired with bib 7 (Anna Berg)');
      expect(await bibs(raceId)).toEqual([7]);
    });

    it('validates the body', async () => {
      const rider = { bib: 0, firstName: 'A', lastName: 'B', nationality: 'France' };
      const bad = expectProblem(await register(raceId, rider), 400);
      const pointers = (bad.errors as Array<{ pointer: string }>).map((e) => e.pointer).sort();
      expect(pointers).toEqual(['body/bib', 'body/nationality']);
      expect(bad.detail).toContain('nationality must be a 2- or 3-letter country code (FR, FRA)');
    });

    it('is for the race’s organisers only', async () => {
      expectProblem(await t.anonymous.post(url(raceId), { bib: 9, firstName: 'A', lastName: 'B' }), 401);
      const other = await t.signIn('organiser');
      expectProblem(await other.client.post(url(raceId), { bib: 9, firstName: 'A', lastName: 'B' }), 403);
    });
  });

  describe('listRegistrations', () => {
    let raceId: string;
    beforeAll(async () => {
      raceId = await newRace();
      const riders = [
        { bib: 30, firstName: 'Marco', lastName: 'Rossi', team: 'Squadra', category: 'ELITE' },
        { bib: 4, firstName: 'Lena', lastName: 'Fischer', team: 'Radsport', category: 'U23' },
        { bib: 12, firstName: 'Joan', lastName: 'Marquez', team: 'Squadra', category: 'ELITE' },
      ];
      for (const rider of riders) expect((await register(raceId, rider)).statusCode).toBe(201);
    });

    it('lists by bib with a total', async () => {
      const result = await list(raceId);
      expect(result.items.map((r) => r.bib)).toEqual([4, 12, 30]);
      expect(result.total).toBe(3);
    });

    it('searches names, teams and exact bibs, and filters by category', async () => {
      expect(await bibs(raceId, '?q=mar')).toEqual([12, 30]);
      expect(await bibs(raceId, '?q=SQUADRA')).toEqual([12, 30]);
      expect(await bibs(raceId, '?q=12')).toEqual([12]);
      expect(await bibs(raceId, '?q=nobody')).toEqual([]);
      expect(await bibs(raceId, '?category=ELITE')).toEqual([12, 30]);
      expect(await bibs(raceId, '?category=U23&q=lena')).toEqual([4]);
    });

    it('hides a draft race’s start list from anonymous callers', async () => {
      expectProblem(await t.anonymous.get(url(raceId)), 404);
    });

    it('shows tracker ids to the race’s officials only: an id is all a tracker app sends', async () => {
      const published = await newRace('Published start list');
      expect(
        (await register(published, { bib: 1, firstName: 'A', lastName: 'B', deviceId: 'secret-7' }))
          .statusCode,
      ).toBe(201);
      const status = await org.client.post(`/api/v1/races/${published}/status`, { status: 'published' });
      expect(status.statusCode, status.body).toBe(200);
      expect((await list(published)).items[0]!.deviceId).toBe('secret-7');
      const publicList = await t.anonymous.get(url(published));
      expect(publicList.statusCode).toBe(200);
      expect(publicList.json().items[0]).toMatchObject({ bib: 1, deviceId: null });
      expect(publicList.body).not.toContain('secret-7');
      const other = await t.signIn('organiser');
      expect((await other.client.get(url(published))).json().items[0].deviceId).toBeNull();
    });
  });

  describe('importRegistrations', () => {
    it('imports a 200-rider file, ignoring extra columns and creating categories', async () => {
      const raceId = await newRace();
      const response = await importCsv(raceId, startListCsv(200), undefined, true);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ imported: 200, createdCategories: ['ELITE', 'MASTERS', 'U23'] });
      const result = await list(raceId);
      expect(result.total).toBe(200);
      expect(result.items.map((r) => r.bib)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(result.items[1]).toMatchObject({
        bib: 2,
        firstName: 'First2',
        lastName: 'Last2',
        team: 'Team 2',
      });
      expect(result.items[1]).toMatchObject({
        category: 'U23',
        gender: 'F',
        birthYear: 1972,
        nationality: 'FRA',
      });
      expect(result.items[1]!.deviceId).toBe('dev-2');
      expect((await list(raceId, '?category=MASTERS')).total).toBe(67);
      const categories = (await org.client.get(`/api/v1/races/${raceId}/categories`)).json().items;
      expect(categories.map((c: Record<string, unknown>) => [c.code, c.name, c.kind])).toEqual([
        ['ELITE', 'ELITE', 'custom'],
        ['MASTERS', 'MASTERS', 'custom'],
        ['U23', 'U23', 'custom'],
      ]);
    });

    it('imports nothing when one row is bad, and names its line', async () => {
      const raceId = await newRace();
      const csv = startListCsv(200, (cells, line) => {
        if (line === 57) cells[0] = 'abc';
      });
      const body = expectProblem(await importCsv(raceId, csv), 422);
      expect(body.detail).toBe('1 row(s) are invalid (line 57); nothing was imported');
      expect(body.errors).toEqual([{ line: 57, detail: 'bib must be a whole number' }]);
      expect((await list(raceId)).total).toBe(0);
      expect(await categoryCodes(raceId)).toEqual([]);
    });

    it('reports every bad row, and a duplicate bib with both lines', async () => {
      const raceId = await newRace();
      const csv = startListCsv(60, (cells, line) => {
        if (line === 10) cells[6] = '1800';
        if (line === 20) cells[2] = '';
        if (line === 30) cells[5] = 'robot';
        if (line === 40) cells[0] = '5'; // rider 5 is on line 6
        if (line === 50) cells[8] = 'dev-3'; // rider 3, line 4
      });
      const body = expectProblem(await importCsv(raceId, csv), 422);
      expect(body.detail).toBe('5 row(s) are invalid (line 10, 20, 30, 40, 50); nothing was imported');
      const errors = body.errors as Errors;
      expect(errors.map((e) => e.line)).toEqual([10, 20, 30, 40, 50]);
      expect(errors[0]!.detail).toMatch(/^birth.year.*1900/);
      expect(errors[1]!.detail).toBe('last name is required');
      expect(errors[2]!.detail).toBe('gender must be one of M, F, X');
      expect(errors[3]!.detail).toBe('bib 5 is also on line 6');
      expect(errors[4]!.detail).toBe('device_id dev-3 is also on line 4');
      expect((await list(raceId)).total).toBe(0);
    });

    it('says a missing bib is required', async () => {
      const raceId = await newRace();
      const body = expectProblem(await importCsv(raceId, 'bib,first_name,last_name\n1,A,B\n,C,D\n'), 422);
      expect(body.errors).toEqual([{ line: 3, detail: 'bib is required' }]);
    });

    it('appends only when no row clashes with the start list', async () => {
      const raceId = await newRace();
      const eddy = { bib: 5, firstName: 'Eddy', lastName: 'Merckx', deviceId: 'cannibal' };
      expect((await register(raceId, eddy)).statusCode).toBe(201);
      const csv =
        'bib,first_name,last_name,device_id\n6,Felice,Gimondi,\n5,Raymond,Poulidor,\n7,Luis,Ocana,cannibal\n';
      const body = expectProblem(await importCsv(raceId, csv), 422);
      expect(body.detail).toBe('2 row(s) cannot be imported (line 3, 4); nothing was imported');
      expect(body.errors).toEqual([
        { line: 3, detail: 'bib 5 is already taken by Eddy Merckx' },
        { line: 4, detail: 'device_id cannibal is already paired with bib 5 (Eddy Merckx)' },
      ]);
      expect(await bibs(raceId)).toEqual([5]);

      const appended = await importCsv(raceId, 'bib,first_name,last_name\n6,Felice,Gimondi\n', 'append');
      expect(appended.json()).toEqual({ imported: 1, createdCategories: [] });
      expect(await bibs(raceId)).toEqual([5, 6]);
    });

    it('replaces the whole start list in replace mode', async () => {
      const raceId = await newRace();
      expect((await importCsv(raceId, startListCsv(10), undefined, true)).statusCode).toBe(200);
      const csv =
        'bib,first_name,last_name,category,device_id\n5,Bernard,Hinault,ELITE,dev-1\n100,Greg,LeMond,JUNIOR,dev-2\n';
      const response = await importCsv(raceId, csv, 'replace', true);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ imported: 2, createdCategories: ['JUNIOR'] });
      const result = await list(raceId);
      expect(result.items.map((r) => [r.bib, r.lastName, r.deviceId])).toEqual([
        [5, 'Hinault', 'dev-1'],
        [100, 'LeMond', 'dev-2'],
      ]);
    });

    it('reads semicolon-separated text/plain files with a BOM and CRLF line ends', async () => {
      const raceId = await newRace();
      const csv =
        '\uFEFFbib;first_name;last_name;team;gender\r\n1;Jean;Dupont;"AG2R; La Mondiale";homme\r\n2;Anne;Roux;;f\r\n';
      // Sent as spreadsheets often are: text/plain with a charset.
      const type = { 'content-type': 'text/plain; charset=utf-8' };
      const response = await org.client.post(url(raceId, '/import'), csv, type);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().imported).toBe(2);
      const result = await list(raceId);
      expect(result.items.map((r) => [r.bib, r.firstName, r.team, r.gender])).toEqual([
        [1, 'Jean', 'AG2R; La Mondiale', 'M'],
        [2, 'Anne', null, 'F'],
      ]);
    });

    it('refuses a header without last_name, naming the column', async () => {
      const raceId = await newRace();
      const body = expectProblem(await importCsv(raceId, 'bib,first_name,team\n1,Jean,Team\n'), 422);
      expect(body.detail).toBe(`The header lacks last_name; expected ${HEADER},wave`);
      expect(body.errors).toEqual([{ line: 1, detail: 'missing column(s): last_name' }]);
    });

    it('refuses an empty file, a header-only file and a JSON body', async () => {
      const raceId = await newRace();
      expect(expectProblem(await importCsv(raceId, ''), 422).detail).toBe(NO_ROWS);
      expect(expectProblem(await importCsv(raceId, `${HEADER}\n`), 422).detail).toBe(NO_ROWS);
      const json = await org.client.post(url(raceId, '/import'), { bib: 1 });
      expect(expectProblem(json, 400).detail).toBe(
        'Send the CSV as the request body with Content-Type text/csv',
      );
      expect((await list(raceId)).total).toBe(0);
    });

    it('refuses to change the start list of an official race', async () => {
      const raceId = await newRace();
      await addStartableStage(org.client, raceId);
      for (const status of ['published', 'live', 'finished', 'official']) {
        expect((await org.client.post(`/api/v1/races/${raceId}/status`, { status })).statusCode).toBe(200);
      }
      expect(expectProblem(await importCsv(raceId, startListCsv(2)), 409).detail).toBe(
        'The race is official; its start list can no longer change',
      );
    });
  });

  describe('categories', () => {
    let raceId: string;
    beforeAll(async () => {
      raceId = await newRace();
    });
    const create = (body: Record<string, unknown>) =>
      org.client.post(`/api/v1/races/${raceId}/categories`, body);

    it('creates an age category', async () => {
      const response = await create(U23);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toEqual({ ...U23, id: expect.any(String), raceId });
    });

    it('refuses a duplicate code with 409', async () => {
      expect(expectProblem(await create({ code: 'U23', name: 'Again' }), 409).detail).toBe(
        'Category U23 exists already',
      );
    });

    it('refuses an age category without ages, or with reversed ages', async () => {
      expect(expectProblem(await create({ code: 'VET', name: 'Veterans', kind: 'age' }), 400).detail).toBe(
        'An age category needs minAge, maxAge or both',
      );
      const vet = { code: 'VET', name: 'Veterans', kind: 'age', minAge: 50, maxAge: 40 };
      const reversed = expectProblem(await create(vet), 400);
      expect(reversed.detail).toBe('Invalid body: maxAge: minAge must not exceed maxAge');
    });

    it('lists categories by code, importing only the unknown ones', async () => {
      const csv = 'bib,first_name,last_name,category\n1,A,B,ELITE\n2,C,D,U23\n';
      const imported = await importCsv(raceId, csv, undefined, true);
      expect(imported.json()).toEqual({ imported: 2, createdCategories: ['ELITE'] });
      expect(await categoryCodes(raceId)).toEqual(['ELITE', 'U23']);
      // A draft race's categories are hidden from anonymous callers, like the race.
      expectProblem(await t.anonymous.get(`/api/v1/races/${raceId}/categories`), 404);
    });
  });
});
