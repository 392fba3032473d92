import { describe, expect, it } from 'vitest';
import { FixWriter, fixKey, type NewRows } from '../../src/modules/ingest/fix-writer.ts';
import type { FixInsert } from '../../src/modules/ingest/ingest.repository.ts';

/** An error as the database driver throws it, with its SQLSTATE. */
const dbError = (code: string, message: string) => Object.assign(new Error(message), { code });

/**
 * A stand-in repository that refuses any statement holding a row of a registration deleted meanwhile
 * (a foreign-key violation in the real database), whose COPY fails whole on a key already stored or
 * given twice (a unique violation), and that records each statement it was given.
 */
class RefusingRepository {
  readonly statements: FixInsert[][] = [];
  /** 'copy' or 'insert', statement by statement. */
  readonly kinds: string[] = [];
  readonly stored = new Set<string>();
  private readonly deleted: string;
  constructor(deleted: string) {
    this.deleted = deleted;
  }
  private refuseDeleted(rows: readonly FixInsert[]) {
    if (rows.some((row) => row.registrationId === this.deleted)) {
      throw dbError('23503', 'insert or update on table "fixes" violates foreign key constraint');
    }
  }
  async copyFixes(rows: readonly FixInsert[]) {
    this.statements.push([...rows]);
    this.kinds.push('copy');
    // Row by row, as the database: the first row it cannot take fails the whole COPY.
    const keys = new Set<string>();
    for (const row of rows) {
      this.refuseDeleted([row]);
      const key = fixKey(row.registrationId, row.time);
      if (keys.has(key) || this.stored.has(key)) {
        throw dbError(
          '23505',
          'duplicate key value violates unique constraint "fixes_registration_id_time_ms_pk"',
        );
      }
      keys.add(key);
    }
    for (const key of keys) this.stored.add(key);
  }
  async insertFixes(rows: FixInsert[]) {
    this.statements.push(rows);
    this.kinds.push('insert');
    this.refuseDeleted(rows);
    const fresh = rows.filter((row) => !this.stored.has(fixKey(row.registrationId, row.time)));
    for (const row of fresh) this.stored.add(fixKey(row.registrationId, row.time));
    return fresh.map((row) => ({ registrationId: row.registrationId, time: row.time }));
  }
}

const row = (registrationId: string, time: number): FixInsert => ({
  registrationId,
  time,
  lat: 45,
  lon: 5,
  source: 'native',
  receivedAt: time + 40,
});

/** The times of `rows` the answer says were new. */
const newOf = (answer: NewRows, rows: FixInsert[]) =>
  rows.filter((r) => answer.has(r.registrationId, r.time)).map((r) => r.time);

describe('FixWriter', () => {
  it('writes concurrent requests in one statement', async () => {
    const repo = new RefusingRepository('none');
    const writer = new FixWriter(repo);
    const answers = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_003)]),
      writer.write([row('b', 1_517)]),
    ]);
    expect(repo.statements).toHaveLength(1);
    expect(answers[1]!.has('b', 1_517)).toBe(true);
  });

  it('fails only the request whose rows the database refuses, and stores the others', async () => {
    const repo = new RefusingRepository('gone');
    const writer = new FixWriter(repo);
    const honest = writer.write([row('a', 1_000), row('a', 2_003)]);
    const doomed = writer.write([row('gone', 1_250)]);
    const other = writer.write([row('b', 1_517)]);
    await expect(doomed).rejects.toThrow(/foreign key/);
    expect(newOf(await honest, [row('a', 1_000), row('a', 2_003)])).toEqual([1_000, 2_003]);
    expect(newOf(await other, [row('b', 1_517)])).toEqual([1_517]);
    expect([...repo.stored].sort()).toEqual([fixKey('a', 1_000), fixKey('a', 2_003), fixKey('b', 1_517)]);
    // One shared COPY, then each request's rows on their own.
    expect(repo.statements.map((s) => s.length)).toEqual([4, 2, 1, 1]);
    expect(repo.kinds).toEqual(['copy', 'insert', 'insert', 'insert']);
  });

  it('gathers the next group while one commits, and acknowledges nothing before it is stored', async () => {
    const repo = new HeldRepository();
    const writer = new FixWriter(repo);
    let firstDone = false;
    const first = writer.write([row('a', 1_000)]).then((answer) => {
      firstDone = true;
      return answer;
    });
    await repo.statementCount(1);
    // Phones keep sending while the first group's commit is under way: they wait for it, together.
    const later = [writer.write([row('b', 1_000)]), writer.write([row('c', 1_000), row('c', 2_000)])];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(firstDone).toBe(false);
    expect(repo.statements).toHaveLength(1);
    repo.release();
    expect((await first).has('a', 1_000)).toBe(true);
    await repo.statementCount(2);
    expect(repo.statements[1]!.map((r) => r.registrationId)).toEqual(['b', 'c', 'c']);
    repo.release();
    const [b, c] = await Promise.all(later);
    expect(newOf(b!, [row('b', 1_000)])).toEqual([1_000]);
    expect(newOf(c!, [row('c', 1_000), row('c', 2_000)])).toEqual([1_000, 2_000]);
  });

  it('commits groups side by side up to its concurrency, each answered on its own', async () => {
    const repo = new HeldRepository();
    const writer = new FixWriter(repo, { concurrency: 2 });
    const first = writer.write([row('a', 1_000)]);
    await repo.statementCount(1);
    const second = writer.write([row('b', 1_000)]);
    await repo.statementCount(2);
    const third = writer.write([row('c', 1_000)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(repo.statements).toHaveLength(2);
    repo.release();
    await repo.statementCount(3);
    repo.release();
    repo.release();
    const answers = await Promise.all([first, second, third]);
    expect(answers.map((a, i) => a.has(['a', 'b', 'c'][i]!, 1_000))).toEqual([true, true, true]);
    await writer.drain();
  });

  it('tells a duplicate from a new fix within one group', async () => {
    const repo = new RefusingRepository('none');
    const writer = new FixWriter(repo);
    await writer.write([row('a', 1_000)]);
    const [resent, fresh] = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_000)]),
      writer.write([row('b', 1_000)]),
    ]);
    expect(newOf(resent, [row('a', 1_000), row('a', 2_000)])).toEqual([2_000]);
    expect(newOf(fresh, [row('b', 1_000)])).toEqual([1_000]);
  });
});

