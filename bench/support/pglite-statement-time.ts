// Where PGlite's time goes, by statement: PGlite runs the database on the server's thread, so a CPU
// profile shows its work as wasm frames with no caller to say which statement they serve. Every
// protocol message goes through `execProtocolRawSync` (inside PGlite's query mutex, one at a time), so
// timing that call and naming it by the last Query or Parse message's text attributes the time (bind,
// execute and sync follow their Parse).
import type { PGlite } from '@electric-sql/pglite';

const decoder = new TextDecoder();

/** The SQL text a Query ('Q') or Parse ('P') message carries; null for any other message. */
function statementOf(message: Uint8Array): string | null {
  const type = message[0];
  if (type !== 0x51 && type !== 0x50) return null;
  let at = 5;
  if (type === 0x50) while (at < message.length && message[at] !== 0) at++; // the statement's name
  if (type === 0x50) at++;
  let end = at;
  while (end < message.length && message[end] !== 0) end++;
  return decoder.decode(message.subarray(at, Math.min(end, at + 400)));
}

/** Patches the instance; `take()` answers the time per statement (first words) since the last take. */
export function timePgliteStatements(client: PGlite): { take(): Array<[string, number, number]> } {
  const times = new Map<string, { ms: number; n: number }>();
  const target = client as unknown as { execProtocolRawSync(message: Uint8Array): Uint8Array };
  const run = target.execProtocolRawSync.bind(client);
  let current = '(none)';
  target.execProtocolRawSync = (message: Uint8Array) => {
    const text = statementOf(message);
    if (text !== null) current = text.replace(/\s+/g, ' ').trim().slice(0, 70);
    const t0 = performance.now();
    try {
      return run(message);
    } finally {
      const entry = times.get(current) ?? { ms: 0, n: 0 };
      entry.ms += performance.now() - t0;
      if (text !== null) entry.n++;
      times.set(current, entry);
    }
  };
  return {
    take() {
      const out = [...times].map(([k, v]): [string, number, number] => [k, v.ms, v.n]);
      times.clear();
      return out.sort((a, b) => b[1] - a[1]);
    },
  };
}
