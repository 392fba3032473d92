// A real mass-participation result, ranked with the gran-fondo code: the 19,961 finishers of the 2017 Cherry
// Blossom run (10 Mile and 5K). The file gives chip (net_sec) and gun (clock_sec) times as durations.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type FondoLine,
  type FondoResults,
  type FondoRider,
  fondoResults,
  rankFondo,
  rankingPlaces,
  type TimingBasis,
} from '../../../src/scoring/formats/index.ts';

const FILE = path.resolve(
  import.meta.dirname,
  '../../../../../../shared/data/results/cherryblossom-2017/run17.csv',
);

/** One CSV line; fields may be double-quoted (cities contain commas). */
function parseLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

interface Row {
  bib: string;
  sex: string;
  age: number | null;
  net: number | null;
  clock: number | null;
  event: string;
}

function load(): Row[] {
  const [header, ...lines] = readFileSync(FILE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const columns = parseLine(header!);
  const col = (name: string) => columns.indexOf(name);
  const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
  return lines.map((line) => {
    const f = parseLine(line);
    return {
      bib: f[col('bib')]!,
      sex: f[col('sex')]!,
      age: num(f[col('age')]),
      net: num(f[col('net_sec')]),
      clock: num(f[col('clock_sec')]),
      event: f[col('event')]!,
    };
  });
}

/** The file's durations as race-clock instants: gun at 0, own start crossing at gun − chip. */
function toRider(row: Row): FondoRider {
  return {
    riderId: row.bib,
    gender: row.sex,
    age: row.age,
    category: row.event,
    waveStart: 0,
    startCrossing: row.clock !== null && row.net !== null ? row.clock - row.net : null,
    finish: row.clock,
  };
}

/** Ordered by the basis time (never decreasing), competition-ranked, untimed runners last and unplaced. */
function expectConsistent(
  lines: readonly FondoLine[],
  time: (bib: string) => number | null,
  basis: TimingBasis,
) {
  const timed = lines.filter((l) => l.place !== null);
  for (let i = 0; i < timed.length; i++) {
    const line = timed[i]!;
    expect(line.time).toBe(time(line.riderId));
    expect(line.time).toBe(line[basis]);
    const before = timed[i - 1];
    if (before) {
      expect(line.time!).toBeGreaterThanOrEqual(before.time!);
      expect(line.place).toBe(line.time === before.time ? before.place : i + 1);
    } else expect(line.place).toBe(1);
  }
  expect(lines.slice(timed.length).every((l) => l.place === null && time(l.riderId) === null)).toBe(true);
}

describe('Cherry Blossom 2017 (19,961 runners) ranked by gun, chip and age group', () => {
  const rows = load();
  const byBib = new Map(rows.map((r) => [r.bib, r]));
  const events = [...new Set(rows.map((r) => r.event))].sort();
  const run = (basis: TimingBasis): Map<string, FondoResults> =>
    new Map(events.map((e) => [e, fondoResults(rows.filter((r) => r.event === e).map(toRider), { basis })]));

  it('reads the file: 19,961 runners, 3 without a time, 1 without an age', () => {
    expect(rows).toHaveLength(19_961);
    expect(rows.filter((r) => r.net === null || r.clock === null)).toHaveLength(3);
    expect(rows.filter((r) => r.age === null)).toHaveLength(1);
    expect(events).toEqual(['10 Mile', '5K']);
  });

  for (const basis of ['gun', 'chip'] as const) {
    const time = (bib: string) => (basis === 'gun' ? byBib.get(bib)!.clock : byBib.get(bib)!.net);

    it(`${basis} order per event matches the file's ${basis === 'gun' ? 'clock_sec' : 'net_sec'}`, () => {
      for (const [event, results] of run(basis)) {
        const entrants = rows.filter((r) => r.event === event);
        expect(results.overall).toHaveLength(entrants.length);
        expectConsistent(results.overall, time, basis);
        const sorted = entrants
          .map((r) => (basis === 'gun' ? r.clock : r.net))
          .filter((t): t is number => t !== null)
          .sort((a, b) => a - b);
        expect(results.overall.filter((l) => l.place !== null).map((l) => l.time)).toEqual(sorted);
      }
    });

    it(`${basis}: each gender and age group is ranked on its own, in the event's order`, () => {
      for (const [event, results] of run(basis)) {
        const overallIndex = new Map(results.overall.map((l, i) => [l.riderId, i]));
        let grouped = 0;
        for (const [group, lines] of [...results.byGender, ...results.byAgeGroup]) {
          expectConsistent(lines, time, basis);
          // The group's order is the event's order restricted to the group (ties broken the same way).
          const indices = lines.map((l) => overallIndex.get(l.riderId)!);
          expect(indices).toEqual([...indices].sort((a, b) => a - b));
          const [sex] = group.split(' ');
          expect(lines.every((l) => byBib.get(l.riderId)!.sex === sex)).toBe(true);
          if (results.byAgeGroup.has(group)) grouped += lines.length;
        }
        // Everyone with an age is in exactly one age group.
        const withAge = rows.filter((r) => r.event === event && r.age !== null).length;
        expect(grouped).toBe(withAge);
        expect([...results.byAgeGroup.keys()].every((k) => /^[A-Z]+ (U19|\d\d-\d\d|65\+)$/.test(k))).toBe(
          true,
        );
      }
    });
  }
});

describe('Cherry Blossom 2017 ranked in divisions of the organiser’s own bounds', () => {
  const rows = load().filter((r) => r.event === '10 Mile');
  // Five-year divisions from 20 to 74 with an open one below and above, for women and men: the race's
  // categories, as an organiser would define them (not the rules' default bands).
  const bounds: Array<[number | null, number | null]> = [[null, 19]];
  for (let min = 20; min < 75; min += 5) bounds.push([min, min + 4]);
  bounds.push([75, null]);
  const categories = (['F', 'M'] as const).flatMap((gender) =>
    bounds.map(([minAge, maxAge]) => ({
      code: `${gender}${minAge ?? 0}-${maxAge ?? 99}`,
      gender,
      minAge,
      maxAge,
    })),
  );
  const chip = rankFondo(
    rows.map(toRider).map((r) => ({
      riderId: r.riderId,
      gun: null,
      chip: r.finish === null ? null : r.finish - r.startCrossing!,
    })),
    'chip',
  );
  const byBib = new Map(rows.map((r) => [r.bib, r]));
  const rider = (bib: string) => {
    const row = byBib.get(bib)!;
    return { gender: row.sex, category: null, birthYear: row.age === null ? null : 2017 - row.age };
  };

  it('gives 17,442 runners their women’s or men’s place and their division place, as each ranked alone', () => {
    const places = rankingPlaces(
      chip,
      (l) => l.place,
      (l) => rider(l.riderId),
      categories,
      2017,
    );
    expect(places).toHaveLength(17_442);
    // The women's ranking on its own, from the same times: every woman's place is the same.
    const women = rankFondo(
      chip.filter((l) => byBib.get(l.riderId)!.sex === 'F'),
      'chip',
    );
    const womenPlace = new Map(women.map((l) => [l.riderId, l.place]));
    chip.forEach((line, k) => {
      if (byBib.get(line.riderId)!.sex === 'F')
        expect(places[k]!.genderRank).toBe(womenPlace.get(line.riderId));
    });
    expect(women.filter((l) => l.place !== null).length).toBeGreaterThan(9_000);
    // Each division ranked alone gives the same places; everyone with an age is in exactly one.
    const divisions = new Map<string, typeof chip>();
    chip.forEach((line, k) => {
      const code = places[k]!.ageGroup;
      if (code !== null) divisions.set(code, [...(divisions.get(code) ?? []), line]);
    });
    expect([...divisions.values()].reduce((n, lines) => n + lines.length, 0)).toBe(
      rows.filter((r) => r.age !== null).length,
    );
    const index = new Map(chip.map((l, k) => [l.riderId, k]));
    for (const [code, lines] of divisions) {
      const [gender] = code;
      expect(lines.every((l) => byBib.get(l.riderId)!.sex === gender)).toBe(true);
      for (const line of rankFondo(lines, 'chip')) {
        expect(places[index.get(line.riderId)!]!.ageGroupRank).toBe(line.place);
      }
    }
    // A 42-year-old woman is in the organiser's F40-44, not a default band.
    const k = chip.findIndex((l) => byBib.get(l.riderId)!.sex === 'F' && byBib.get(l.riderId)!.age === 42);
    expect(places[k]!.ageGroup).toBe('F40-44');
  });
});
