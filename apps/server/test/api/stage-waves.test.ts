import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The waves editor against the start list: a stage edit may not take a wave away from the riders
 * registered in it, since results time them from the stage's own wave of that name.
 */
describe.skipIf(databaseUnavailable !== null)('stages: waves the start list uses', () => {
  let t: TestApp;
  let organiser: Client;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  const wave = (name: string, startOffsetSeconds = 0) => ({ name, startOffsetSeconds, categories: [] });
  const A = wave('A');
  const B = wave('B', 600);
  const C = wave('C', 1200);

  const newRace = async (): Promise<string> => {
    const response = await organiser.post('/api/v1/races', { name: 'Gran fondo' });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  };
  const addStage = async (raceId: string, waves: unknown[]): Promise<string> => {
    const response = await organiser.post(`/api/v1/races/${raceId}/stages`, {
      name: 'Fondo',
      format: 'gran_fondo',
      waves,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  };
  /** Registers one rider per [bib, wave]. */
  const register = async (raceId: string, riders: Array<[number, string | null]>) => {
    for (const [bib, inWave] of riders) {
      const response = await organiser.post(`/api/v1/races/${raceId}/registrations`, {
        bib,
        firstName: `Rider${bib}`,
        lastName: 'Fondo',
        wave: inWave,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  };
  const setWaves = (stageId: string, waves: unknown[]) =>
    organiser.patch(`/api/v1/stages/${stageId}`, { waves });
  const waveNames = async (stageId: string) =>
    (await organiser.get(`/api/v1/stages/${stageId}`)).json().waves.map((w: { name: string }) => w.name);
  const THOSE_RIDERS =
    'those riders to another wave first (edit their entries on the start list, or import the start list ' +
    'again with a wave column).';

  it('refuses (409) to remove a wave riders are in, naming it and their bibs, and keeps the waves', async () => {
    const raceId = await newRace();
    const stageId = await addStage(raceId, [A, B, C]);
    await register(raceId, [
      [7, 'B'],
      [3, 'B'],
      [5, 'A'],
      [9, null],
    ]);
    const problem = expectProblem(await setWaves(stageId, [A, C]), 409);
    const detail =
      'Wave "B" cannot be removed or renamed: 2 riders are in it (bibs 3, 7), and results time them on ' +
      `each stage from that stage’s own wave "B". Keep it on this stage, or move ${THOSE_RIDERS}`;
    expect(problem.detail).toBe(detail);
    expect(problem.errors).toEqual([{ pointer: '/waves', detail }]);
    expect(await waveNames(stageId)).toEqual(['A', 'B', 'C']);

    // One problem per wave left behind; one rider is "1 rider".
    const both = expectProblem(await setWaves(stageId, [C]), 409);
    expect((both.errors as Array<{ pointer: string; detail: string }>).map((e) => e.detail)).toEqual([
      expect.stringMatching(/^Wave "A" cannot be removed or renamed: 1 rider is in it \(bib 5\),/),
      expect.stringMatching(/^Wave "B" cannot be removed or renamed: 2 riders are in it \(bibs 3, 7\),/),
    ]);
    expect(await waveNames(stageId)).toEqual(['A', 'B', 'C']);
  });

  it('removes a wave no rider is in, and changes a used wave’s start freely', async () => {
    const raceId = await newRace();
    const stageId = await addStage(raceId, [A, B, C]);
    await register(raceId, [
      [1, 'A'],
      [2, 'B'],
    ]);
    const removed = await setWaves(stageId, [A, wave('B', 900)]);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().waves).toEqual([A, wave('B', 900)]);
  });

  it('treats a rename as a removal: riders are moved first, then the old name can go', async () => {
    const raceId = await newRace();
    const stageId = await addStage(raceId, [A, B]);
    await register(raceId, [[4, 'B']]);
    const renamed = expectProblem(await setWaves(stageId, [A, wave('Blue', 600)]), 409);
    expect(renamed.detail).toMatch(/^Wave "B" cannot be removed or renamed: 1 rider is in it \(bib 4\)/);

    // The way through: add the new name, move the rider, drop the old name.
    expect((await setWaves(stageId, [A, B, wave('Blue', 600)])).statusCode).toBe(200);
    const id = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items[0].id;
    const moved = await organiser.patch(`/api/v1/registrations/${id}`, { wave: 'Blue' });
    expect(moved.statusCode, moved.body).toBe(200);
    const dropped = await setWaves(stageId, [A, wave('Blue', 600)]);
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(await waveNames(stageId)).toEqual(['A', 'Blue']);
  });

  it('cuts a long list of bibs short', async () => {
    const raceId = await newRace();
    const stageId = await addStage(raceId, [A, B]);
    await register(
      raceId,
      Array.from({ length: 13 }, (_, i): [number, string] => [100 + i, 'B']),
    );
    const problem = expectProblem(await setWaves(stageId, [A]), 409);
    expect(problem.detail).toMatch(
      /^Wave "B" cannot be removed or renamed: 13 riders are in it \(bibs 100, 101, 102, 103, 104, 105, 106, 107, 108, 109 and 3 more\),/,
    );
  });

  describe('with another stage defining the same wave', () => {
    it('still refuses removing it from a stage that keeps waves: each stage times riders from its own', async () => {
      const raceId = await newRace();
      const first = await addStage(raceId, [A, B]);
      const second = await addStage(raceId, [A, B]);
      await register(raceId, [[2, 'B']]);
      const problem = expectProblem(await setWaves(second, [A]), 409);
      expect(problem.detail).toBe(
        'Wave "B" cannot be removed or renamed: 1 rider is in it (bib 2), and results time them on each ' +
          'stage from that stage’s own wave "B" (another stage’s does not count). Keep it on this stage, ' +
          `or move ${THOSE_RIDERS}`,
      );
      expect(await waveNames(second)).toEqual(['A', 'B']);
      expect(await waveNames(first)).toEqual(['A', 'B']);
    });

    it('lets a stage drop all its waves (everyone starts with the gun) while another stage defines them', async () => {
      const raceId = await newRace();
      const first = await addStage(raceId, [A, B]);
      const second = await addStage(raceId, [A, B]);
      await register(raceId, [
        [1, 'A'],
        [2, 'B'],
      ]);
      const cleared = await setWaves(second, []);
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(cleared.json().waves).toEqual([]);

      // Now the first stage is the only one defining them: clearing it would leave the riders nowhere.
      const problem = expectProblem(await setWaves(first, []), 409);
      expect(problem.errors).toEqual([
        {
          pointer: '/waves',
          detail:
            'Wave "A" cannot be removed: 1 rider is in it (bib 1), and no other stage of the race defines ' +
            `it, so they would be left in a wave the race does not have. Move ${THOSE_RIDERS}`,
        },
        {
          pointer: '/waves',
          detail:
            'Wave "B" cannot be removed: 1 rider is in it (bib 2), and no other stage of the race defines ' +
            `it, so they would be left in a wave the race does not have. Move ${THOSE_RIDERS}`,
        },
      ]);
      expect(await waveNames(first)).toEqual(['A', 'B']);
    });

    it('refuses giving a stage without waves waves that leave riders out, and takes ones that do not', async () => {
      const raceId = await newRace();
      await addStage(raceId, [A, B]);
      const second = await addStage(raceId, []);
      await register(raceId, [
        [1, 'A'],
        [2, 'B'],
      ]);
      const problem = expectProblem(await setWaves(second, [A]), 409);
      expect(problem.errors).toEqual([
        {
          pointer: '/waves',
          detail:
            'This stage cannot start in waves without "B": 1 rider is in it (bib 2), and results would time ' +
            `them on this stage from its own wave "B". Add it here too, or move ${THOSE_RIDERS}`,
        },
      ]);
      expect(await waveNames(second)).toEqual([]);
      const given = await setWaves(second, [wave('A', 300), wave('B', 900)]);
      expect(given.statusCode, given.body).toBe(200);
    });

    it('refuses adding a stage whose waves leave riders out, and adds one without waves', async () => {
      const raceId = await newRace();
      await addStage(raceId, [A, B]);
      await register(raceId, [[8, 'B']]);
      const refused = expectProblem(
        await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Short', waves: [A, C] }),
        409,
      );
      expect(refused.errors).toEqual([
        {
          pointer: '/waves',
          detail: expect.stringMatching(
            /^This stage cannot start in waves without "B": 1 rider is in it \(bib 8\),/,
          ),
        },
      ]);
      expect((await organiser.get(`/api/v1/races/${raceId}/stages`)).json().items).toHaveLength(1);
      await addStage(raceId, []);
      await addStage(raceId, [B, A]);
    });
  });
});
