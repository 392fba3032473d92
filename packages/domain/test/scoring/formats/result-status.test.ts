import { describe, expect, it } from 'vitest';
import { rankByLaps } from '../../../src/scoring/formats/lap-ranking.ts';
import type { ResultStatus as FormatStatus } from '../../../src/scoring/formats/types.ts';
import { RESULT_STATUSES, type ResultStatus } from '../../../src/scoring/types.ts';

describe('one result status vocabulary for every format', () => {
  it('lists lap-race riders in the road scoring’s status order (rules §0)', () => {
    const scrambled: ResultStatus[] = ['NP', 'DNS', 'finisher', 'OTL', 'DSQ', 'PUL', 'DNF'];
    const lines = rankByLaps(
      scrambled.map((status, k) => ({ riderId: `r${k}`, status, laps: 3, time: 100 + k })),
    );
    expect(lines.map((l) => l.status)).toEqual([...RESULT_STATUSES]);
    expect(lines.filter((l) => l.place !== null).map((l) => l.status)).toEqual(['finisher', 'PUL']);
  });

  it('is one type: a format status is a road status and back', () => {
    const fromFormat: ResultStatus = 'PUL' satisfies FormatStatus;
    const fromRoad: FormatStatus = fromFormat;
    expect(RESULT_STATUSES).toContain(fromRoad);
  });
});
