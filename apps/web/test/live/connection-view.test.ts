import { describe, expect, it } from 'vitest';
import { connectionView, LATE_AFTER_MS } from '../../src/live/connection-view.ts';

describe('connectionView', () => {
  it('is live only while frames keep arriving', () => {
    expect(connectionView('live', 'live', 0, 1000).kind).toBe('live');
    expect(connectionView('live', 'live', 0, LATE_AFTER_MS + 1)).toEqual({
      kind: 'late',
      silentFor: (LATE_AFTER_MS + 1) / 1000,
    });
  });

  it('says reconnecting with how old the data is', () => {
    expect(connectionView('reconnecting', 'live', 0, 30_000)).toEqual({
      kind: 'reconnecting',
      silentFor: 30,
    });
  });

  it('calls a finished race settled, not late, when frames stop', () => {
    expect(connectionView('live', 'finished', 0, 600_000).kind).toBe('settled');
  });
});
