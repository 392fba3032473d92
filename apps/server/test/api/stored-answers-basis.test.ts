import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoredAnswersRepository } from '../../src/modules/results/stored-answers.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The one rule that keeps a stored answer (modules/results/stored-answers.ts) from being sent after
 * what it shows changed: every input it is built from besides the stored lines moves the race's basis,
 * and a read on the moved basis finds no stored body. Each change here is made in SQL, as any code
 * path (an API edit, an import, a migration, a hand fix) could make it.
 */
describe.skipIf(databaseUnavailable !== null)('the basis of stored answers', () => {
  let t: TestApp;
  let race: LiveRace;
  let repo: StoredAnswersRepository;
  const PREFIX = '1 2026 ';
  const KEY = 'basis-test';
  const rider = (n: number) => race.riders.find((r) => r.bib === n)!.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    repo = new StoredAnswersRepository(t.database.db);
    await t.database.db.execute(
      sql`insert into categories (race_id, code, name, gender, min_age, max_age)
          values (${race.raceId}, 'M40', 'Men 40+', 'M', 40, 49)`,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Stores an answer on the basis as it stands, then reads it back: found once, as the cold read would. */
  const storeOnCurrentBasis = async () => {
    const basis = await repo.basis(race.raceId);
    expect(basis).not.toBeNull();
    await repo.save(KEY, race.raceId, `${PREFIX}${basis}`, `body on ${basis}`);
    const read = await repo.read(race.raceId, KEY, PREFIX, true);
    expect(read.basis).toBe(`${PREFIX}${basis}`);
    expect(read.body).toBe(`body on ${basis}`);
    return basis;
  };

  const changes: Array<[what: string, change: () => SQL]> = [
    ['a rider’s bib', () => sql`update registrations set bib = 101 where id = ${rider(1)}`],
    ['a first name', () => sql`update registrations set first_name = 'Annemiek' where id = ${rider(1)}`],
    ['a last name', () => sql`update registrations set last_name = 'van Vleuten' where id = ${rider(1)}`],
    ['a team', () => sql`update registrations set team = 'Movistar' where id = ${rider(2)}`],
    ['a nationality', () => sql`update registrations set nationality = 'NED' where id = ${rider(2)}`],
    ['a wave', () => sql`update registrations set wave = 'B' where id = ${rider(2)}`],
    ['a gender', () => sql`update registrations set gender = 'F' where id = ${rider(3)}`],
    ['a category', () => sql`update registrations set category = 'M40' where id = ${rider(3)}`],
    ['a birth year', () => sql`update registrations set birth_year = 1982 where id = ${rider(3)}`],
    // Two riders' names traded: every row still there, the same multiset of names.
    [
      'two first names swapped',
      () => sql`update registrations set first_name = case id when ${rider(1)} then 'Rider'
                  else 'Annemiek' end where id in (${rider(1)}, ${rider(2)})`,
    ],
    [
      'a rider added',
      () => sql`insert into registrations (race_id, bib, first_name, last_name)
                values (${race.raceId}, 4, 'Late', 'Entry')`,
    ],
    ['a rider removed', () => sql`delete from registrations where race_id = ${race.raceId} and bib = 4`],
    ['the race’s name', () => sql`update races set name = 'Live test (renamed)' where id = ${race.raceId}`],
    ['the race’s status', () => sql`update races set status = 'draft' where id = ${race.raceId}`],
    ['a stage’s name', () => sql`update stages set name = 'Stage one' where id = ${race.stageId}`],
    ['a stage’s start', () => sql`update stages set started_at = 1764900000000 where id = ${race.stageId}`],
    [
      'a course’s length',
      () => sql`update courses set length_m = length_m + 1 where stage_id = ${race.stageId}`,
    ],
    [
      'a checkpoint’s name',
      () => sql`update checkpoints set name = 'Prime' where stage_id = ${race.stageId}`,
    ],
    [
      'a checkpoint’s distance',
      () => sql`update checkpoints set distance_m = 5200 where stage_id = ${race.stageId}`,
    ],
    ['a category’s ages', () => sql`update categories set min_age = 45 where race_id = ${race.raceId}`],
  ];

  it.each(changes)('moves when %s changes, and the answer stored before is not read', async (_, change) => {
    const before = await storeOnCurrentBasis();
    await t.database.db.execute(change());
    const after = await repo.basis(race.raceId);
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    const read = await repo.read(race.raceId, KEY, PREFIX, true);
    expect(read.basis).toBe(`${PREFIX}${after}`);
    expect(read.body).toBeNull();
    expect(read.encoded).toBeNull();
  });

  it('holds while nothing changes, and reads the compressions with the body only when asked', async () => {
    const basis = await storeOnCurrentBasis();
    const bodies = { br: Buffer.from([1, 2, 3]), gzip: Buffer.from([4, 5]) };
    await repo.saveEncodings(KEY, `${PREFIX}${basis}`, bodies);
    expect(await repo.basis(race.raceId)).toBe(basis);
    const compressed = await repo.read(race.raceId, KEY, PREFIX, true);
    expect(compressed.body).toBe(`body on ${basis}`);
    expect(Buffer.from(compressed.encoded!.br)).toEqual(bodies.br);
    expect(Buffer.from(compressed.encoded!.gzip)).toEqual(bodies.gzip);
    const plain = await repo.read(race.raceId, KEY, PREFIX, false);
    expect(plain.body).toBe(`body on ${basis}`);
    expect(plain.encoded).toBeNull();
    // Another answer format (or year) names another stored answer.
    expect((await repo.read(race.raceId, KEY, '2 2026 ', false)).body).toBeNull();
  });
});
