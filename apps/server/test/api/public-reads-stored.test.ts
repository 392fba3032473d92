import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAnswers } from '../../src/db/schema.ts';
import { StoredAnswersRepository } from '../../src/modules/results/stored-answers.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { type Ride, recordRace, steadyRide } from '../support/recorded-race.ts';
import { statementsDuring } from '../support/statements.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Row = { bib: number; rank: number | null; gender: string | null; genderRank: number | null };

/**
 * The big public answers (a stage's results, the classifications, the race's statistics) stored whole
 * with what they were built from: a read the process keeps no answer for — after a restart, in another
 * process, after a change elsewhere — sends the stored bytes without reading the stage's lines again,
 * and a change to anything the answer shows (the start list of an approved stage, whose lines are
 * frozen) builds it again. Every stored answer is what a signed-in reader's computed read answers.
 */
/**
 * A phone's ride as race day brings it: stamped on its own clock (an offset in milliseconds), metres of
 * GPS noise along the road, and (`silent`) a stretch of road where it sent nothing.
 */
function phone(ride: Ride, offsetS: number, silent?: [from: number, to: number]): Ride {
  return ride
    .filter(([m]) => !silent || m < silent[0] || m > silent[1])
    .map(([m, seconds], k) => [m + (((k * 7) % 13) - 6), seconds + offsetS]);
}

describe.skipIf(databaseUnavailable !== null)('public answers stored whole', () => {
  let t: TestApp;
  let race: LiveRace;
  // Phones on their own intervals (3 s, 5 s, 7 s, 4 s) and clocks; rider 2's phone silent from 3 to
  // 4.8 km; rider 4's went quiet at 6 km.
  const start = Date.now() - 3 * 60 * 60_000;
  const results = () => `/api/v1/stages/${race.stageId}/results`;
  const gc = () => `/api/v1/races/${race.raceId}/classifications/general`;
  const statistics = () => `/api/v1/races/${race.raceId}/statistics`;
  const bib = (n: number) => race.riders.find((r) => r.bib === n)!;
  /** A read with nothing kept in the process, as after a restart or a change of another race. */
  const cold = async (url: string) => {
    t.services.publicReads.forget(null);
    const response = await t.anonymous.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };
  /** The same answer computed for a signed-in reader (never stored, never kept). */
  const computed = async (url: string) => {
    const response = await race.organiser.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.body;
  };

  /** Waits for the answer a read built to be stored (it is, once compressed, off the request). */
  const stored = async (body: string) => {
    for (let k = 0; k < 200; k++) {
      const rows = await t.database.db
        .select({ key: storedAnswers.key })
        .from(storedAnswers)
        .where(eq(storedAnswers.body, body));
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the answer was never stored');
  };

  /** Reads cold until the answer read is the one stored (the race's results settled). */
  const storedOnceSettled = async (url: string) => {
    for (let k = 0; k < 100; k++) {
      const { body } = await cold(url);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await t.database.db
        .select({ key: storedAnswers.key })
        .from(storedAnswers)
        .where(eq(storedAnswers.body, body));
      if (rows.length > 0) return;
    }
    throw new Error(`${url}: never stored`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 4);
    await recordRace(
      t,
      race,
      start,
      {
        1: phone(steadyRide([{ to: 10_050, speed: 10 }], 3), 0.137),
        2: phone(steadyRide([{ to: 10_050, speed: 9.5 }], 5), 0.911, [3000, 4800]),
        3: phone(steadyRide([{ to: 10_050, speed: 9.2 }], 7), 0.402),
        4: phone(steadyRide([{ to: 6000, speed: 8 }], 4), 0.58),
      },
      start + 1_500_000,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends a stored answer byte for byte as computed, without reading the stage’s lines again', async () => {
    // The background sweep reads on its own: stopped (awaited) while counting.
    await t.services.resultsStore.stop();
    // What follows the finish (results stored, the race's status) has settled: the basis holds still.
    const repo = new StoredAnswersRepository(t.database.db);
    for (let last = null as string | null, k = 0; k < 100; k++) {
      const basis = await repo.basis(race.raceId);
      if (basis !== null && basis === last) break;
      last = basis;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    try {
      for (const url of [results(), gc(), statistics()]) {
        const first = await cold(url);
        expect(first.body, url).toBe(await computed(url));
        await stored(first.body);
        const statements = await statementsDuring([t.database.db, t.database.readDb], async () => {
          const again = await cold(url);
          expect(again.body, url).toBe(first.body);
          expect(again.headers.etag, url).toBe(first.headers.etag);
          // Compressed as stored: the same bytes a browser gets from the first read.
          const br = await t.anonymous.request('GET', url, undefined, { 'accept-encoding': 'br' });
          expect(br.statusCode, url).toBe(200);
        });
        expect(statements.join('\n'), url).not.toMatch(
          // The lines and the classifications' rows (the cache facts read only their last computation).
          /stored_stage_results|\\?"items\\?"/,
        );
        expect(statements.join('\n'), url).toMatch(/stored_answers/);
      }
    } finally {
      t.services.resultsStore.start();
    }
  });

  it('builds the answers again when the start list changes, and when the stage is approved', async () => {
    const provisional = await cold(results());
    expect(provisional.json().state).toBe('provisional');
    await stored(provisional.body);
    expect(provisional.json().items.map((r: Row) => r.gender)).toEqual([null, null, null, null]);
    // The women's ranking: riders 2 and 4 are women.
    for (const n of [2, 4]) {
      const edited = await race.organiser.patch(`/api/v1/registrations/${bib(n).id}`, { gender: 'F' });
      expect(edited.statusCode, edited.body).toBe(200);
    }
    const after = await cold(results());
    const women = after.json().items.filter((r: Row) => r.gender === 'F');
    expect(women.map((r: Row) => r.bib).sort()).toEqual([2, 4]);
    // Rider 2, second overall, is the first woman.
    expect(women.find((r: Row) => r.bib === 2).genderRank).toBe(1);
    expect(after.body).toBe(await computed(results()));
    // Stored once the edit's recomputation has settled (while a stage is stale nothing is stored).
    for (const url of [results(), gc()]) await storedOnceSettled(url);
    // A name and a team corrected after the finish (nothing the rankings read): shown at once.
    const renamed = await race.organiser.patch(`/api/v1/registrations/${bib(3).id}`, {
      lastName: 'Van der Breggen',
      team: 'Velo Club Corrigé',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    for (const url of [results(), gc()]) {
      const read = await cold(url);
      expect(read.body, url).toContain('Van der Breggen');
      expect(read.body, url).toContain('Velo Club Corrigé');
      expect(read.body, url).toBe(await computed(url));
    }
    const approved = await race.organiser.post(`/api/v1/stages/${race.stageId}/results/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    for (const url of [results(), gc(), statistics()]) {
      const read = await cold(url);
      expect(read.body, url).toBe(await computed(url));
    }
    expect((await cold(results())).json().state).toBe('official');
    expect((await cold(gc())).json().state).toBe('official');
  });
});
