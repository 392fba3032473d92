import { describe, expect, it } from 'vitest';
import { FixWriter, fixKey } from '../../src/modules/ingest/fix-writer.ts';
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

describe('FixWriter', () => {
  it('writes concurrent requests in one statement', async () => {
    const repo = new RefusingRepository('none');
    const writer = new FixWriter(repo as unknown as IngestRepository, { maxDelayMs: 5 });
    const answers = await Promise.all([
      writer.write([row('a', 1_000), row('a', 2_003)]),
      writer.write([row('b', 1_517)]),
    ]);
    expect(repo.statements).toHaveLength(1);
    expect(answers[1]!.has(fixKey('b', 1_517))).toBe(true);
  });

  it('fails only the request whose rows the database refuses, and stores the others', async () => {
    const repo = new RefusingRepository('gone');
    const writer = new FixWriter(repo as unknown as IngestRepository, { maxDelayMs: 5 });
    const honest = writer.write([row('a', 1_000), row('a', 2_003)]);
    const doomed = writer.write([row('gone', 1_250)]);
    const other = writer.write([row('b', 1_517)]);
    await expect(doomed).rejects.toThrow(/foreign key/);
    expect([...(await honest)].sort()).toEqual([fixKey('a', 1_000), fixKey('a', 2_003)]);
    expect([...(await other)]).toEqual([fixKey('b', 1_517)]);
    expect([...repo.stored].sort()).toEqual([fixKey('a', 1_000), fixKey('a', 2_003), fixKey('b', 1_517)]);
    // One shared statement, then each request's rows on their own.
    expect(repo.statements.map((s) => s.length)).toEqual([4, 2, 1, 1]);
  });
});