describe('FixWriter: COPY first, the insert after a stored key', () => {
  it('writes a group of new rows in one COPY and no insert', async () => {
    const repo = new RefusingRepository('none');
    const writer = new FixWriter(repo);
    const answers = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_000)]),
      writer.write([row('b', 1_000)]),
    ]);
    expect(repo.kinds).toEqual(['copy']);
    expect(newOf(answers[0]!, [row('a', 1_000), row('a', 2_000)])).toEqual([1_000, 2_000]);
    expect(newOf(answers[1]!, [row('b', 1_000)])).toEqual([1_000]);
  });

  it('writes a key twice in one group once, new for the request that holds it first', async () => {
    const repo = new RefusingRepository('none');
    const writer = new FixWriter(repo);
    // A resend while the original waits for its group, and a request repeating one of its times.
    const [original, resend, repeating] = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_000)]),
      writer.write([row('a', 2_000), row('a', 3_000)]),
      writer.write([row('b', 1_000), row('b', 1_000)]),
    ]);
    expect(repo.kinds).toEqual(['copy']);
    expect(repo.statements[0]!.map((r) => fixKey(r.registrationId, r.time))).toEqual([
      'a@1000',
      'a@2000',
      'a@3000',
      'b@1000',
    ]);
    expect(newOf(original!, [row('a', 1_000), row('a', 2_000)])).toEqual([1_000, 2_000]);
    expect(newOf(resend!, [row('a', 2_000), row('a', 3_000)])).toEqual([3_000]);
    expect(newOf(repeating!, [row('b', 1_000)])).toEqual([1_000]);
  });

  it('writes a group again with the insert when its COPY meets a stored key, then skips the COPY a while', async () => {
    const repo = new RefusingRepository('none');
    const writer = new FixWriter(repo, { conflictPauseMs: 50 });
    await writer.write([row('a', 1_000)]);
    const resent = await writer.write([row('a', 1_000), row('a', 2_000)]);
    expect(newOf(resent, [row('a', 1_000), row('a', 2_000)])).toEqual([2_000]);
    expect(repo.kinds).toEqual(['copy', 'copy', 'insert']);
    // Within the pause: straight to the insert, no COPY thrown away.
    expect(newOf(await writer.write([row('b', 1_000)]), [row('b', 1_000)])).toEqual([1_000]);
    expect(repo.kinds.slice(3)).toEqual(['insert']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await writer.write([row('c', 1_000)]);
    expect(repo.kinds.slice(4)).toEqual(['copy']);
  });

  it('refuses a lone request whose COPY the database refuses for its values, without trying the insert', async () => {
    const repo = new RefusingRepository('gone');
    const writer = new FixWriter(repo);
    await expect(writer.write([row('gone', 1_000)])).rejects.toThrow(/foreign key/);
    expect(repo.kinds).toEqual(['copy']);
  });

  it('answers exactly per request when a shared COPY met a stored key and a refused row', async () => {
    const repo = new RefusingRepository('gone');
    const writer = new FixWriter(repo);
    await writer.write([row('a', 1_000)]);
    const [resend, doomed, fresh] = [
      writer.write([row('a', 1_000), row('a', 2_000)]),
      writer.write([row('gone', 1_000)]),
      writer.write([row('a', 2_000), row('b', 1_000)]),
    ];
    await expect(doomed).rejects.toThrow(/foreign key/);
    expect(newOf(await resend, [row('a', 1_000), row('a', 2_000)])).toEqual([2_000]);
    // a@2000 went to the resend, written first on its own.
    expect(newOf(await fresh, [row('a', 2_000), row('b', 1_000)])).toEqual([1_000]);
    expect(repo.kinds).toEqual(['copy', 'copy', 'insert', 'insert', 'insert', 'insert']);
  });
});

/** A repository whose statements stay open until the test releases them (a commit under way). */
class HeldRepository {
  readonly statements: FixInsert[][] = [];
  private readonly held: Array<() => void> = [];
  private waiting: Array<() => void> = [];

  async copyFixes(rows: readonly FixInsert[]) {
    this.statements.push([...rows]);
    for (const wake of this.waiting.splice(0)) wake();
    await new Promise<void>((resolve) => this.held.push(resolve));
  }

  async insertFixes(rows: FixInsert[]): Promise<Array<{ registrationId: string; time: number }>> {
    throw new Error(`no insert expected (${rows.length} rows)`);
  }

  /** Lets the oldest open statement commit. */
  release(): void {
    this.held.shift()?.();
  }

  async statementCount(n: number): Promise<void> {
    while (this.statements.length < n) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
}
