import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import { type TeamTimeTrialStandings, teamTimeTrialStandings } from '../../src/live/team-time-trial.ts';
import { timeTrialStandings } from '../../src/live/time-trial.ts';
import { at, straightCourse, T0 } from './live-helpers.ts';
import { arrivalOrder, type Delivery, phone, random } from './phones.ts';

// A 20 km team time trial: 8 teams of 6 starting two minutes apart, N = 4 (the team's time is its 4th
// rider's). Each team rides as a line, riders 2 m apart; in every team rider 6 is dropped at km 8, rider 5
// at km 12 in even teams, and riders 4 and 5 at km 12 and 16 in odd teams, whose time at the finish is then
// a dropped rider's (they all ride 12 % slower once dropped). Team 3 loses three riders in a crash at
// km 6, so only three are left and the third counts. Every phone is a race-day phone: its own phase and
// interval (1–10 s), 3–15 m of noise, one dropout of 20–60 s.
const LENGTH = 20_000;
const POINTS: Array<[string, number]> = [
  ['t5', 5000],
  ['t10', 10_000],
  ['t15', 15_000],
  ['finish', LENGTH],
];
const N = 4;
const TEAMS = 8;
const SIZE = 6;
const course = straightCourse(20, [
  ['t5', 'timing', 5000],
  ['t10', 'timing', 10_000],
  ['t15', 'timing', 15_000],
]);
// Team finish times 1,500 s + 13 s × a shuffle of 0..7: at least 3 s between teams at km 5.
const place = (k: number) => (k * 5) % TEAMS;
const CRASH_TEAM = 3;
const CRASH_AT = 6000;

interface Rider {
  id: string;
  team: string;
  startS: number;
  speed: number;
  /** Metres behind the team's head. */
  offset: number;
  /** Where the rider is dropped (rides 12 % slower from there), if they are. */
  droppedAt: number | null;
  /** Where the rider crashes out, if they do. */
  outAt: number | null;
}

const riders: Rider[] = [];
for (let k = 0; k < TEAMS; k++) {
  for (let j = 0; j < SIZE; j++) {
    riders.push({
      id: `T${k}r${j}`,
      team: `Team ${k}`,
      startS: 120 * k,
      speed: LENGTH / (1500 + 13 * place(k)),
      offset: 2 * j,
      droppedAt:
        j === 5 ? 8000 : j === 4 ? (k % 2 === 0 ? 12_000 : 16_000) : j === 3 && k % 2 === 1 ? 12_000 : null,
      outAt: k === CRASH_TEAM && j >= 1 && j <= 3 ? CRASH_AT : null,
    });
  }
}
const teams = Array.from({ length: TEAMS }, (_, k) => ({
  teamId: `Team ${k}`,
  riderIds: riders.filter((r) => r.team === `Team ${k}`).map((r) => r.id),
}));

/** True distance at s seconds from T0 (clamped past the finish). */
function distanceAt(r: Rider, s: number): number {
  const ridden = r.speed * (s - r.startS) - r.offset;
  let d = ridden;
  if (r.droppedAt !== null && ridden > r.droppedAt) d = r.droppedAt + (ridden - r.droppedAt) * 0.88;
  if (r.outAt !== null) d = Math.min(d, r.outAt);
  return Math.min(LENGTH + 300, Math.max(0, d));
}

/** When the rider truly passed distance x (s from T0), or null if never. */
function truePassing(r: Rider, x: number): number | null {
  if (r.outAt !== null && x > r.outAt) return null;
  const ridden = r.droppedAt !== null && x > r.droppedAt ? r.droppedAt + (x - r.droppedAt) / 0.88 : x;
  return r.startS + (ridden + r.offset) / r.speed;
}

/** The team's true time at a point: its Nth rider's (the last left when fewer), elapsed from its start. */
function truthTeamTime(teamId: string, x: number): number {
  const members = riders.filter((r) => r.team === teamId && r.outAt === null);
  const times = members.map((r) => truePassing(r, x)!).sort((a, b) => a - b);
  return times[Math.min(N, members.length) - 1]! - members[0]!.startS;
}

function deliveries(): Delivery[] {
  const rnd = random(20_260_704);
  return arrivalOrder(
    ...riders.map((r) => {
      const gapFrom = r.startS + 200 + rnd() * 1000;
      return phone(
        course,
        {
          riderId: r.id,
          distanceAt: (s) => distanceAt(r, s),
          from: r.startS - 60,
          to: r.outAt === null ? r.startS + 2000 : r.startS + CRASH_AT / r.speed + 20,
        },
        rnd,
        { dropouts: [[gapFrom, gapFrom + 20 + rnd() * 40]] },
      );
    }),
  );
}

interface Tick {
  nowS: number;
  live: TeamTimeTrialStandings;
  /** Per rider: the last fix heard (epoch ms) and the distance the live state has them at. */
  heard: Map<string, number>;
  distance: Map<string, number>;
}

