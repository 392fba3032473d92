import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixWriter, fixKey, type NewRows } from '../../src/modules/ingest/fix-writer.ts';
import { type FixInsert, IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';
import { createTestDatabase, databaseUnavailable, testDbKind } from '../support/databases.ts';
import { liveRaceRows } from '../support/race-rows.ts';

/** The real repository, with the kind of each statement the writer gave it. */
class CountingRepository extends IngestRepository {
  readonly kinds: string[] = [];
  /** The SQLSTATE of each COPY that failed. */
  readonly copyFailures: Array<string | undefined> = [];
  override async copyFixes(rows: readonly FixInsert[]) {
    this.kinds.push('copy');
    return super.copyFixes(rows).catch((error: unknown) => {
      this.copyFailures.push(sqlState(error));
      throw error;
    });
  }
  override async insertFixes(rows: FixInsert[]) {
    this.kinds.push('insert');
    return super.insertFixes(rows);
  }
}

const row = (registrationId: string, time: number, extra: Partial<FixInsert> = {}): FixInsert => ({
  registrationId,
  time,
  lat: 45.1,
  lon: 6.4,
  accuracy: 5,
  speed: 10.5,
  altitude: 1000,
  heading: null,
  battery: 80,
  sos: null,
  source: 'native',
  receivedAt: time + 150,
  ...extra,
});

/** The SQLSTATE of a refusal: the driver's error, or the one Drizzle wraps (the insert's). */
const sqlState = (error: unknown) =>
  (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
const refusal = (write: Promise<unknown>) =>
  write.then(
    () => 'stored',
    (error: unknown) => sqlState(error),
  );

const copyRow = `insert into fixes (registration_id, time_ms, lat, lon, source, received_ms)
  values ($1, $2, 45, 6, 'native', 0)`;

/** How many backends of this database wait for a lock. */
const waitingOnLocks = async (pool: pg.Pool) =>
  (
    await pool.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    )
  ).rows[0].n as number;

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the COPY never waited for the other transaction');
}

const newOf = (answer: NewRows, rows: FixInsert[]) =>
  rows.filter((r) => answer.has(r.registrationId, r.time)).map((r) => r.time);

/**
 * Group commits written with COPY on the real databases (PGlite's `/dev/blob`, PostgreSQL's FROM
 * STDIN), and the insert that takes over when a key is stored already: every guarantee of the writer
 * holds on both, and a row stored by COPY is the row the insert would have stored.
 */
