// BENCH_READS_KEEP=1 for `--only readspg`: the finished big stage is set up once and kept, so the reads
// can be measured again without its minutes of setup. The database right after the setup (the stage
// finished, its results and replay summary stored, approved; nothing read yet) is kept as a template
// `echelon_bench_reads_kept_<riders>`, with what the setup answered in bench/results/ (git-ignored).
// Each run reads a fresh copy of it (CREATE DATABASE … TEMPLATE, a file copy), dropped at the end, so
// every run starts from the same state, statistics included. Drop the template to set up anew:
// `psql -c 'drop database echelon_bench_reads_kept_2000'`. Any other value than 1 (a word) names a
// template of its own, `echelon_bench_reads_kept_<riders>_<word>`: helpers sharing one PostgreSQL keep
// the stage their own code set up without dropping each other's.
// BENCH_FINISH_KEEP=1 keeps the stage the same way the moment before its finish
// (`echelon_bench_finish_kept_<riders>`, support/big-stage-ride.ts `rideToTheFinish`): each run then
// times only the finish, on a copy, without the setup's minutes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BENCH_POSTGRES_URL, benchPostgres } from './bench-database.ts';

const RESULTS_DIR = path.join(import.meta.dirname, '..', 'results');

async function asAdmin<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await admin.connect();
  try {
    return (await admin.query<T>(sql, values)).rows;
  } finally {
    await admin.end();
  }
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

/** A stage kept at one point of its setup (`what`: 'reads' finished and approved, 'finish' just before it), with `T` the setup's answer. */
export class KeptStage<T> {
  private readonly name: string;
  private readonly file: string;

  constructor(what: 'reads' | 'finish', riders: number, word: string | null = null) {
    if (word !== null && !/^[a-z0-9_]+$/.test(word))
      throw new Error(`BENCH_READS_KEEP=${word}: 1, or lower-case letters, digits and _`);
    const suffix = word === null ? `${riders}` : `${riders}_${word}`;
    this.name = `echelon_bench_${what}_kept_${suffix}`;
    this.file = path.join(RESULTS_DIR, `${what}-kept-${suffix}.json`);
  }

  /**
   * A database of the run's own: a copy of the kept stage with its setup's figures, or, when none is
   * kept yet, an empty one (setup null) to set up and `keep`.
   */
  async database(): Promise<{
    postgres: { url: string; drop(): Promise<void> };
    setup: T | null;
  }> {
    const postgres = await benchPostgres();
    const kept = await asAdmin('select 1 from pg_database where datname = $1', [this.name]);
    if (kept.length === 0 || !existsSync(this.file)) return { postgres, setup: null };
    await postgres.drop();
    await asAdmin(`create database ${nameOf(postgres.url)} template ${this.name}`);
    console.error(`  the kept stage (${this.name}) copied; its setup not repeated`);
    return { postgres, setup: JSON.parse(readFileSync(this.file, 'utf8')) as T };
  }

  /** Keeps the set-up database at `url` (no connection may be open to it) as the template. */
  async keep(url: string, setup: T): Promise<void> {
    await asAdmin(`drop database if exists ${this.name}`);
    await asAdmin(`create database ${this.name} template ${nameOf(url)}`);
    writeFileSync(this.file, JSON.stringify(setup));
    console.error(`  the stage kept as ${this.name}`);
  }
}
