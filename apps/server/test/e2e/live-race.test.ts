import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  distanceAt,
  type GroundTruth,
  groundTruthAt,
  runSimulation,
  type TruthRider,
} from '@echelon/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { LiveWatcher, type Observation } from '../support/live-watcher.ts';
import { multipartFile, SHARED_DATA, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Simulator → server → spectator WebSocket, on a real course, with realistic phones (each on its own
 * phase and interval of 1–10 s, 3–15 m of noise, silences, late batches, a few drifting clocks) and a
 * race with a breakaway, a chase and a peloton: the live order, groups and gaps a spectator sees must
 * match the simulator's ground truth, and the finish times must be close to the truth. 40× speed, so
 * the whole test takes about a minute and a half.
 */
const COURSE = `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`;
/** Riders closer than this in truth are within GPS noise of each other: their order is a coin toss. */
const ORDER_TOLERANCE_M = 25;
/** A rider whose last fix is older than this is shown as stale, not live; its order is not claimed. */
const FRESH_MS = 15_000;
/** A fix this recent makes a rider "recent": it must have a gap, close to the truth, and its true group. */
const RECENT_MS = 30_000;
/** The live rule (DEFAULT_LIVE_SETTINGS.groupGapSeconds) applied to the truth. */
const GROUP_GAP_S = 5;
/**
 * A rider carried from a fix `age` seconds old may have changed its pace against the leader's since (a
 * bunch rides a climb at a different share of a breakaway's speed than the flat before it): its gap may be
 * off by this share of that age beyond the 2 s. At 40× on a busy machine fixes reach the server in bursts,
 * so whole bunches are carried 15–30 s; offline, with fixes as sent, 99.4 % are within 2 s outright.
 */
const CARRY_ALLOWANCE = 0.1;
/** Riders whose true gap to the rider ahead is this close to GROUP_GAP_S may be either side of a split. */
const GROUP_EDGE_S = 1.5;

/** When a truth rider first reached `distance` (ms), interpolated between its 1 s samples; null if never. */
function passedAt(samples: Array<[number, number]>, distance: number): number | null {
  if (samples.length === 0 || samples.at(-1)![1] < distance) return null;
  let lo = 0;
  let hi = samples.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]![1] >= distance) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return samples[0]![0];
  const [t0, d0] = samples[lo - 1]!;
  const [t1, d1] = samples[lo]!;
  return d1 > d0 ? t0 + ((distance - d0) / (d1 - d0)) * (t1 - t0) : t1;
}

/**
 * The truth at one observation for the riders a spectator sees racing with a recent fix: their true
 * gaps in true road order, measured as the server measures them — at the same instant, as the time since
 * the rider shown first passed where each rider really is (of riders shown level at the front, the one
 * truly furthest on). Who is shown first among riders a few metres apart is the order test's business.
 */
function truthAt(truth: GroundTruth, observation: Observation) {
  const at = observation.at;
  const byId = new Map(truth.riders.map((r) => [r.registrationId, r]));
  const shownFirst = observation.riders
    .filter((r) => r.rank === 1)
    .map((r) => byId.get(r.id)!)
    .sort((a, b) => distanceAt(b, at) - distanceAt(a, at))[0]!;
  const recent = observation.riders.filter(
    (r) => r.cond === 'racing' && r.fix !== null && at - r.fix <= RECENT_MS,
  );
  const rows = recent
    .map((r) => {
      const rider = byId.get(r.id)!;
      const distance = distanceAt(rider, at);
      const passed = passedAt(shownFirst.samples, distance);
      return {
        live: r,
        rider,
        distance,
        gap: passed === null ? null : Math.max(0, (at - passed) / 1000),
      };
    })
    .sort((a, b) => b.distance - a.distance);
  return rows;
}

/**
 * Whether the rider truly stood still (under 1 m/s for a second) between its last fix and `at`: a crash or
 * an abandon that no fix has shown yet. No estimate can know of it; the rider's next fix, or its silence,
 * will tell.
 */
function stoppedSinceFix(rider: TruthRider, fix: number, at: number): boolean {
  const samples = rider.samples;
  const first = samples[0]![0];
  const last = samples.at(-1)!;
  // An abandon: the truth ends where the rider climbed off.
  if (rider.finishTime === null && at > last[0]) return true;
  const from = Math.max(1, Math.ceil((fix - first) / 1000));
  const to = Math.min(samples.length - 1, Math.floor((at - first) / 1000));
  for (let k = from; k <= to; k++) {
    if (samples[k]![1] - samples[k - 1]![1] < 1 && samples[k]![1] < last[1]) return true;
  }
  return false;
}

