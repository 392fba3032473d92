import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import { metres } from '../../src/units.ts';
import { at, merge, ride, squareCircuit, straightCourse, T0 } from './live-helpers.ts';

const rowOf = (state: StageState, now: number, riderId: string) =>
  state.standings(at(now)).riders.find((r) => r.riderId === riderId)!;
const crossed = (state: StageState, now: number, riderId: string) =>
  new Map(rowOf(state, now, riderId).crossings.map((c) => [c.checkpointId, c.time]));

describe('plausible tracks only', () => {
  it('credits no sprint at km 20 to a phone switched on at km 50, and sends it to review', () => {
    const c = straightCourse(100, [
      ['sprint', 'sprint', 20_000],
      ['t60', 'timing', 60_000],
    ]);
    const state = new StageState(c.course, [{ riderId: 'late' }, { riderId: 'on' }]);
    state.start(at(0));
    // Both ride at 11 m/s; one phone reports from the start, the other only from km 50 (4,545 s in).
    const v = 11;
    for (const f of merge(
      ride(c, 'on', 3, 6000, 5, (s) => v * s),
      ride(c, 'late', 4546, 6000, 5, (s) => v * s + 30),
    ))
      state.addFix(f);

    const late = crossed(state, 6001, 'late');
    expect(late.has('sprint')).toBe(false);
    // The rest of the race is timed as usual, once the track is there.
    expect(Math.abs(late.get('t60')! - (T0 + ((60_000 - 30) / v) * 1000))).toBeLessThan(50);
    expect(crossed(state, 6001, 'on').has('sprint')).toBe(true);
    expect(Math.abs(rowOf(state, 6001, 'late').distance - (v * 5996 + 30))).toBeLessThan(20);

    const reviews = state.reviewItems();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      riderId: 'late',
      checkpointId: 'sprint',
      reason: 'data_gap',
      before: { time: at(0), distance: 0, lat: null, lon: null },
      after: { time: at(4546) },
    });
    expect(reviews[0]!.after.distance).toBeCloseTo(v * 4546 + 30, -1);
    expect(reviews[0]!.after.lat).not.toBeNull();
  });

  it('does not finish a rider who abandoned and was driven to the finish: review, with the evidence', () => {
    const c = straightCourse(100, [['t80', 'timing', 80_000]]);
    const state = new StageState(c.course, [{ riderId: 'car' }, { riderId: 'bike' }]);
    state.start(at(0));
    // Rides 60 km at 11 m/s (5,455 s), waits 10 min for the team car, is driven at 25 m/s (90 km/h)
    // to the finish (1,600 s), then stands there. Its phone reports every 5 s throughout.
    const ridden = 60_000 / 11;
    const driven = ridden + 600;
    const arrives = driven + 40_000 / 25;
    const carDistance = (s: number) =>
      s < ridden ? 11 * s : s < driven ? 60_000 : Math.min(100_000 + 20, 60_000 + 25 * (s - driven));
    // A strong rider holds 13 m/s all the way, and finishes.
    for (const f of merge(
      ride(c, 'car', 2, arrives + 600, 5, carDistance),
      ride(c, 'bike', 1, 100_000 / 13 + 60, 5, (s) => Math.min(100_050, 13 * s)),
    ))
      state.addFix(f);

    const now = arrives + 601;
    const car = rowOf(state, now, 'car');
    expect(car.condition).not.toBe('finished');
    expect(car.finishTime).toBeNull();
    expect(car.crossings.map((x) => x.checkpointId)).not.toContain('finish');
    expect(car.crossings.map((x) => x.checkpointId)).not.toContain('t80');
    const bike = rowOf(state, now, 'bike');
    expect(bike.condition).toBe('finished');
    expect(Math.abs(bike.finishTime! - (T0 + (100_000 / 13) * 1000))).toBeLessThan(50);

    const reviews = state.reviewItems();
    expect(reviews.map((r) => [r.riderId, r.checkpointId, r.reason])).toEqual([
      ['car', 't80', 'implausible_speed'],
      ['car', 'finish', 'implausible_speed'],
    ]);
    const finish = reviews[1]!;
    expect(finish.speed).toBeGreaterThan(20);
    expect(finish.before.time).toBeLessThan(finish.after.time);
    expect(finish.before.distance).toBeLessThan(100_000);
    expect(finish.after.distance).toBeGreaterThanOrEqual(100_000);
    // Standing at the finish afterwards does not finish the rider either.
    expect(state.reviewItems()).toHaveLength(2);
  });

  it('keeps every lap of a phone silent for 3 laps of a criterium, and sends the laps it did not see to review', () => {
    const laps = 12;
    const lines = Array.from(
      { length: laps - 1 },
      (_, k) => [`lap${k + 1}`, 'timing', (k + 1) * 2000] as [string, 'timing', number],
    );
    const c = squareCircuit(500, laps, lines);
    const lap = c.course.lapLength;
    const state = new StageState(c.course, [{ riderId: 'quiet' }]);
    state.start(at(0));
    // 2 km laps at 11.5 m/s; the phone reports every 3 s but is silent from lap 5.2 to lap 8.5 (3.3 laps).
    const v = 11.5;
    const silentFrom = (5.2 * lap) / v;
    const silentTo = (8.5 * lap) / v;
    const finishAt = (laps * lap) / v;
    for (const f of ride(c, 'quiet', 3, finishAt + 20, 3, (s) => v * s)) {
      if (f.time > at(silentFrom) && f.time < at(silentTo)) continue;
      state.addFix(f);
    }
    const row = rowOf(state, finishAt + 21, 'quiet');
    expect(row.condition).toBe('finished');
    expect(Math.abs(row.finishTime! - (T0 + finishAt * 1000))).toBeLessThan(300);
    const credited = row.crossings.map((x) => x.checkpointId);
    const reviewed = state.reviewItems().map((r) => r.checkpointId);
    // Every lap line is either credited or under review; none is silently lost.
    expect([...credited, ...reviewed].sort()).toEqual([...lines.map(([id]) => id), 'finish'].sort());
    expect(reviewed).toEqual(['lap6', 'lap7', 'lap8']);
    expect(state.reviewItems().every((r) => r.reason === 'data_gap')).toBe(true);
  });

  it('still counts the laps a silent phone rode when the lines only count laps, and lists them for review', () => {
    const laps = 12;
    const c = squareCircuit(500, laps);
    const lap = c.course.lapLength;
    // The results' own lap lines: one at every lap's end, for counting laps only.
    const lines = Array.from({ length: laps - 1 }, (_, k) => ({
      id: `line${k + 1}`,
      kind: 'timing' as const,
      name: `End of lap ${k + 1}`,
      distance: metres((k + 1) * lap),
      lapLine: true,
    }));
    const state = new StageState({ ...c.course, checkpoints: [...c.course.checkpoints, ...lines] }, [
      { riderId: 'quiet' },
    ]);
    state.start(at(0));
    const v = 11.5;
    const finishAt = (laps * lap) / v;
    for (const f of ride(c, 'quiet', 3, finishAt + 20, 3, (s) => v * s)) {
      if (f.time > at((5.2 * lap) / v) && f.time < at((8.5 * lap) / v)) continue;
      state.addFix(f);
    }
    const row = rowOf(state, finishAt + 21, 'quiet');
    const counted = row.crossings.filter((x) => x.checkpointId.startsWith('line'));
    expect(counted).toHaveLength(laps - 1);
    // The inferred ones sit where the rider's even pace puts them.
    const line7 = counted.find((x) => x.checkpointId === 'line7')!;
    expect(Math.abs(line7.time - (T0 + ((7 * lap) / v) * 1000))).toBeLessThan(500);
    expect(state.reviewItems().map((r) => r.checkpointId)).toEqual(['line6', 'line7', 'line8']);
  });

  it('counts the laps right in the live standings straight after the silence', () => {
    const c = squareCircuit(500, 12);
    const lap = c.course.lapLength;
    const state = new StageState(c.course, [{ riderId: 'quiet' }]);
    state.start(at(0));
    const v = 11.5;
    const silentFrom = (5.2 * lap) / v;
    const back = (8.5 * lap) / v;
    for (const f of ride(c, 'quiet', 3, back + 1, 3, (s) => v * s)) {
      if (f.time > at(silentFrom) && f.time < at(back)) continue;
      state.addFix(f);
    }
    const row = rowOf(state, back + 2, 'quiet');
    expect(row.lap).toBe(8);
    expect(Math.abs(row.distance - v * (back + 1))).toBeLessThan(40);
  });
});
