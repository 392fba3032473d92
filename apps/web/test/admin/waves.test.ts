import { describe, expect, it } from 'vitest';
import { offsetForTime, toDraft, waveNames, waveStart, wavesFromDrafts } from '../../src/admin/waves.ts';

describe('waves of a stage', () => {
  it('turns rows into waves with offsets in seconds', () => {
    const result = wavesFromDrafts([
      { name: ' Elite ', offsetMinutes: '0', categories: ['E'] },
      { name: 'Open', offsetMinutes: '15.5', categories: [] },
      { name: 'Family', offsetMinutes: '', categories: [] },
    ]);
    expect(result.waves).toEqual([
      { name: 'Elite', startOffsetSeconds: 0, categories: ['E'] },
      { name: 'Open', startOffsetSeconds: 930, categories: [] },
      { name: 'Family', startOffsetSeconds: 0, categories: [] },
    ]);
  });

  it('refuses empty and duplicate names and offsets out of range, row by row', () => {
    const result = wavesFromDrafts([
      { name: 'A', offsetMinutes: '0', categories: [] },
      { name: 'A', offsetMinutes: '-1', categories: [] },
      { name: '', offsetMinutes: '2000', categories: [] },
    ]);
    expect(result.waves).toBeNull();
    expect(result.problems).toEqual([
      { row: 1, field: 'name', problem: 'duplicate' },
      { row: 1, field: 'offsetMinutes', problem: 'range' },
      { row: 2, field: 'name', problem: 'required' },
      { row: 2, field: 'offsetMinutes', problem: 'range' },
    ]);
  });

  it('round-trips a stored wave into a row', () => {
    expect(toDraft({ name: 'B', startOffsetSeconds: 930, categories: ['M40'] })).toEqual({
      name: 'B',
      offsetMinutes: '15.5',
      categories: ['M40'],
    });
  });

  it('places a wave in time from the stage’s scheduled start', () => {
    expect(waveStart('2024-07-05T08:00:00.000Z', 900)).toBe('2024-07-05T08:15:00.000Z');
    expect(waveStart(null, 900)).toBeNull();
  });

  it('turns a chosen time of day into an offset', () => {
    // A stage at 08:00 UTC seen from UTC+2 (offset -120) starts at 10:00 local; 10:20 is 20 minutes later.
    expect(offsetForTime('2024-07-05T08:00:00Z', '10:20', -120)).toBe(20);
    expect(offsetForTime('2024-07-05T08:00:00Z', '09:59', -120)).toBeNull();
    expect(offsetForTime('2024-07-05T08:00:00Z', 'soon', 0)).toBeNull();
  });

  it('offers every wave name of the race once', () => {
    expect(
      waveNames([
        { waves: [{ name: 'Elite' }, { name: 'Open' }] },
        { waves: [{ name: 'Open' }, { name: 'Family' }] },
      ]),
    ).toEqual(['Elite', 'Open', 'Family']);
  });
});
