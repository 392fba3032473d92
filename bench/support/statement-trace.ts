// The statements node-postgres sends in this process while traced (the finish bench): each one's first
// words, when it was sent and how long until its answer. Patches pg.Client's query for the trace's
// length; clients in `untraced` (the bench's own connection) are left out.
import pg from 'pg';

export interface Traced {
  key: string;
  /** Wall-clock epoch ms when it was sent. */
  at: number;
  ms: number;
}

export function traceStatements(untraced: ReadonlySet<pg.Client> = new Set()) {
  const traced: Traced[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const statement = args[0] as string | { text?: string } | undefined;
    const text = typeof statement === 'string' ? statement : statement?.text;
    if (untraced.has(this) || typeof text !== 'string') return query.apply(this, args);
    const at = Date.now();
    const t0 = performance.now();
    const done = () => {
      traced.push({ key: text.replace(/\s+/g, ' ').trim().slice(0, 90), at, ms: performance.now() - t0 });
    };
    // The pool sends its queries with a callback (pool.query), a checked-out client without (transactions).
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function')
      args[last] = (...answer: unknown[]) => {
        done();
        return callback(...answer);
      };
    const result = query.apply(this, args);
    if (typeof callback !== 'function' && result instanceof Promise) result.then(done, done);
    return result;
  };
  return {
    stop(): Traced[] {
      prototype.query = query;
      return traced;
    },
  };
}

/** The traced statements grouped by their first words, the costliest first. */
export function byKey(traced: readonly Traced[]) {
  const keys = new Map<string, { key: string; n: number; ms: number; maxMs: number }>();
  for (const t of traced) {
    const k = keys.get(t.key) ?? { key: t.key, n: 0, ms: 0, maxMs: 0 };
    k.n++;
    k.ms += t.ms;
    k.maxMs = Math.max(k.maxMs, t.ms);
    keys.set(t.key, k);
  }
  return [...keys.values()].sort((a, b) => b.ms - a.ms);
}
