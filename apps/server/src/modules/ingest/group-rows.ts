import type { FixInsert } from './ingest.repository.ts';

/** Keys by registration: the times of a request's rows that another request of the group holds first. */
export type LostKeys = Map<string, Set<number>>;

export interface DistinctRows {
  /** The group's rows with each key (registration, time) once: where it first occurs. */
  rows: FixInsert[];
  /**
   * Per request (by its index in the group), the keys of its rows an earlier request of the group
   * holds too: those rows are not new for it, whatever the database says of the key. Null when no
   * key is in two requests.
   */
  lost: Array<LostKeys | undefined> | null;
}

/**
 * A group's rows made distinct before one atomic write: COPY refuses a key twice (the whole group
 * with it), and each key must be new for one request only. Requests of one registration's rows in
 * rising time, no registration in two requests, are the common case (one phone, one request at a
 * time): checked without a key per row, which would cost as much as formatting the rows for COPY.
 */
export function distinctRows(requests: ReadonlyArray<{ rows: FixInsert[] }>): DistinctRows {
  if (requests.length === 1 && rising(requests[0]!.rows)) return { rows: requests[0]!.rows, lost: null };
  if (isPlain(requests)) return { rows: requests.flatMap((r) => r.rows), lost: null };
  // A registration in two requests (a resend while the first is being written, a tracker's socket
  // sending ahead) or a request repeating a time: each key goes to the first request holding it.
  const first = new Map<string, Map<number, number>>();
  const rows: FixInsert[] = [];
  let lost: Array<LostKeys | undefined> | null = null;
  requests.forEach((request, index) => {
    for (const row of request.rows) {
      let times = first.get(row.registrationId);
      if (!times) {
        times = new Map();
        first.set(row.registrationId, times);
      }
      const holder = times.get(row.time);
      if (holder === undefined) {
        times.set(row.time, index);
        rows.push(row);
      } else if (holder !== index) {
        lost ??= [];
        const keys: LostKeys = lost[index] ?? new Map();
        lost[index] = keys;
        const set = keys.get(row.registrationId);
        if (set) set.add(row.time);
        else keys.set(row.registrationId, new Set([row.time]));
      }
    }
  });
  return { rows, lost };
}

/** One registration's rows in strictly rising time: no key twice. */
function rising(rows: readonly FixInsert[]): boolean {
  const id = rows[0]?.registrationId;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.registrationId !== id || rows[i]!.time <= rows[i - 1]!.time) return false;
  }
  return true;
}

function isPlain(requests: ReadonlyArray<{ rows: FixInsert[] }>): boolean {
  const registrations = new Set<string>();
  for (const { rows } of requests) {
    if (rows.length === 0) continue;
    const id = rows[0]!.registrationId;
    if (registrations.has(id) || !rising(rows)) return false;
    registrations.add(id);
  }
  return true;
}
