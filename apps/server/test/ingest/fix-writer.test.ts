import { describe, expect, it } from 'vitest';
import { FixWriter, fixKey, type NewRows } from '../../src/modules/ingest/fix-writer.ts';
import type { FixInsert, IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';

/**
 * A stand-in repository that refuses any statement holding a row of a registration deleted meanwhile
 * (a foreign-key violation in the real database), and records each statement it was given.
 */
class RefusingRepository {
  readonly statements: FixInsert[][] = [];
  readonly stored = new Set<string>();
  private readonly deleted: string;
  constructor(deleted: string) {
    this.deleted = deleted;
  }
  async insertFixes(rows: FixInsert[]) {
    this.statements.push(rows);
    if (rows.some((row) => row.registrationId === this.deleted)) {
      throw new Error('insert or update on table "fixes" violates foreign key constraint');
    }
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
    const writer = new FixWriter(repo as unknown as IngestRepository);
    const answers = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_003)]),
      writer.write([row('b', 1_517)]),
    ]);
    expect(repo.statements).toHaveLength(1);
    expect(answers[1]!.has('b', 1_517)).toBe(true);
  });

  it('fails only the request whose rows the database refuses, and stores the others', async () => {
    const repo = new RefusingRepository('gone');
    const writer = new FixWriter(repo as unknown as IngestRepository);
    const honest = writer.write([row('a', 1_000), row('a', 2_003)]);
    const doomed = writer.write([row('gone', 1_250)]);
    const other = writer.write([row('b', 1_517)]);
    await expect(doomed).rejects.toThrow(/foreign key/);
    expect(newOf(await honest, [row('a', 1_000), row('a', 2_003)])).toEqual([1_000, 2_003]);
    expect(newOf(await other, [row('b', 1_517)])).toEqual([1_517]);
    expect([...repo.stored].sort()).toEqual([fixKey('a', 1_000), fixKey('a', 2_003), fixKey('b', 1_517)]);
    // One shared statement, then each request's rows on their own.
    expect(repo.statements.map((s) => s.length)).toEqual([4, 2, 1, 1]);
  });

  it('gathers the next group while one commits, and acknowledges nothing before it is stored', async () => {
    const repo = new HeldRepository();
    const writer = new FixWriter(repo as unknown as IngestRepository);
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
    const writer = new FixWriter(repo as unknown as IngestRepository, { concurrency: 2 });
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
    const writer = new FixWriter(repo as unknown as IngestRepository);
    await writer.write([row('a', 1_000)]);
    const [resent, fresh] = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_000)]),
      writer.write([row('b', 1_000)]),
    ]);
    expect(newOf(resent, [row('a', 1_000), row('a', 2_000)])).toEqual([2_000]);
    expect(newOf(fresh, [row('b', 1_000)])).toEqual([1_000]);
  });
});

/** A repository whose statements stay open until the test releases them (a commit under way). */
class HeldRepository {
  readonly statements: FixInsert[][] = [];
  private readonly held: Array<() => void> = [];
  private waiting: Array<() => void> = [];

  async insertFixes(rows: FixInsert[]) {
    this.statements.push(rows);
    for (const wake of this.waiting.splice(0)) wake();
    await new Promise<void>((resolve) => this.held.push(resolve));
    return rows.map((r) => ({ registrationId: r.registrationId, time: r.time }));
  }

  /** Lets the oldest open statement commit. */
  release(): void {
    this.held.shift()?.();
  }

  async statementCount(n: number): Promise<void> {
    while (this.statements.length < n) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
}
