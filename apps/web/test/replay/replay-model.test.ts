import { describe, expect, it } from 'vitest';
import type { RiderTrackView, StageTracksView } from '../../src/api/replay-types.ts';
import { buildReplay, passTime, riderAt, standingsAt } from '../../src/replay/replay-model.ts';

const START = 1_700_000_000_000;
const LENGTH = 10_000;

/** A rider at a steady speed (m/s) from `startS` seconds after the stage start, sampled every 5 s. */
function steady(
  bib: number,
  speed: number,
  options: { startS?: number; untilS?: number; finish?: boolean; outS?: number } = {},
): RiderTrackView {
  const startS = options.startS ?? 0;
  const samples: number[] = [];
  let finish: number | null = null;
  for (let s = 0; ; s += 5) {
    const d = s * speed;
    if (options.untilS !== undefined && startS + s > options.untilS) break;
    if (d >= LENGTH) {
      const at = LENGTH / speed;
      samples.push(at, LENGTH, 45, 5 + LENGTH / 1e6, speed * 3.6);
      if (options.finish !== false) finish = START + (startS + at) * 1000;
      break;
    }
    samples.push(s, d, 45, 5 + d / 1e6, speed * 3.6);
  }
  return {
    id: `00000000-0000-4000-8000-${String(bib).padStart(12, '0')}`,
    bib,
    name: `Rider ${bib}`,
    team: null,
    category: null,
    t0: START + startS * 1000,
    samples,
    finish,
    out: options.outS === undefined ? null : START + options.outS * 1000,
  };
}

function tracks(riders: RiderTrackView[]): StageTracksView {
  return {
    stageId: '00000000-0000-4000-8000-000000000001',
    startedAt: START,
    finishedAt: null,
    length: LENGTH,
    step: 5,
    course: { simplified: [], checkpoints: [] },
    riders,
  };
}

const at = (s: number) => START + s * 1000;

describe('buildReplay', () => {
  it('unpacks flat samples into absolute times and never lets distance go back', () => {
    const track = steady(1, 10, { untilS: 10 });
    track.samples = [0, 0, 45, 5, 30, 5, 60, 45, 5, 36, 10, 55, 45, 5, 20];
    const model = buildReplay(tracks([track]));
    const rider = model.riders[0]!;
    expect([...rider.t]).toEqual([at(0), at(5), at(10)]);
    expect([...rider.d]).toEqual([0, 60, 60]);
    expect(model.endAt).toBe(at(10));
  });

  it('ends at the last finish or sample, and keeps riders without data', () => {
    const model = buildReplay(
      tracks([steady(1, 10), { ...steady(2, 10), t0: null, samples: [], finish: null }]),
    );
    expect(model.endAt).toBe(at(1000));
    expect(model.riders[1]!.t.length).toBe(0);
    expect(riderAt(model, model.riders[1]!, at(10)).cond).toBe('no_data');
  });
});

describe('riderAt', () => {
  const model = buildReplay(tracks([steady(1, 10), steady(2, 8, { untilS: 100 })]));

  it('interpolates distance, position and speed between samples', () => {
    const r = riderAt(model, model.riders[0]!, at(12.5));
    expect(r.cond).toBe('racing');
    expect(r.d).toBeCloseTo(125);
    expect(r.lon).toBeCloseTo(5.000125, 6);
    expect(r.v).toBeCloseTo(36);
    expect(r.togo).toBeCloseTo(LENGTH - 125);
  });

  it('is not started before the first sample and finished from the finish time', () => {
    const late = buildReplay(tracks([steady(3, 10, { startS: 60 })]));
    expect(riderAt(late, late.riders[0]!, at(30)).cond).toBe('not_started');
    const fin = riderAt(model, model.riders[0]!, at(1000));
    expect(fin).toMatchObject({ cond: 'finished', d: LENGTH, togo: 0, v: null });
  });

  it('holds a rider whose record stops, and calls them stopped after a minute', () => {
    const rider = model.riders[1]!;
    expect(riderAt(model, rider, at(130))).toMatchObject({ cond: 'racing', d: 800 });
    expect(riderAt(model, rider, at(161))).toMatchObject({ cond: 'stopped', d: 800, v: null });
  });
});

describe('passTime', () => {
  it('interpolates the instant a distance was reached, null beyond the ride', () => {
    const model = buildReplay(tracks([steady(1, 10, { untilS: 100 })]));
    const rider = model.riders[0]!;
    expect(passTime(rider, 0)).toBe(at(0));
    expect(passTime(rider, 123)).toBeCloseTo(at(12.3));
    expect(passTime(rider, 1000)).toBe(at(100));
    expect(passTime(rider, 1001)).toBeNull();
  });
});

