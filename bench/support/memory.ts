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

/**
 * Collects garbage and samples. A few rounds, apart: weak callbacks and finalisers free more on the next,
 * and V8 sweeps freed pages on helper threads after a collection; until they are swept, `heapUsed` still
 * counts them (on a loaded machine, megabytes: a heap snapshot of the same moment showed a quarter less).
 */
export async function settledMemory(): Promise<MemorySample> {
  for (let i = 0; i < 4; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  collect();
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
