/** The SQLSTATE of a database error, from the driver's error or the one Drizzle wraps. */
function sqlState(error: unknown): string | null {
  const code =
    (error as { code?: unknown } | null)?.code ??
    (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Whether the database refused a statement for the data it was given — a data exception (class 22, e.g.
 * "value out of range for type real"), an integrity violation (23, e.g. a registration deleted meanwhile)
 * or a statement it cannot run on those values (42) — so the same rows fail the same way every time. An
 * unreachable or restarting database (08, 53, 57, no SQLSTATE at all) is an outage and worth waiting for.
 */
export function isRefusedData(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== null) return ['22', '23', '42'].includes(state.slice(0, 2));
  // Rows the code could not even build (a malformed batch) fail before reaching the database.
  return error instanceof TypeError || error instanceof RangeError;
}

/**
 * Whether a write failed on its keys rather than its values: a unique key already held (23505: a
 * resent fix, or one another transaction stored meanwhile) or two writers waiting on each other's keys
 * (40P01, a deadlock the database broke). The same rows may be written by a statement that skips
 * stored keys (`on conflict do nothing`).
 */
export function isKeyConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state === '23505' || state === '40P01';
}