function run(passings?: Map<string, Map<string, number>>): Tick[] {
  const state = new StageState(
    course.course,
    riders.map((r) => ({ riderId: r.id })),
  );
  state.start(at(0));
  const entries = riders.map((r) => ({ riderId: r.id, scheduledStart: at(r.startS) }));
  const queue = deliveries();
  const heard = new Map<string, number>();
  const ticks: Tick[] = [];
  let next = 0;
  const crashS = riders.find((r) => r.outAt !== null)!.startS + CRASH_AT / riders[CRASH_TEAM * SIZE]!.speed;
  let crashed = false;
  for (let nowS = -30; nowS <= 120 * TEAMS + 1800; nowS += 5) {
    while (next < queue.length && queue[next]!.arrives <= nowS) {
      const { fix } = queue[next++]!;
      state.addFix(fix);
      heard.set(fix.riderId, Math.max(heard.get(fix.riderId) ?? 0, fix.time));
    }
    // Race control takes the crashed riders out a minute after the crash.
    if (!crashed && nowS >= crashS + 60) {
      for (const r of riders) if (r.outAt !== null) state.setDnf(r.id, at(crashS));
      crashed = true;
    }
    const standings = state.standings(at(nowS));
    const individual = timeTrialStandings(
      at(nowS),
      entries,
      standings.riders,
      course.course.checkpoints,
      state,
      passings,
    );
    const live = teamTimeTrialStandings(individual, teams, N, state);
    const distance = new Map(standings.riders.map((r) => [r.riderId, r.distance as number]));
    ticks.push({ nowS, live, heard: new Map(heard), distance });
  }
  return ticks;
}

