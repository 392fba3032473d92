import { describe, expect, it } from 'vitest';
import { finishTable } from '../src/finish-table.ts';
import type { TruthTrack } from '../src/plan.ts';
import { buildTruth, distanceAt, groundTruthAt } from '../src/truth.ts';

const START = 1_700_000_000_000;
const track = (speed: number, seconds: number, length: number, dnf = false): TruthTrack => {
  const distance = Float64Array.from({ length: seconds + 1 }, (_, s) => Math.min(length, speed * s));
  const finish = dnf ? null : length / speed;
  return {
    distance,
    finishTime: finish !== null && finish <= seconds ? finish : null,
    dnfTime: dnf ? seconds : null,
  };
};

const truth = buildTruth(
  { raceId: 'r', stageId: 's', startTime: START, courseLength: 1000 },
  [
    { registrationId: 'a', bib: 1, name: 'Ann A' },
    { registrationId: 'b', bib: 2, name: 'Bob B' },
    { registrationId: 'c', bib: 3, name: 'Cid C' },
  ],
  [track(10, 100, 1000), track(8, 125, 1000), track(12, 45, 1000, true)],
  [
    { id: 'finish', name: 'Finish', distance: 1000 },
    { id: 'start', name: 'Start', distance: 0 },
    { id: 'km05', name: 'Sprint', distance: 500 },
  ],
);

describe('ground truth', () => {
  it('records finish times, abandons and checkpoint crossings', () => {
    const [a, b, c] = truth.riders;
    expect(a!.finishTime).toBe(START + 100_000);
    expect(b!.finishTime).toBe(START + 125_000);
    expect(c!.finishTime).toBeNull();
    expect(c!.dnf).toBe(true);
    expect(a!.crossings.map((x) => [x.checkpointId, x.time - START])).toEqual([
      ['start', 0],
      ['km05', 50_000],
      ['finish', 100_000],
    ]);
    expect(c!.crossings.map((x) => x.checkpointId)).toEqual(['start', 'km05']);
    expect(a!.samples[3]).toEqual([START + 3000, 30]);
  });

  it('interpolates distance between samples and holds it afterwards', () => {
    const [a, , c] = truth.riders;
    expect(distanceAt(a!, START + 2500)).toBeCloseTo(25, 6);
    expect(distanceAt(a!, START - 1000)).toBe(0);
    expect(distanceAt(c!, START + 90_000)).toBe(540);
  });

  it('orders riders as a race: finishers by time, then by distance', () => {
    expect(groundTruthAt(truth, START + 30_000).map((r) => r.registrationId)).toEqual(['c', 'a', 'b']);
    expect(groundTruthAt(truth, START + 60_000).map((r) => r.registrationId)).toEqual(['a', 'c', 'b']);
    const late = groundTruthAt(truth, START + 200_000);
    expect(late.map((r) => r.registrationId)).toEqual(['a', 'b', 'c']);
    expect(late[2]!.distance).toBe(540);
  });

  it('prints a finish table', () => {
    const lines = finishTable(truth);
    expect(lines[1]).toMatch(/^\s+1\s+1\s+Ann A\s+0:01:40/);
    expect(lines[2]).toMatch(/2\s+Bob B\s+0:02:05\s+\+0:00:25/);
    expect(lines[3]).toMatch(/DNF\s+3\s+Cid C.*km 0\.5/);
  });
});
