import { describe, expect, it } from 'vitest';
import { FlowHistory, flowSeries, trackDistanceAt } from '../../src/live/race-flow.ts';
import { liveRider } from './fixtures.ts';

describe('trackDistanceAt', () => {
  const track = { id: 'a', t0: 10_000, samples: [0, 0, 0, 0, 0, 30, 300, 0, 0, 0, 60, 900, 0, 0, 0] };
  it('interpolates between samples by time', () => {
    expect(trackDistanceAt(track, 10_000)).toBe(0);
    expect(trackDistanceAt(track, 25_000)).toBe(150);
    expect(trackDistanceAt(track, 55_000)).toBe(600);
  });
  it('knows nothing outside the track', () => {
    expect(trackDistanceAt(track, 9_000)).toBeNull();
    expect(trackDistanceAt(track, 71_000)).toBeNull();
    expect(trackDistanceAt({ id: 'b', t0: null, samples: [] }, 0)).toBeNull();
  });
});

describe('FlowHistory', () => {
  it('records every rider on a shared time axis, skipping frames closer than the interval', () => {
    const history = new FlowHistory(5000);
    const a = liveRider(0, { d: 100, v: 0, fix: 0 });
    expect(history.record(0, [a])).toBe(true);
    expect(history.record(1000, [a])).toBe(false);
    a.d = 200;
    const b = liveRider(1, { d: 50, v: 0, fix: 0 });
    expect(history.record(5000, [a, b])).toBe(true);
    expect(history.times).toEqual([0, 5000]);
    expect(history.line(a.id)).toEqual([100, 200]);
    // A rider who appears later has nothing before.
    expect(history.line(b.id)).toEqual([null, 50]);
  });

  it('leaves riders not on the road out', () => {
    const history = new FlowHistory(1000);
    history.record(0, [liveRider(0, { cond: 'not_started' }), liveRider(1, { cond: 'dnf' })]);
    expect(history.line(liveRider(0).id)).toEqual([null]);
    expect(history.line(liveRider(1).id)).toEqual([null]);
  });

  it('halves its resolution rather than grow without bound', () => {
    const history = new FlowHistory(1000, 10);
    const rider = liveRider(0, { v: 0 });
    for (let k = 0; k < 40; k += 1) history.record(k * 1000, [rider]);
    expect(history.times.length).toBeLessThanOrEqual(10);
    expect(history.interval).toBeGreaterThan(1000);
    expect(history.line(rider.id)!.length).toBe(history.times.length);
  });

  it('seeds what happened before the page opened from stored tracks', () => {
    const history = new FlowHistory(5000);
    const rider = liveRider(0, { d: 900, v: 0, fix: 0 });
    history.record(90_000, [rider]);
    history.seed([{ id: rider.id, t0: 0, samples: [0, 0, 0, 0, 0, 60, 600, 0, 0, 0] }], 0, 30_000);
    expect(history.seeded).toBe(true);
    expect(history.times).toEqual([0, 30_000, 60_000, 90_000]);
    expect(history.line(rider.id)).toEqual([0, 300, 600, 900]);
  });

  it('gives the chart km against seconds since the start, with the front of the race', () => {
    const history = new FlowHistory(1000);
    history.record(10_000, [liveRider(0, { d: 2000, v: 0 }), liveRider(1, { d: 1500, v: 0 })]);
    const series = flowSeries(history, 0);
    expect(series.x).toEqual([10]);
    expect(series.front).toEqual([2]);
    expect(series.lines.map((line) => line.km)).toEqual([[2], [1.5]]);
  });
});