describe('live team time trial: 8 teams of 6, the 4th rider counts, phones on their own clocks', () => {
  const ticks = run();

  it('gives every team split the time of its Nth rider, within a second of the truth, and ranks the teams by it', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const { nowS, live } of ticks) {
      for (const table of live.splits) {
        const x = POINTS.find(([id]) => id === table.checkpointId)![1];
        const truth = table.rows.map((row) => truthTeamTime(row.teamId, x));
        const best = Math.min(...truth);
        table.rows.forEach((row, i) => {
          const fine =
            Math.abs(row.elapsed - truth[i]!) < 1 &&
            row.rank === i + 1 &&
            Math.abs(row.gap - (truth[i]! - best)) < 1.5 &&
            (i === 0 || truth[i]! > truth[i - 1]!);
          if (!fine)
            wrong.push(`${nowS} s ${table.checkpointId} ${row.teamId}: ${row.elapsed} vs ${truth[i]}`);
          checked++;
        });
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
    const end = ticks.at(-1)!.live;
    expect(end.splits.map((s) => s.rows.length)).toEqual([8, 8, 8, 8]);
  });

  it('orders the teams at every tick by their time at the last point their Nth rider passed', () => {
    for (const { nowS, live } of ticks) {
      const racing = live.teams.filter((t) => t.phase === 'on_course' || t.phase === 'finished');
      const keyed = racing.map((t) => {
        const k = POINTS.findIndex(([id]) => id === t.pointId);
        return {
          id: t.teamId,
          k,
          truth: k < 0 ? 0 : truthTeamTime(t.teamId, POINTS[k]![1]),
          start: t.start!,
        };
      });
      const truthOrder = keyed
        .slice()
        .sort(
          (a, b) =>
            Number(b.k === POINTS.length - 1) - Number(a.k === POINTS.length - 1) ||
            b.k - a.k ||
            a.truth - b.truth ||
            a.start - b.start,
        )
        .map((t) => t.id);
      expect({ nowS, order: racing.map((t) => t.teamId) }).toEqual({ nowS, order: truthOrder });
      expect(racing.map((t) => t.rank)).toEqual(racing.map((_, i) => i + 1));
    }
    const end = ticks.at(-1)!.live;
    expect(end.teams.every((t) => t.phase === 'finished')).toBe(true);
    expect(end.teams[0]!.teamId).toBe(`Team ${[...Array(TEAMS).keys()].find((k) => place(k) === 0)}`);
  });

  it('credits a team with a point only once its Nth rider (on the clock of their last fix) could have passed it', () => {
    for (const { nowS, live, heard } of ticks) {
      for (const t of live.teams) {
        if (t.pointId === null) continue;
        const x = POINTS.find(([id]) => id === t.pointId)![1];
        const members = riders.filter((r) => r.team === t.teamId && t.out.indexOf(r.id) < 0);
        // How far each rider truly was at their last fix heard: 15 m of noise can put a fix past a line early.
        const far = members
          .map((r) => distanceAt(r, ((heard.get(r.id) ?? T0) - T0) / 1000))
          .sort((a, b) => b - a);
        const counting = Math.min(N, members.length);
        expect({ nowS, team: t.teamId, reached: far[counting - 1]! + 20 >= x }).toEqual({
          nowS,
          team: t.teamId,
          reached: true,
        });
      }
    }
  });

  it('shows the dropped riders apart from the team, and the counting rider of a team with fewer than N left', () => {
    const end = ticks.at(-1)!.live;
    for (const t of end.teams) {
      const k = Number(t.teamId.split(' ')[1]);
      // Odd teams: r3 and r4 dropped, so the team's 4th rider is r4, whom the team's time belongs to.
      const dropped = [`T${k}r5`, ...(k % 2 === 0 ? [`T${k}r4`] : [`T${k}r3`])];
      if (k === CRASH_TEAM) {
        expect(t.out.sort()).toEqual([`T${k}r1`, `T${k}r2`, `T${k}r3`]);
        // Three left, one of them dropped: the team's time is its last rider's.
        expect(Math.abs(t.elapsed! - truthTeamTime(t.teamId, LENGTH))).toBeLessThan(1);
        expect(t.dropped).toEqual([]);
        continue;
      }
      expect(t.dropped.sort()).toEqual(dropped.sort());
      expect(t.riders).toHaveLength(SIZE - dropped.length);
      expect(t.out).toEqual([]);
    }
    // Mid-race, after km 8 and before km 10: nobody is dropped yet at km 5.
    const mid = ticks.find((x) => x.live.teams.some((t) => t.pointId === 't5'))!;
    for (const t of mid.live.teams.filter((x) => x.pointId === 't5')) expect(t.dropped).toEqual([]);
  });

  it('puts the fastest finished team in the hot seat, and gives teams between points their gap on the road', () => {
    const firstFinish = Math.min(...teams.map((t) => 120 * Number(t.teamId.split(' ')[1]) + 1500));
    let virtual = 0;
    const wrongGaps: string[] = [];
    const missing: string[] = [];
    for (const { nowS, live, distance } of ticks) {
      if (nowS < firstFinish) expect(live.hotSeat).toBeNull();
      const finished = live.teams.filter((t) => t.phase === 'finished');
      if (finished.length > 0) {
        const fastest = finished.reduce((a, b) =>
          truthTeamTime(b.teamId, LENGTH) < truthTeamTime(a.teamId, LENGTH) ? b : a,
        );
        expect(live.hotSeat?.teamId).toBe(fastest.teamId);
        expect(Math.abs(live.hotSeat!.elapsed - truthTeamTime(fastest.teamId, LENGTH))).toBeLessThan(1);
      }
      const seat = live.hotSeat && riders.find((r) => r.team === live.hotSeat!.teamId)!;
      for (const t of live.teams) {
        if (!seat || t.phase !== 'on_course') continue;
        // Every team on the road is well past its start by the first finish: N riders' own times are known
        // at the heads of their trails, so none may lack a gap (a rider measured beyond its trail's head has
        // no time there, and the team's Nth best would become a dropped rider's, or nobody's).
        if (t.virtualGap === null) {
          missing.push(`${nowS} s ${t.teamId}`);
          continue;
        }
        // The truth: each rider's own time where the live state last had them minus the reference team's
        // there; the team's gap is its Nth best rider's, as at a timing point.
        const members = riders.filter((r) => r.team === t.teamId && t.out.indexOf(r.id) < 0);
        const truths = members
          .map((r) => {
            const d = distance.get(r.id)!;
            return truePassing(r, d)! - r.startS - truthTeamTime(seat.team, d);
          })
          .sort((a, b) => a - b);
        const truth = truths[Math.min(N, members.length) - 1]!;
        if (Math.abs(t.virtualGap - truth) >= 1.5)
          wrongGaps.push(`${nowS} s ${t.teamId}: ${t.virtualGap} vs ${truth}`);
        virtual++;
      }
    }
    expect(wrongGaps).toEqual([]);
    expect(missing).toEqual([]);
    expect(virtual).toBeGreaterThan(50);
  });

  it('makes a team split exact, to the millisecond, where a timing system read its riders', () => {
    // Passings at km 10 and the finish for every rider who got there: the team time is its Nth reading.
    const read = new Map(
      riders.map((r) => {
        const points = new Map<string, number>();
        for (const [id, x] of POINTS.filter(([id]) => id === 't10' || id === 'finish')) {
          const s = truePassing(r, x);
          if (s !== null) points.set(id, T0 + Math.round(s * 1000));
        }
        return [r.id, points];
      }),
    );
    const end = run(read).at(-1)!.live;
    for (const table of end.splits) {
      const exact = table.checkpointId === 't10' || table.checkpointId === 'finish';
      const x = POINTS.find(([id]) => id === table.checkpointId)![1];
      for (const row of table.rows) {
        expect(row.exact).toBe(exact);
        if (!exact) continue;
        const members = riders.filter((r) => r.team === row.teamId && r.outAt === null);
        const ms = members.map((r) => read.get(r.id)!.get(table.checkpointId)! - T0 - r.startS * 1000);
        ms.sort((a, b) => a - b);
        expect(row.elapsed).toBe(ms[Math.min(N, members.length) - 1]! / 1000);
        expect(Math.abs(row.elapsed - truthTeamTime(row.teamId, x))).toBeLessThan(0.001);
      }
    }
    expect(end.teams.every((t) => t.exact && t.pointId === 'finish')).toBe(true);
  });
});