/** Each rider's group-mates when the road is split wherever consecutive true gaps differ by more than `gapS`. */
function truthGroups(rows: ReturnType<typeof truthAt>, gapS: number): Map<string, Set<string>> {
  const mates = new Map<string, Set<string>>();
  let current = new Set<string>();
  rows.forEach((row, k) => {
    const ahead = rows[k - 1];
    if (ahead && (ahead.gap === null || row.gap === null || row.gap - ahead.gap > gapS)) current = new Set();
    current.add(row.live.id);
    mates.set(row.live.id, current);
  });
  return mates;
}

describe.skipIf(databaseUnavailable !== null)('a simulated race, end to end', () => {
  let t: TestApp;
  let watcher: LiveWatcher;
  let truth: GroundTruth;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 250 });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const base = `127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
    const { client: organiser } = await t.signIn('organiser');
    const race = (
      await organiser.post('/api/v1/races', { name: 'E2E Grand Prix', visibility: 'public' })
    ).json();
    const stage = (
      await organiser.post(`/api/v1/races/${race.id}/stages`, { name: 'Nuits – Gevrey', format: 'road_race' })
    ).json();
    const form = await multipartFile('file', 'stage7.gpx', readFileSync(COURSE));
    expect(
      (await organiser.put(`/api/v1/stages/${stage.id}/course`, form.payload, form.headers)).statusCode,
    ).toBe(200);
    await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
      kind: 'timing',
      name: 'Split',
      distance: 12_000,
    });
    const token = (await organiser.post('/api/v1/tokens', { name: 'simulator' })).json().token;

    watcher = new LiveWatcher({ snapshotEvery: 2 });
    truth = await runSimulation({
      server: `http://${base}`,
      raceId: race.id,
      stageId: stage.id,
      token,
      riders: 40,
      speedup: 40,
      protocol: 'native',
      seed: 2026,
      start: true,
      // A round of sending every 50 ms: 2 s of race at 40×, so fixes reach the server about as they would live.
      dispatchTickMs: 50,
      onReady: () => {
        void watcher.watch(`ws://${base}/api/v1/live`, stage.id);
      },
    });
    // Let the last fixes reach the processor and one more tick go out.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    watcher.close();
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('shows the live order of the ground truth for at least 99 % of rider-ticks after the first minute', () => {
    let checked = 0;
    let correct = 0;
    for (const observation of watcher.observations) {
      if (observation.at - truth.startTime < 60_000) continue;
      const real = new Map(groundTruthAt(truth, observation.at).map((r) => [r.registrationId, r.distance]));
      const live = observation.riders.filter(
        (r) => r.cond === 'racing' && r.fix !== null && observation.at - r.fix <= FRESH_MS && real.has(r.id),
      );
      for (const rider of live) {
        const mine = real.get(rider.id)!;
        const wrong = live.some((other) => {
          if (other === rider) return false;
          const theirs = real.get(other.id)!;
          if (Math.abs(theirs - mine) < ORDER_TOLERANCE_M) return false;
          return theirs > mine !== other.rank < rider.rank;
        });
        checked += 1;
        if (!wrong) correct += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(correct / checked).toBeGreaterThanOrEqual(0.99);
  });

  it('puts riders in their true groups for at least 97 % of rider-ticks after the first minute', () => {
    let checked = 0;
    let matched = 0;
    for (const observation of watcher.observations) {
      if (observation.at - truth.startTime < 60_000) continue;
      const rows = truthAt(truth, observation);
      // Riders right at the split may be either side: the live groups must lie between the truth's
      // groups with a tighter and with a looser rule.
      const tight = truthGroups(rows, GROUP_GAP_S - GROUP_EDGE_S);
      const loose = truthGroups(rows, GROUP_GAP_S + GROUP_EDGE_S);
      for (const row of rows) {
        const live = new Set(
          rows.filter((r) => r.live.grp !== null && r.live.grp === row.live.grp).map((r) => r.live.id),
        );
        const inside = [...tight.get(row.live.id)!].every((id) => live.has(id));
        const within = [...live].every((id) => loose.get(row.live.id)!.has(id));
        checked += 1;
        if (row.live.grp !== null && inside && within) matched += 1;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    console.log(`groups: ${matched} of ${checked} rider-ticks match the truth`);
    expect(matched / checked).toBeGreaterThanOrEqual(0.97);
  });

  it('gives every racing rider with a fix in the last 30 s a gap, within 2 s of the truth', () => {
    // Rider-ticks by the age of the rider's last fix: within 2 s, and within 2 s plus a tenth of that age.
    const fresh = { n: 0, close: 0 };
    const recent = { n: 0, close: 0, carried: 0 };
    let stopped = 0;
    const misses: string[] = [];
    for (const observation of watcher.observations) {
      if (observation.at - truth.startTime < 60_000) continue;
      for (const row of truthAt(truth, observation)) {
        expect(row.live.gap, `bib ${row.live.bib} at ${observation.at}`).not.toBeNull();
        // Deltas send a gap when it moved by 2 s; snapshots carry every gap as shown (whole seconds).
        if (!observation.snapshot || row.gap === null) continue;
        if (stoppedSinceFix(row.rider, row.live.fix!, observation.at)) {
          stopped += 1;
          continue;
        }
        const age = (observation.at - row.live.fix!) / 1000;
        const error = Math.abs(row.live.gap! - row.gap);
        recent.n += 1;
        if (error <= 2) recent.close += 1;
        if (error <= 2 + CARRY_ALLOWANCE * age) recent.carried += 1;
        if (age <= 10) {
          fresh.n += 1;
          if (error <= 2) fresh.close += 1;
        }
        if (error > 2 && misses.length < 10) {
          misses.push(
            `bib ${row.live.bib} +${((observation.at - truth.startTime) / 1000).toFixed(0)} s: shown ` +
              `${row.live.gap} s, truth ${row.gap.toFixed(1)} s, fix ${age.toFixed(1)} s old`,
          );
        }
      }
    }
    console.log(
      `gaps within 2 s of the truth: ${fresh.close} of ${fresh.n} rider-ticks with a fix ≤ 10 s old, ` +
        `${recent.close} of ${recent.n} with one ≤ 30 s old (${recent.carried} within 2 s + 10 % of the ` +
        `fix's age); ${stopped} left out: the rider stood still since its last fix\n${misses.join('\n')}`,
    );
    expect(recent.n).toBeGreaterThan(1000);
    // Measured on a machine at load 15–17 on 2 cores: 98.9–99.4 %, 99.7–99.8 % and 98.4–98.5 %.
    expect(fresh.close / fresh.n).toBeGreaterThanOrEqual(0.98);
    expect(recent.carried / recent.n).toBeGreaterThanOrEqual(0.99);
    expect(recent.close / recent.n).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps gaps steady from tick to tick: they move as the truth does', () => {
    // Between two snapshots (about 3 ticks apart), each gap moves as the true gap does, give or take the
    // second of whole-second display: never by the seconds a phone's rhythm or a silence would cost.
    const jumps: number[] = [];
    let before: { leader: string; gaps: Map<string, [number, number]> } | null = null;
    for (const observation of watcher.observations) {
      if (!observation.snapshot || observation.at - truth.startTime < 60_000) continue;
      const leader = observation.riders.find((r) => r.rank === 1)?.id ?? '';
      const gaps = new Map<string, [number, number]>();
      for (const row of truthAt(truth, observation)) {
        if (row.gap === null || row.live.gap === null) continue;
        if (stoppedSinceFix(row.rider, row.live.fix!, observation.at)) continue;
        gaps.set(row.live.id, [row.live.gap, row.gap]);
        const then = before?.leader === leader ? before.gaps.get(row.live.id) : undefined;
        if (then) jumps.push(Math.abs(row.live.gap - then[0] - (row.gap - then[1])));
      }
      before = { leader, gaps };
    }
    jumps.sort((a, b) => a - b);
    const q = (p: number) => jumps[Math.min(jumps.length - 1, Math.floor(p * jumps.length))]!;
    console.log(
      `gap moves against the truth's: median ${q(0.5).toFixed(2)} s, 99 % ${q(0.99).toFixed(2)} s, max ${jumps.at(-1)!.toFixed(2)} s`,
    );
    expect(jumps.length).toBeGreaterThan(500);
    // Measured 0.6 s, 3.2 s and 6.5 s on a machine loaded past its cores (fixes in bursts, see
    // CARRY_ALLOWANCE); the clean-phone bound is in one-time-base.test.ts.
    expect(q(0.5)).toBeLessThanOrEqual(1);
    expect(q(0.99)).toBeLessThanOrEqual(4);
    expect(jumps.at(-1)!).toBeLessThanOrEqual(10);
  });

  it('gives every finisher a finish time close to the truth: 90 % within 1 s, all within 2.5 s', () => {
    const last = watcher.observations.at(-1)!;
    const finishers = truth.riders.filter((r) => r.finishTime !== null && !r.dnf);
    expect(finishers.length).toBeGreaterThan(30);
    const errors = finishers.map((rider) => {
      const seen = last.riders.find((r) => r.id === rider.registrationId);
      expect(seen?.fin, `bib ${rider.bib}`).not.toBeNull();
      return Math.abs(seen!.fin! - rider.finishTime!);
    });
    // A phone reporting every 10 s with 15 m of noise, or with a drifting clock, places the line to
    // about a second: exact times come from timing passings, not from phones.
    expect(errors.filter((e) => e <= 1000).length / errors.length).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...errors)).toBeLessThanOrEqual(2500);
  });

  it('never made the spectator miss a frame', () => {
    expect(watcher.observations.length).toBeGreaterThan(50);
    expect(watcher.missedSeqs).toBe(0);
  });
});