describe.skipIf(databaseUnavailable !== null)(`fixes written with COPY (${testDbKind})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let riders: string[];
  let repo: CountingRepository;
  const exec = async <T>(query: ReturnType<typeof sql>) =>
    ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
  /** A pool of one connection to the test's database (the same connection for every statement). */
  const poolOfOne = () => {
    const pool = new pg.Pool({
      connectionString: (database.db as unknown as { $client: pg.Pool }).$client.options.connectionString,
      max: 1,
    });
    // A connection the test drops must not take the run down when the pool hears of it.
    pool.on('error', () => {});
    return pool;
  };
  const storedTimes = async (registrationId: string) =>
    (await repo.fixesSince([registrationId], 0)).map((f) => f.time);

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ riderIds: riders } = await liveRaceRows(database.db, 'Copy GP', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    repo = new CountingRepository(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('stores a group of new rows with one COPY and answers every row new', async () => {
    const writer = new FixWriter(repo);
    repo.kinds.length = 0;
    const requests = [0, 1, 2].map((i) => [row(riders[i]!, 1_000), row(riders[i]!, 2_000)]);
    const answers = await Promise.all(requests.map((rows) => writer.write(rows)));
    expect(repo.kinds).toEqual(['copy']);
    for (const [i, answer] of answers.entries()) expect(newOf(answer, requests[i]!)).toEqual([1_000, 2_000]);
    for (const i of [0, 1, 2]) expect(await storedTimes(riders[i]!)).toEqual([1_000, 2_000]);
  });

  it('writes a key twice in one group once, new for the request holding it first', async () => {
    const writer = new FixWriter(repo);
    repo.kinds.length = 0;
    const [a, b] = [riders[3]!, riders[4]!];
    const original = [row(a, 1_000), row(a, 2_000)];
    const resend = [row(a, 2_000), row(a, 3_000)];
    const repeating = [row(b, 1_000), row(b, 1_000, { lat: 46 })];
    const answers = await Promise.all([original, resend, repeating].map((rows) => writer.write(rows)));
    expect(repo.kinds).toEqual(['copy']);
    expect(newOf(answers[0]!, original)).toEqual([1_000, 2_000]);
    expect(newOf(answers[1]!, resend)).toEqual([3_000]);
    expect(newOf(answers[2]!, [row(b, 1_000)])).toEqual([1_000]);
    expect(await storedTimes(a)).toEqual([1_000, 2_000, 3_000]);
    // The first of the two rows, as the insert (`on conflict do nothing`) keeps it.
    expect((await repo.fixesSince([b], 0)).map((f) => f.lat)).toEqual([row(b, 1_000).lat]);
  });

  it('answers rows stored before as duplicates: the COPY fails whole, the insert sorts them out', async () => {
    const writer = new FixWriter(repo);
    const a = riders[5]!;
    await writer.write([row(a, 1_000), row(a, 2_000)]);
    repo.kinds.length = 0;
    const resent = [row(a, 1_000), row(a, 2_000), row(a, 3_000)];
    expect(newOf(await writer.write(resent), resent)).toEqual([3_000]);
    expect(repo.kinds).toEqual(['copy', 'insert']);
    // The failed COPY stored nothing of its rows, and left the connection usable.
    expect(await storedTimes(a)).toEqual([1_000, 2_000, 3_000]);
    expect(await repo.countFixes(a)).toBe(3);
  });

  it('stores each key once across groups of two writers committing at the same time', async () => {
    // Two processes (or two groups side by side) holding the same keys, in opposite orders: on
    // PostgreSQL the later COPY waits for the earlier and fails on its keys, or the two deadlock and the
    // database breaks it (40P01); either way the loser's insert answers its rows as duplicates.
    const [a, b] = [riders[6]!, riders[7]!];
    const writers = [
      new FixWriter(repo, { conflictPauseMs: 0 }),
      new FixWriter(repo, { conflictPauseMs: 0 }),
    ];
    repo.copyFailures.length = 0;
    const series = (rider: string, from: number) =>
      Array.from({ length: 300 }, (_, k) => row(rider, from + k));
    for (let round = 0; round < 3; round++) {
      const from = 10_000 + round * 1_000;
      const groups = [
        [series(a, from), series(b, from)],
        [series(b, from), series(a, from)],
      ];
      const answers = await Promise.all(
        groups.map((requests, w) => Promise.all(requests.map((rows) => writers[w]!.write(rows)))),
      );
      for (const rider of [a, b]) {
        // Of the two requests holding the rider's rows (one in each writer's group), exactly one was
        // told each row is new.
        const holders = groups.flatMap((requests, w) =>
          requests.flatMap((rows, r) => (rows[0]!.registrationId === rider ? [answers[w]![r]!] : [])),
        );
        expect(holders).toHaveLength(2);
        for (const { time } of series(rider, from)) {
          const told = holders.filter((answer) => answer.has(rider, time));
          expect(told, `${fixKey(rider, time)} new exactly once`).toHaveLength(1);
        }
      }
    }
    const times = [10_000, 11_000, 12_000].flatMap((from) => series(a, from).map((r) => r.time));
    expect(await storedTimes(a)).toEqual(times);
    expect(await storedTimes(b)).toEqual(times);
    // Each round, one writer's COPY lost on the keys (or to the deadlock) and its insert took over.
    expect(repo.copyFailures).toHaveLength(3);
    expect(repo.copyFailures.every((state) => state === '23505' || state === '40P01')).toBe(true);
  });

  it.skipIf(testDbKind !== 'postgres')(
    'writes a group again with the insert when its COPY deadlocked',
    async () => {
      // Another transaction holds b's key and then wants a's, which the COPY took: the database breaks the
      // deadlock by failing the COPY (40P01), whose rows the insert then writes once the other commits.
      const [a, b] = [riders[1]!, riders[2]!];
      const pool = (database.db as unknown as { $client: pg.Pool }).$client;
      const other = await pool.connect();
      try {
        repo.copyFailures.length = 0;
        await other.query('begin');
        // PostgreSQL fails whichever side's deadlock check runs first: the COPY's (after the default 1 s
        // of waiting), not this one's, or under load the other side was sometimes the one failed.
        await other.query("set local deadlock_timeout = '60s'");
        await other.query(copyRow, [b, 90_000]);
        const writer = new FixWriter(repo);
        const written = writer.write([row(a, 90_000), row(b, 90_000), row(a, 90_001)]);
        // The COPY has taken a's key and waits for b's.
        await eventually(async () => (await waitingOnLocks(pool)) > 0);
        const otherDone = other.query(copyRow, [a, 90_000]).then(
          () => other.query('commit'),
          async (error: unknown) => {
            await other.query('rollback');
            throw error;
          },
        );
        const answer = await written;
        await otherDone;
        expect(repo.copyFailures).toEqual(['40P01']);
        expect(newOf(answer, [row(a, 90_000), row(b, 90_000), row(a, 90_001)])).toEqual([90_001]);
        expect((await storedTimes(a)).filter((t) => t >= 90_000)).toEqual([90_000, 90_001]);
      } finally {
        other.release();
      }
    },
  );

  it.skipIf(testDbKind !== 'postgres')(
    'leaves its connection ready after a COPY refused while its rows were still arriving',
    async () => {
      // The rows go with the statement, not after the server's go-ahead: on a pool of one connection,
      // a COPY refused at its first row (the rest of its data still coming) is followed by a COPY and an
      // insert on the same connection.
      const pool = poolOfOne();
      try {
        const one = new IngestRepository(drizzle(pool) as unknown as typeof database.db);
        const a = riders[3]!;
        await one.copyFixes([row(a, 70_000)]);
        const many = Array.from({ length: 5_000 }, (_, k) => row(a, 70_000 + k));
        await expect(one.copyFixes(many)).rejects.toMatchObject({ code: '23505' });
        await one.copyFixes(many.slice(1));
        expect((await one.insertFixes([row(a, 69_999), row(a, 70_000)])).map((f) => f.time)).toEqual([
          69_999,
        ]);
        expect((await storedTimes(a)).filter((t) => t >= 69_999)).toHaveLength(5_001);
      } finally {
        await pool.end();
      }
    },
  );

  it.skipIf(testDbKind !== 'postgres')(
    'fails the COPY, not the process, when its connection drops mid-statement, and the pool goes on',
    async () => {
      // The database stopping mid-COPY (the cluster test's outage) drops the socket under a client the
      // pool has handed out; node-postgres then emits 'error' on that client, and with no listener the
      // process died (vitest reports such an error as unhandled and fails the run).
      const pool = poolOfOne();
      try {
        const one = new IngestRepository(drizzle(pool) as unknown as typeof database.db);
        const { riderIds } = await liveRaceRows(database.db, 'Dropped GP', [1]);
        const a = riderIds[0]!;
        pool.once('acquire', (client) => {
          const socket = (client as unknown as { connection: { stream: import('node:net').Socket } })
            .connection.stream;
          setImmediate(() =>
            socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
          );
        });
        const many = Array.from({ length: 20_000 }, (_, k) => row(a, 80_000 + k * 7));
        await expect(one.copyFixes(many)).rejects.toThrow();
        // The dropped client left the pool: the next COPY gets a new connection and stores its rows
        // (the first COPY may have reached the server whole before the socket went: all or none of it).
        const next = Array.from({ length: 10 }, (_, k) => row(a, 60_000 + k));
        await one.copyFixes(next);
        expect((await storedTimes(a)).filter((t) => t < 80_000)).toEqual(next.map((r) => r.time));
      } finally {
        await pool.end();
      }
    },
  );

  it('fails only the request of a registration deleted meanwhile', async () => {
    const writer = new FixWriter(repo);
    const { riderIds } = await liveRaceRows(database.db, 'Deleted GP', [1]);
    const gone = riderIds[0]!;
    await exec(sql`delete from registrations where id = ${gone}`);
    const a = riders[8]!;
    const honest = writer.write([row(a, 1_000)]);
    const doomed = refusal(writer.write([row(gone, 1_000)]));
    const other = writer.write([row(a, 2_000)]);
    expect(await doomed).toBe('23503');
    expect(newOf(await honest, [row(a, 1_000)])).toEqual([1_000]);
    expect(newOf(await other, [row(a, 2_000)])).toEqual([2_000]);
    expect(await storedTimes(a)).toEqual([1_000, 2_000]);
  });

  it('stores SOS rows and values at the columns’ limits as the insert stores them', async () => {
    const a = riders[9]!;
    const edge = (time: number): FixInsert[] => [
      row(a, time, { sos: true }),
      row(a, time + 1, { sos: false, heading: 359.99, battery: 0 }),
      // Largest and smallest magnitudes a real holds; the whole precision of a double.
      row(a, time + 2, {
        accuracy: 3.4028234e38,
        speed: 1.2e-38,
        altitude: -3.4e38,
        lat: -89.99999999999999,
      }),
      row(a, time + 3, { lat: 45.123456789012344, lon: 179.99999999999997, accuracy: null, speed: null }),
      // A source that COPY's text format must escape, and the largest time a JavaScript number holds.
      row(a, time + 4, { source: 'odd\tsource\\with\nbreaks\r and ü' }),
      row(a, 9_007_199_254_740_991 - 10_000_000 + time, { receivedAt: 9_007_199_254_740_991 }),
    ];
    const copied = edge(1_000);
    const inserted = edge(5_000_000);
    await repo.copyFixes(copied);
    expect((await repo.insertFixes(inserted)).length).toBe(inserted.length);
    const stored = await repo.fixesSince([a], 0);
    const asCopied = stored.filter((f) => copied.some((c) => c.time === f.time));
    const asInserted = stored.filter((f) => inserted.some((c) => c.time === f.time));
    expect(asCopied).toHaveLength(copied.length);
    const values = ({ time: _t, receivedAt: _r, ...rest }: (typeof stored)[number]) => rest;
    expect(asCopied.map(values)).toEqual(asInserted.map(values));
    expect(asCopied.map((f) => f.sos)).toEqual([true, false, null, null, null, null]);
    expect(asCopied[4]!.source).toBe('odd\tsource\\with\nbreaks\r and ü');
    expect(asCopied[3]!.lat).toBe(45.123456789012344);
    expect(asCopied[5]!.receivedAt).toBe(9_007_199_254_740_991);
  });

  it('refuses a value its column cannot hold, as the insert does, and only that request', async () => {
    const writer = new FixWriter(repo);
    const a = riders[0]!;
    const overflow = refusal(writer.write([row(a, 50_000, { speed: 1e39 })]));
    const underflow = refusal(writer.write([row(a, 50_001, { battery: 1e-46 })]));
    const fine = writer.write([row(a, 50_002)]);
    expect(await overflow).toBe('22003');
    expect(await underflow).toBe('22003');
    // Alone, the COPY's own refusal: the same as the insert's.
    expect(await refusal(writer.write([row(a, 50_003, { speed: 1e39 })]))).toBe('22003');
    expect(newOf(await fine, [row(a, 50_002)])).toEqual([50_002]);
    expect((await storedTimes(a)).filter((t) => t >= 50_000)).toEqual([50_002]);
  });
});
