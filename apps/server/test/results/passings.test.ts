import { describe, expect, it } from 'vitest';
import { parsePassings } from '../../src/modules/results/passings.ts';

/** The stage started at 13:00 in Paris (11:00 UTC) on 24 July 2024. */
const clock = { zone: 'Europe/Paris', reference: Date.parse('2024-07-24T13:00:00+02:00') };

describe('timing passings', () => {
  it('reads epoch ms, ISO 8601 and times of day, each to the millisecond', () => {
    const parsed = parsePassings(
      [
        'bib,point,time',
        '1,finish,1721818496789',
        '2,finish,2024-07-24T12:34:56.790+02:00',
        '3,finish,12:34:56.791',
        '4,finish,"12:34:56,792"',
        // Before the start's hour: a read after midnight, on the next day.
        '5,finish,00:10:00.5',
      ].join('\n'),
      clock,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.passings.map((p) => new Date(p.time).toISOString())).toEqual([
      '2024-07-24T10:54:56.789Z',
      '2024-07-24T10:34:56.790Z',
      '2024-07-24T10:34:56.791Z',
      '2024-07-24T10:34:56.792Z',
      '2024-07-24T22:10:00.500Z',
    ]);
  });

  it('dates a time of day in the race’s own time zone, across a daylight-saving change', () => {
    const parsed = parsePassings(
      [
        { bib: 1, point: 'finish', time: '23:10:00' },
        { bib: 2, point: 'finish', time: '03:10:00.25' },
      ],
      { zone: 'America/New_York', reference: Date.parse('2024-03-09T22:00:00-05:00') },
    );
    expect(parsed.ok && parsed.passings.map((p) => new Date(p.time).toISOString())).toEqual([
      '2024-03-10T04:10:00.000Z',
      '2024-03-10T07:10:00.250Z',
    ]);
  });

  it('refuses a time of day on a stage with no start, and a time that is none', () => {
    const parsed = parsePassings('bib,point,time\n1,finish,12:34:56.789\n2,finish,25:00:00\n', {
      zone: 'UTC',
      reference: null,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      { line: 2, detail: 'time "12:34:56.789" is a time of day, but the stage has no start to date it' },
      {
        line: 3,
        detail: 'time "25:00:00" is not epoch ms, ISO 8601 with an offset, or a time of day (12:34:56.789)',
      },
    ]);
  });
});
