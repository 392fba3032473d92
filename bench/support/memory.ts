// Memory of this process, measured after full garbage collections so what is counted is what is kept
// alive, not garbage waiting for the collector. `gc` is exposed at run time (the same as --expose-gc), so
// `npm run bench` needs no extra flag.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export interface MemorySample {
  /** Resident set size, bytes. */
  rss: number;
  /** V8 heap in use, bytes (JavaScript objects). */
  heapUsed: number;
  /** Memory of C++ objects bound to JavaScript ones, and Buffers' bytes, bytes. */
  external: number;
}

/** Collects garbage (a few rounds: weak callbacks and finalisers free more on the next) and samples. */
export async function settledMemory(): Promise<MemorySample> {
  for (let i = 0; i < 4; i++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

/** What `count` connections (or anything else) added between two samples, per item, bytes. */
export function perItem(before: MemorySample, after: MemorySample, count: number) {
  return {
    rss: (after.rss - before.rss) / count,
    heap: (after.heapUsed - before.heapUsed) / count,
    external: (after.external - before.external) / count,
  };
}