describe('standingsAt', () => {
  it('ranks by distance and gives the time gap at the same distance', () => {
    const model = buildReplay(tracks([steady(1, 8), steady(2, 10), steady(3, 10, { startS: 300 })]));
    const s = standingsAt(model, at(100));
    expect(s.riders.map((r) => [r.rider.bib, r.rank, r.cond])).toEqual([
      [2, 1, 'racing'],
      [1, 2, 'racing'],
      [3, null, 'not_started'],
    ]);
    expect(s.riders[0]!.gap).toBe(0);
    // Bib 1 is at 800 m; the leader passed 800 m at 80 s: 20 s behind.
    expect(s.riders[1]!.gap).toBeCloseTo(20);
    expect(s.riders[2]!.gap).toBeNull();
  });

  it('puts finishers first in finish order, with gaps to the winner', () => {
    const model = buildReplay(tracks([steady(1, 10), steady(2, 9), steady(3, 5)]));
    const s = standingsAt(model, at(1200));
    expect(s.riders.map((r) => r.rider.bib)).toEqual([1, 2, 3]);
    expect(s.riders[0]).toMatchObject({ cond: 'finished', gap: 0 });
    expect(s.riders[1]).toMatchObject({ cond: 'finished' });
    expect(s.riders[1]!.gap).toBeCloseTo(10_000 / 9 - 1000, 1);
    // Still riding: at 6,000 m; the winner passed there at 600 s.
    expect(s.riders[2]).toMatchObject({ cond: 'racing', rank: 3 });
    expect(s.riders[2]!.gap).toBeCloseTo(600);
  });

  it('ranks an individual start by each rider’s own time', () => {
    // Bib 2 starts a minute later and rides faster: it beats bib 1 on time though it finishes later.
    const model = buildReplay(tracks([steady(1, 10), steady(2, 12.5, { startS: 60 })]), { individual: true });
    const s = standingsAt(model, at(1000));
    expect(s.riders.map((r) => [r.rider.bib, r.cond])).toEqual([
      [2, 'finished'],
      [1, 'finished'],
    ]);
    expect(s.riders[1]!.gap).toBeCloseTo(200);
  });

  it('groups riders within a few seconds of each other on the road', () => {
    const model = buildReplay(
      tracks([
        steady(1, 10),
        steady(2, 10, { startS: 2 }),
        steady(3, 10, { startS: 20 }),
        steady(4, 10, { startS: 22 }),
      ]),
    );
    const s = standingsAt(model, at(100));
    const groupOf = (bib: number) => s.riders.find((r) => r.rider.bib === bib)!.group;
    expect([groupOf(1), groupOf(2), groupOf(3), groupOf(4)]).toEqual([1, 1, 2, 2]);
    expect(s.groups).toHaveLength(2);
    expect(s.groups[1]).toMatchObject({ index: 2, size: 2 });
    expect(s.groups[1]!.gap).toBeCloseTo(20);
    // A wider tolerance makes one group.
    expect(standingsAt(model, at(100), { groupGap: 30 }).groups).toHaveLength(1);
  });

  it('leaves finished and stopped riders out of the groups', () => {
    const model = buildReplay(tracks([steady(1, 10), steady(2, 5, { untilS: 50 })]));
    const s = standingsAt(model, at(1005));
    expect(s.riders.map((r) => [r.rider.bib, r.cond, r.group])).toEqual([
      [1, 'finished', null],
      [2, 'stopped', null],
    ]);
    expect(s.riders[1]!.gap).toBeNull();
    expect(s.groups).toEqual([]);
  });
});

describe('riders taken out of the race by a decision', () => {
  it('races normally until the decision, then is out: no rank, gap, speed or group', () => {
    // Bib 2 rides with bib 1 and is taken out at 200 s; bib 3 starts later.
    const model = buildReplay(
      tracks([steady(1, 10), steady(2, 10, { startS: 1, outS: 200 }), steady(3, 10, { startS: 400 })]),
    );
    const before = standingsAt(model, at(199));
    expect(before.riders.map((r) => [r.rider.bib, r.rank, r.cond, r.group])).toEqual([
      [1, 1, 'racing', 1],
      [2, 2, 'racing', 1],
      [3, null, 'not_started', null],
    ]);
    expect(before.riders[1]!.gap).toBeCloseTo(1);

    const after = standingsAt(model, at(200));
    expect(after.riders.map((r) => [r.rider.bib, r.rank, r.cond, r.group])).toEqual([
      [1, 1, 'racing', 1],
      [2, null, 'dnf', null],
      [3, null, 'not_started', null],
    ]);
    // Still where the record places them (as the live map shows a rider out), but no longer riding.
    expect(after.riders[1]).toMatchObject({ gap: null, v: null, d: 1990 });
    expect(after.riders[1]!.lat).not.toBeNull();
    expect(after.groups).toEqual([expect.objectContaining({ index: 1, size: 1 })]);
  });

  it('ranks riders out after everyone on the road, and the next rider leads when the leader is out', () => {
    const model = buildReplay(
      tracks([steady(1, 10, { outS: 300 }), steady(2, 5, { untilS: 100 }), steady(3, 8)]),
    );
    const s = standingsAt(model, at(400));
    expect(s.riders.map((r) => [r.rider.bib, r.rank, r.cond])).toEqual([
      [3, 1, 'racing'],
      [2, 2, 'stopped'],
      [1, null, 'dnf'],
    ]);
    expect(s.riders[0]!.gap).toBe(0);
  });

  it('takes a finisher out from a disqualification after the line, not before', () => {
    const model = buildReplay(tracks([steady(1, 10, { outS: 1100 }), steady(2, 9)]));
    expect(standingsAt(model, at(1050)).riders.map((r) => [r.rider.bib, r.rank, r.cond])).toEqual([
      [1, 1, 'finished'],
      [2, 2, 'racing'],
    ]);
    const s = standingsAt(model, at(1200));
    expect(s.riders.map((r) => [r.rider.bib, r.rank, r.cond])).toEqual([
      [2, 1, 'finished'],
      [1, null, 'dnf'],
    ]);
    expect(s.riders[0]!.gap).toBe(0);
  });

  it('keeps everyone in when the tracks name no decision', () => {
    // An answer from before the field existed.
    const older: Partial<RiderTrackView> = steady(1, 10);
    delete older.out;
    const model = buildReplay(tracks([older as RiderTrackView]));
    expect(model.riders[0]!.out).toBeNull();
    expect(standingsAt(model, at(500)).riders[0]!.cond).toBe('racing');
  });
});
