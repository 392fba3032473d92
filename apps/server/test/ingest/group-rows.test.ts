import { describe, expect, it } from 'vitest';
import { copyText } from '../../src/modules/ingest/fixes-copy.repository.ts';
import { distinctRows } from '../../src/modules/ingest/group-rows.ts';
import type { FixInsert } from '../../src/modules/ingest/ingest.repository.ts';

const row = (registrationId: string, time: number, extra: Partial<FixInsert> = {}): FixInsert => ({
  registrationId,
  time,
  lat: 45,
  lon: 5,
  source: 'native',
  receivedAt: time + 40,
  ...extra,
});
const keys = (rows: FixInsert[]) => rows.map((r) => `${r.registrationId}@${r.time}`);

describe('distinctRows', () => {
  it('keeps the rows as they are when each request is one registration in rising time', () => {
    const requests = [{ rows: [row('a', 1), row('a', 2)] }, { rows: [row('b', 1)] }];
    const { rows, lost } = distinctRows(requests);
    expect(keys(rows)).toEqual(['a@1', 'a@2', 'b@1']);
    expect(lost).toBeNull();
    const lone = { rows: [row('a', 1), row('a', 2)] };
    expect(distinctRows([lone]).rows).toBe(lone.rows);
  });

  it('keeps a key once, for the first request holding it, and tells the others', () => {
    const { rows, lost } = distinctRows([
      { rows: [row('a', 1), row('a', 2)] },
      { rows: [row('a', 2), row('a', 3), row('b', 7)] },
      { rows: [row('c', 5), row('c', 5)] },
      { rows: [row('b', 7), row('a', 1)] },
    ]);
    expect(keys(rows)).toEqual(['a@1', 'a@2', 'a@3', 'b@7', 'c@5']);
    expect(lost![0]).toBeUndefined();
    expect(lost![1]).toEqual(new Map([['a', new Set([2])]]));
    // A time repeated within one request is not lost to anyone: one of its rows is stored.
    expect(lost![2]).toBeUndefined();
    expect(lost![3]).toEqual(
      new Map([
        ['b', new Set([7])],
        ['a', new Set([1])],
      ]),
    );
  });

  it('checks each key when a request is out of time order', () => {
    const { rows, lost } = distinctRows([{ rows: [row('a', 3), row('a', 1), row('a', 3)] }]);
    expect(keys(rows)).toEqual(['a@3', 'a@1']);
    expect(lost).toBeNull();
  });
});

describe('copyText', () => {
  it('writes one line a row, nulls as \\N, booleans as t and f, text escaped', () => {
    const text = copyText([
      row('a', 1_700_000_000_000, { accuracy: 5.5, speed: null, heading: 0, sos: true, battery: 1.2e-38 }),
      row('b', 2, { sos: false, source: 'tab\there\\ and\nline\rend' }),
    ]);
    expect(text.split('\n')).toEqual([
      'a\t1700000000000\t45\t5\t5.5\t\\N\t\\N\t0\t1.2e-38\tt\tnative\t1700000000040',
      'b\t2\t45\t5\t\\N\t\\N\t\\N\t\\N\t\\N\tf\ttab\\there\\\\ and\\nline\\rend\t42',
      '',
    ]);
  });
});
