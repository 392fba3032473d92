import { describe, expect, it } from 'vitest';
import {
  ageGroup,
  audaxFinishers,
  controlTimes,
  fondoResults,
  fondoTimes,
  formatOffset,
  raceAge,
  rankFondo,
} from '../../../src/scoring/formats/index.ts';

const hms = (h: number, m: number, s: number) => h * 3600 + m * 60 + s;

describe('gran fondo (rules §5)', () => {
  const gun = hms(7, 0, 0);
  const r1 = {
    riderId: 'R1',
    gender: 'M',
    age: 40,
    waveStart: gun,
    startCrossing: hms(7, 0, 5),
    finish: hms(11, 0, 0),
  };
  const r2 = {
    riderId: 'R2',
    gender: 'M',
    age: 36,
    waveStart: gun,
    startCrossing: hms(7, 2, 30),
    finish: hms(11, 0, 30),
  };

  it('scenario 25: gun 4:00:00 / chip 3:59:55 and gun 4:00:30 / chip 3:58:00 → gun order R1, R2; chip R2, R1', () => {
    expect(fondoTimes(r1)).toEqual({ riderId: 'R1', gun: hms(4, 0, 0), chip: hms(3, 59, 55) });
    expect(fondoTimes(r2)).toEqual({ riderId: 'R2', gun: hms(4, 0, 30), chip: hms(3, 58, 0) });
    expect(fondoResults([r2, r1], { basis: 'gun' }).overall.map((l) => [l.riderId, l.place])).toEqual([
      ['R1', 1],
      ['R2', 2],
    ]);
    expect(fondoResults([r1, r2], { basis: 'chip' }).overall.map((l) => [l.riderId, l.place])).toEqual([
      ['R2', 1],
      ['R1', 2],
    ]);
  });

  it('scenario 25: neutralised zones are subtracted from both times', () => {
    const times = fondoTimes({ ...r1, neutralised: [[hms(8, 0, 0), hms(8, 10, 0)]] });
    expect(times).toEqual({ riderId: 'R1', gun: hms(3, 50, 0), chip: hms(3, 49, 55) });
  });

  it('ranks genders, age groups, categories and waves separately; unfinished riders unplaced', () => {
    const riders = [
      { ...r1, category: 'long', wave: 'A' },
      { ...r2, category: 'long', wave: 'B', waveStart: hms(7, 2, 0) },
      {
        riderId: 'F1',
        gender: 'F',
        birthYear: 1995,
        category: 'short',
        wave: 'A',
        waveStart: gun,
        finish: hms(10, 0, 0),
      },
      {
        riderId: 'F2',
        gender: 'F',
        birthYear: 1960,
        category: 'long',
        wave: 'A',
        waveStart: gun,
        finish: null,
      },
    ];
    const results = fondoResults(riders, { raceYear: 2025 });
    expect([...results.byAgeGroup.keys()]).toEqual(['F 19-34', 'F 65+', 'M 35-39', 'M 40-44']);
    expect(results.byGender.get('F')!.map((l) => [l.riderId, l.place])).toEqual([
      ['F1', 1],
      ['F2', null],
    ]);
    expect(results.byCategory.get('long')!.map((l) => l.riderId)).toEqual(['R2', 'R1', 'F2']);
    expect(results.byWave.get('B')!.map((l) => [l.riderId, l.place, l.gun])).toEqual([
      ['R2', 1, hms(3, 58, 30)],
    ]);
    expect(results.overall.map((l) => l.riderId)).toEqual(['F1', 'R2', 'R1', 'F2']);
  });

  it('age groups: 19-34, 35-39 … 60-64, 65+, age = race year − birth year; ties share a place', () => {
    expect(raceAge(2025, 1990)).toBe(35);
    expect([18, 19, 34, 35, 39, 40, 64, 65, 90].map((a) => ageGroup(a))).toEqual([
      'U19',
      '19-34',
      '19-34',
      '35-39',
      '35-39',
      '40-44',
      '60-64',
      '65+',
      '65+',
    ]);
    const ranked = rankFondo([
      { riderId: 'b', gun: 100, chip: 95 },
      { riderId: 'a', gun: 100, chip: 90 },
      { riderId: 'c', gun: 101, chip: 80 },
    ]);
    expect(ranked.map((l) => [l.riderId, l.place])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
  });
});

describe('audax (rules §5)', () => {
  it('scenario 26: 600 km from 06:00, the 550 km control opens +17h08, closes +36h40', () => {
    const t = controlTimes(550, 600);
    expect([formatOffset(t.opens), formatOffset(t.closes)]).toEqual(['+17h08', '+36h40']);
    // From 06:00: opens 23:08 the same day, closes 18:40 the next.
    expect((6 * 60 + t.opens) % (24 * 60)).toBe(23 * 60 + 8);
  });

  it('scenario 26: 1000 km brevet, 890 km control opens +29h09, closes +65h23', () => {
    const t = controlTimes(890, 1000);
    expect([formatOffset(t.opens), formatOffset(t.closes)]).toEqual(['+29h09', '+65h23']);
  });

  it('start and finish controls: start closes after 1 h, finish at the overall limit', () => {
    expect(controlTimes(0, 200)).toEqual({ opens: 0, closes: 60 });
    expect(formatOffset(controlTimes(600, 600).closes)).toBe('+40h00');
    expect(formatOffset(controlTimes(205, 200).closes)).toBe('+13h30');
  });

  it('lists finishers alphabetically, without ranking; over the limit is out', () => {
    const finishers = audaxFinishers(
      [
        { riderId: '1', lastName: 'Zola', firstName: 'Anna', elapsed: 700 },
        { riderId: '2', lastName: 'adam', firstName: 'Bea', elapsed: 810 },
        { riderId: '3', lastName: 'Adam', firstName: 'Al', elapsed: 600 },
        { riderId: '4', lastName: 'Brun', firstName: 'Cy', elapsed: 811 },
        { riderId: '5', lastName: 'Cole', firstName: 'Di', elapsed: null },
      ],
      810,
    );
    expect(finishers.map((f) => f.riderId)).toEqual(['3', '2', '1']);
  });
});
