import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db } from '../../db/client.ts';
import type { FixInsert } from './ingest.repository.ts';

const COLUMNS =
  'registration_id, time_ms, lat, lon, accuracy_m, speed_mps, altitude_m, heading_deg, battery_pct, sos, source, received_ms';
/** The fixes' columns in COPY's text format, the rows read from the statement's input. */
const COPY_FROM = `copy fixes (${COLUMNS}) from`;

/** A text value in COPY's text format: backslash, tab and line breaks would end the field or the row. */
function text(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escaped) : value;
}
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escaped = (c: string) => ESCAPES[c]!;

/** A number (or null: `\N`) as the database would read it from the insert's text arrays. */
const num = (value: number | null | undefined) =>
  value === null || value === undefined ? '\\N' : `${value}`;

/**
 * The rows in COPY's text format. Values go as text, as the insert's parameters do, so the database
 * parses, rounds (real) and refuses out-of-range values exactly as it does there; binary format was
 * not measurably cheaper for the database (scratch measurements, PostgreSQL 12 vs 12 µs of its CPU a row
 * in groups of 1,000) and would round and overflow real columns in JavaScript instead.
 */
export function copyText(rows: readonly FixInsert[]): string {
  let out = '';
  for (const r of rows) {
    const sos = r.sos === null || r.sos === undefined ? '\\N' : r.sos ? 't' : 'f';
    out += `${text(r.registrationId)}\t${num(r.time)}\t${num(r.lat)}\t${num(r.lon)}\t${num(r.accuracy)}\t${num(r.speed)}\t${num(r.altitude)}\t${num(r.heading)}\t${num(r.battery)}\t${sos}\t${text(r.source)}\t${num(r.receivedAt)}\n`;
  }
  return out;
}

/**
 * One `COPY … FROM STDIN` submitted as node-postgres submits a query: the statement, the rows (one
 * CopyData message) and CopyDone sent together, without waiting for the server's CopyInResponse as
 * pg-copy-streams does, so a group costs one round trip as the insert does, not two (scratch, groups
 * of 10 / 100 / 2,000 rows: 2,880 / 13,400 / 42,000 rows/s against pg-copy-streams' 1,770 / 10,700 /
 * 39,600 and the insert's 1,880 / 11,200 / 22,600; this process's CPU a row halved). The protocol
 * allows it: a server that refuses the statement, or fails during the rows, drops the copy messages
 * that follow (PostgreSQL's main loop accepts and ignores CopyData and CopyDone) and answers
 * ReadyForQuery, so the connection is ready for the next statement either way.
 */
class CopyFromStdin implements pg.Submittable {
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: unknown) => void;
  private readonly text: string;
  private readonly data: Buffer;

  constructor(text: string, data: Buffer) {
    this.text = text;
    this.data = data;
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: pg.Connection): void {
    connection.query(this.text);
    const header = Buffer.allocUnsafe(5);
    header[0] = 0x64; // 'd': CopyData, its length counting itself
    header.writeUInt32BE(this.data.length + 4, 1);
    connection.stream.write(header);
    connection.stream.write(this.data);
    connection.stream.write(COPY_DONE);
  }

  // The client calls these as the server answers: CopyInResponse (the rows are on their way already),
  // CommandComplete, then ReadyForQuery once committed; on a refusal, the error instead of both.
  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    this.resolve();
  }
  handleError(error: unknown): void {
    this.reject(error);
  }
}

/** 'c': CopyDone, length 4. */
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * The bulk path into `fixes`: one COPY, the cheapest way either database has to take many rows (no
 * statement to plan, no arrays to format and unnest, no conflict check). A COPY is one atomic
 * statement: when any row is refused — a key already stored (SQLSTATE 23505), a registration deleted
 * meanwhile, a value its column cannot hold — it stores none and throws the database's error; the
 * caller then writes with `IngestRepository.insertFixes`, which skips stored keys and says which rows
 * were new. PostgreSQL: `COPY … FROM STDIN` on a connection of the write pool (`CopyFromStdin`);
 * PGlite: `COPY … FROM '/dev/blob'` with the rows as the statement's blob.
 */
export class FixesCopyRepository {
  private readonly client: PGlite | pg.Pool;

  constructor(db: Db) {
    // Drizzle keeps the driver's client it was built on: a PGlite, or the pg.Pool of openDatabase.
    this.client = (db as unknown as { $client: PGlite | pg.Pool }).$client;
  }

  /** Stores every row, all or none; rows must hold distinct keys, none of them stored yet. */
  async copyFixes(rows: readonly FixInsert[]): Promise<void> {
    if (rows.length === 0) return;
    const data = copyText(rows);
    if (this.client instanceof PGlite) {
      // exec: the simple protocol, one message, where query() takes five (parse, bind, describe,
      // execute, sync): ~0.1 ms less a statement on this thread (scratch: 215 against 330 µs for one row).
      await this.client.exec(`${COPY_FROM} '/dev/blob'`, { blob: new Blob([data]) });
      return;
    }
    const connection = await this.client.connect();
    let broken: Error | undefined;
    // A client taken from the pool has no listener for its 'error' event (the pool's own is for idle
    // clients), and node-postgres emits one when the socket drops: the database stopping mid-COPY then
    // crashed the process (the cluster test's ingest processes, both at once). The COPY's promise fails
    // with the same error; this only keeps it from being thrown at the event loop.
    const dropped = (error: Error) => {
      broken = error;
    };
    connection.on('error', dropped);
    try {
      await connection.query(new CopyFromStdin(`${COPY_FROM} stdin`, Buffer.from(data))).done;
    } catch (error) {
      // The database's refusal (an ErrorResponse) leaves the connection ready for the next statement;
      // anything else (a dropped socket) may have left it mid-COPY, so the pool drops it.
      if (!(error instanceof pg.DatabaseError)) broken = error as Error;
      throw error;
    } finally {
      // Released first: the pool puts its idle listener back before this one goes.
      connection.release(broken);
      connection.removeListener('error', dropped);
    }
  }
}
