import { describe, expect, it } from 'vitest';
import { BatchLoader } from '../../src/modules/ingest/batch-loader.ts';

describe('BatchLoader', () => {
  it('answers the lookups of one turn with one query, each caller its own value', async () => {
    const queries: string[][] = [];
    const loader = new BatchLoader(
      async (keys) => {
        queries.push(keys);
        return new Map(keys.filter((k) => k !== 'unknown').map((k) => [k, k.toUpperCase()]));
      },
      null as string | null,
    );
    const answers = await Promise.all(['a', 'b', 'a', 'unknown'].map((k) => loader.load(k)));
    expect(answers).toEqual(['A', 'B', 'A', null]);
    expect(queries).toEqual([['a', 'b', 'unknown']]);
    // The next turn's lookups are a query of their own, not a cached answer.
    expect(await loader.load('a')).toBe('A');
    expect(queries).toHaveLength(2);
  });

  it('splits a crowd into queries of at most maxBatch keys', async () => {
    const sizes: number[] = [];
    const loader = new BatchLoader(
      async (keys) => {
        sizes.push(keys.length);
        return new Map(keys.map((k) => [k, Number(k)]));
      },
      -1,
      { maxBatch: 100 },
    );
    const keys = Array.from({ length: 250 }, (_, i) => String(i));
    expect(await Promise.all(keys.map((k) => loader.load(k)))).toEqual(keys.map(Number));
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('gathers the lookups of a window of several turns', async () => {
    const queries: string[][] = [];
    const loader = new BatchLoader(
      async (keys) => {
        queries.push(keys);
        return new Map(keys.map((k) => [k, k]));
      },
      '',
      { windowMs: 20 },
    );
    const first = loader.load('a');
    await new Promise((resolve) => setImmediate(resolve));
    const second = loader.load('b');
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    expect(queries).toEqual([['a', 'b']]);
  });

  it('fails every caller of a failed query, and the next turn tries again', async () => {
    let down = true;
    const loader = new BatchLoader(async (keys) => {
      if (down) throw new Error('connection refused');
      return new Map(keys.map((k) => [k, 1]));
    }, 0);
    const results = await Promise.allSettled([loader.load('a'), loader.load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    down = false;
    expect(await loader.load('a')).toBe(1);
  });
});
