import { describe, expect, it } from 'vitest';
import { judge, retryAfterMs, serverTimeOf } from '../src/index.ts';

const NOW = Date.UTC(2025, 6, 1, 12, 0, 0);

describe('judge', () => {
  it('acknowledges an answer that accounts for every fix of the batch', () => {
    const body = { accepted: 1, duplicates: 1, rejected: [{ index: 2, reason: 'lat: Too big' }] };
    expect(judge({ status: 200, body }, 3, NOW)).toEqual({ kind: 'ack', result: body });
  });

  it('retries answers that do not match the batch rather than dropping fixes', () => {
    const bad = [
      undefined,
      'ok',
      { accepted: 2, duplicates: 0, rejected: [] },
      { accepted: 2, duplicates: 0, rejected: [{ index: 3, reason: 'x' }] },
      {
        accepted: 1,
        duplicates: 0,
        rejected: [
          { index: 1, reason: 'x' },
          { index: 1, reason: 'x' },
        ],
      },
      { accepted: 2, duplicates: 0, rejected: [{ index: 0 }] },
      { accepted: '3', duplicates: 0, rejected: [] },
    ];
    for (const body of bad) expect(judge({ status: 200, body }, 3, NOW).kind).toBe('retry');
  });

  it('stops on 401 and 403, shrinks on 413, retries everything else', () => {
    expect(judge({ status: 401 }, 1, NOW)).toEqual({ kind: 'auth', status: 401 });
    expect(judge({ status: 403 }, 1, NOW)).toEqual({ kind: 'auth', status: 403 });
    expect(judge({ status: 413 }, 1, NOW)).toEqual({ kind: 'too-large' });
    for (const status of [400, 404, 408, 429, 500, 502, 503]) {
      expect(judge({ status }, 1, NOW)).toEqual({
        kind: 'retry',
        reason: `HTTP ${status}`,
        retryAfterMs: null,
      });
    }
    expect(judge({ status: 429, retryAfter: '12' }, 1, NOW)).toMatchObject({ retryAfterMs: 12_000 });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and dates, against the server clock when known', () => {
    expect(retryAfterMs('120', null, NOW)).toBe(120_000);
    expect(retryAfterMs(' 0 ', null, NOW)).toBe(0);
    const at = new Date(NOW + 45_000).toUTCString();
    expect(retryAfterMs(at, null, NOW)).toBe(45_000);
    expect(retryAfterMs(at, NOW + 40_000, NOW + 999_999)).toBe(5_000);
    expect(retryAfterMs(new Date(NOW - 5_000).toUTCString(), null, NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(retryAfterMs(null, null, NOW)).toBeNull();
    expect(retryAfterMs(undefined, null, NOW)).toBeNull();
    expect(retryAfterMs('soon', null, NOW)).toBeNull();
    expect(retryAfterMs('-5', null, NOW)).toBeNull();
  });
});

describe('serverTimeOf', () => {
  it('prefers an explicit echo to the Date header, which is known to the second', () => {
    const date = new Date(NOW).toUTCString();
    expect(serverTimeOf({ status: 200, date, serverTime: NOW + 123 })).toEqual({
      time: NOW + 123,
      resolutionMs: 0,
    });
    expect(serverTimeOf({ status: 200, date })).toEqual({ time: NOW, resolutionMs: 1000 });
    expect(serverTimeOf({ status: 200, date: 'yesterday' })).toBeNull();
    expect(serverTimeOf({ status: 200 })).toBeNull();
  });
});
