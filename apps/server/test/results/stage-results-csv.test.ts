import { describe, expect, it } from 'vitest';
import { nameKey, parseRaceTime } from '../../src/modules/results/result-values.ts';
import { parseStageResultsCsv } from '../../src/modules/results/stage-results-csv.ts';

const HEADER = 'stage,bib,rider,team,time,bonus,penalty,status';

describe('stage results CSV', () => {
  it('reads times as H:MM:SS[.ff] or seconds, bonuses and penalties in seconds, and statuses', () => {
    const parsed = parseStageResultsCsv(
      [
        HEADER,
        '1,11,Annemiek van Vleuten,Movistar,3:12:05,10,,',
        '1,,Demi Vollering,SD Worx,11525.37,6,20,',
        '1,31,Someone Else,Team X,,,,DNF',
        '2,11,Annemiek van Vleuten,Movistar,0:24:30.37,,,',
      ].join('\n'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((r) => [r.line, r.stage, r.bib, r.time, r.bonus, r.penalty, r.status])).toEqual([
      [2, 1, 11, 11525, 10, 0, null],
      [3, 1, null, 11525.37, 6, 20, null],
      [4, 1, 31, null, 0, 0, 'DNF'],
      [5, 2, 11, 1470.37, 0, 0, null],
    ]);
  });

  it('keeps fractional seconds to the millisecond, with a decimal point or comma', () => {
    const parsed = parseStageResultsCsv(
      [
        HEADER,
        '1,1,Time Trial One,T,0:24:30.371,,,',
        '1,2,Time Trial Two,T,"0:24:30,372",,,',
        '1,3,Time Trial Three,T,1470.3729,,,',
      ].join('\n'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((r) => r.time)).toEqual([1470.371, 1470.372, 1470.372]);
    // Summed from parts, 0:24:30.37 must still be exactly 1470.37, not 1470.3700000000001.
    expect(parseRaceTime('0:24:30.37')).toBe(1470.37);
  });

  it('reports every bad row with its line and imports nothing', () => {
    const parsed = parseStageResultsCsv(
      [
        HEADER,
        '1,11,Ok Rider,T,3:00:00,,,',
        'x,12,Bad Stage,T,3:00:01,,,',
        '1,13,Bad Time,T,3h00,,,',
        '1,14,Bad Status,T,3:00:02,,,ABANDON',
        '1,11,Ok Rider,T,3:00:00,,,',
        '1,15,No Time,T,,,,',
      ].join('\n'),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(parsed.errors[0]!.detail).toContain('stage "x"');
    expect(parsed.errors[1]!.detail).toContain('time "3h00"');
    expect(parsed.errors[2]!.detail).toContain('ABANDON');
    expect(parsed.errors[3]!.detail).toContain('line 2');
    expect(parsed.errors[4]!.detail).toBe('a finisher needs a time');
  });

  it('names a missing column', () => {
    const parsed = parseStageResultsCsv('stage,bib,team\n1,2,T\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.detail).toContain('rider, time');
  });

  it('matches names whatever their case, accents, punctuation and word order', () => {
    expect(nameKey('Tadej POGAČAR')).toBe(nameKey('pogacar tadej'));
    expect(nameKey('VAN VLEUTEN, Annemiek')).toBe(nameKey('Annemiek van Vleuten'));
    expect(nameKey('Anna Kiesenhofer')).not.toBe(nameKey('Anna van der Breggen'));
    expect(parseRaceTime('59:59')).toBe(3599);
    expect(parseRaceTime('1:60:00')).toBeNull();
  });
});
