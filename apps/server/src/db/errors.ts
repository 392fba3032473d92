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
