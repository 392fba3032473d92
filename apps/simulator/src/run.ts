// One simulation run against a server: read the race, fill the start list, plan the race, start it if
// asked, send every fix in (accelerated) time, and hand back the ground truth.
import { createApi } from './api/client.ts';
import { deviceTokens, startRace } from './api/race-control.ts';
import { loadRaceData } from './api/race-data.ts';
import { ensureStartList } from './api/start-list.ts';
import { dispatch } from './dispatch.ts';
import { buildCourse } from './model/course.ts';
import { clock, type ModelOptions, planModelRace } from './model/plan-race.ts';
import { createRng } from './model/prng.ts';
import type { Plan } from './plan.ts';
import { planReplay } from './replay/replay.ts';
import { loadRides, RIDES_DIR } from './replay/rides.ts';
import { nativeSender } from './senders/native.ts';
import { osmandSender } from './senders/osmand.ts';
import { owntracksSender } from './senders/owntracks.ts';
import { type Sender, summarise } from './senders/sender.ts';
import { planTime, type TimePlan } from './time-plan.ts';
import { buildTruth, type GroundTruth } from './truth.ts';

export type Protocol = 'native' | 'osmand' | 'owntracks';
export const PROTOCOLS: readonly Protocol[] = ['native', 'osmand', 'owntracks'];

export interface SimulationOptions {
  server: string;
  raceId: string;
  stageId?: string;
  token: string;
  riders: number;
  speedup: number;
  protocol: Protocol;
  /** Same seed, same race. Defaults to one drawn from the clock (and logged). */
  seed?: number;
  /** Put the race live (publishing it first if it is a draft) at the simulated start. */
  start?: boolean;
  /** Replay the recorded rides instead of the model. */
  replay?: boolean;
  /** Where the rides to replay are: defaults to ../shared/data/rides from the repo root. */
  ridesDir?: string;
  /** Switch parts of the model off (incidents, GPS noise, dropouts, bursts). */
  model?: ModelOptions;
  signal?: AbortSignal;
  /**
   * Longest wait between two rounds of sending, real ms (default 500). At a high speedup a round covers
   * speedup × this of race time; a test that compares the live state with the truth wants it short.
   */
  dispatchTickMs?: number;
  log?: (line: string) => void;
  /** Called once the race is planned (and started), before the first fix is sent. */
  onReady?: (truth: GroundTruth, time: TimePlan) => void;
}

export async function runSimulation(options: SimulationOptions): Promise<GroundTruth> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const api = createApi(options.server, options.token, options.signal);

  const data = await loadRaceData(api, options.raceId, options.stageId);
  const course = buildCourse({ points: data.course.points, lapCount: data.course.lapCount });
  log(
    `${data.race.name} (${data.race.status}), stage ${data.stage.number} ${data.stage.name}: ` +
      `${(course.length / 1000).toFixed(1)} km` +
      (course.lapCount > 1 ? ` (${course.lapCount} × ${(course.lapLength / 1000).toFixed(2)} km)` : '') +
      `, ${data.checkpoints.length} checkpoints; seed ${seed}`,
  );

  const entrants = await ensureStartList(api, options.raceId, options.riders, {
    needDeviceId: options.protocol !== 'native',
    rng: createRng(seed).fork(9),
    log,
  });
  const label = (i: number) => `bib ${entrants[i]!.bib}`;
  const plan: Plan = options.replay
    ? planReplay(await loadRides(options.ridesDir ?? RIDES_DIR), entrants.length, course.length, label)
    : planModelRace(course, entrants.length, seed, options.model, label);
  for (const note of plan.notes) log(note);

  const tokens = options.protocol === 'native' ? await deviceTokens(api, entrants) : null;
  const riders = entrants.map((e, i) => ({
    bib: e.bib,
    deviceId: e.deviceId,
    deviceToken: tokens?.[i] ?? null,
  }));
  const sender: Sender =
    options.protocol === 'native'
      ? nativeSender(api)
      : options.protocol === 'osmand'
        ? osmandSender(api)
        : owntracksSender(api);

  const time = planTime(Date.now(), plan.durationMs, options.speedup);
  const truth = buildTruth(
    {
      raceId: options.raceId,
      stageId: data.stage.id,
      startTime: time.simStart,
      courseLength: course.length,
    },
    entrants.map((e) => ({
      registrationId: e.registrationId,
      bib: e.bib,
      name: `${e.firstName} ${e.lastName}`,
    })),
    plan.tracks,
    data.checkpoints,
  );
  if (options.start) await startRace(api, data.race, data.stage, time.simStart, log);
  log(
    `${plan.fixes.length} fixes over ${clock(plan.durationMs / 1000)} of race time, ` +
      `sent in ${clock(plan.durationMs / options.speedup / 1000)} at ${options.speedup}×; ` +
      `start gun at ${new Date(time.simStart).toISOString()}`,
  );
  options.onReady?.(truth, time);

  await dispatch(plan.fixes, riders, sender, time, {
    signal: options.signal,
    log,
    ...(options.dispatchTickMs !== undefined && { tickMs: options.dispatchTickMs }),
  });
  for (const line of summarise(sender.stats)) log(line);
  return truth;
}
