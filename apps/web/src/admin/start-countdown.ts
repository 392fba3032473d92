/**
 * A time trial's start ramp: who has started, who is on the ramp with how many seconds to go, and who
 * is next. Pure: the screen passes the start list (from getStartTimes) and the clock.
 */

const TIME_TRIALS: readonly string[] = ['individual_time_trial', 'team_time_trial'];

/** Stages whose riders start one by one from a start list, with a countdown at the ramp. */
export function isTimeTrial(format: string | undefined): boolean {
  return format !== undefined && TIME_TRIALS.includes(format);
}

export interface StartEntry {
  registrationId: string;
  bib: number;
  rider: string;
  team: string | null;
  order: number;
  /** ISO 8601. */
  start: string;
}

export interface RampRider extends StartEntry {
  /** Epoch ms of the scheduled start. */
  at: number;
  /** Whole seconds until the start, rounded up (0 at the start instant and after it). */
  secondsToGo: number;
}

export interface StartBoard {
  /** Riders whose start has passed, in start order. */
  started: RampRider[];
  /** Riders on the ramp: the next start time (several in a team time trial), or empty when all are off. */
  ramp: RampRider[];
  /** The next riders after the ramp, in start order. */
  upcoming: RampRider[];
}

/**
 * The start list at `now`: started riders ticked off, the ramp (everyone sharing the next start instant)
 * and up to `upcomingCount` riders after it. Order is the scheduled start, then the list's order.
 */
export function startBoard(entries: readonly StartEntry[], now: number, upcomingCount = 5): StartBoard {
  const riders = entries
    .map((e) => {
      const at = Date.parse(e.start);
      return { ...e, at, secondsToGo: Math.max(0, Math.ceil((at - now) / 1000)) };
    })
    .filter((r) => Number.isFinite(r.at))
    .sort((a, b) => a.at - b.at || a.order - b.order);
  const started = riders.filter((r) => r.at <= now);
  const waiting = riders.filter((r) => r.at > now);
  const next = waiting[0]?.at;
  const ramp = waiting.filter((r) => r.at === next);
  const upcoming = waiting.slice(ramp.length, ramp.length + Math.max(0, upcomingCount));
  return { started, ramp, upcoming };
}

/** The last seconds are called out big ("10, 9, …"); before that the ramp shows a clock. */
export const FINAL_COUNT_SECONDS = 10;

/** The ramp's display: the bare second in the final count, otherwise minutes and seconds ("2:05"). */
export function countdownText(secondsToGo: number): string {
  const s = Math.max(0, Math.ceil(secondsToGo));
  if (s <= FINAL_COUNT_SECONDS) return String(s);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** True while the ramp is in the final count, so the screen can show the number big. */
export function inFinalCount(secondsToGo: number): boolean {
  return secondsToGo > 0 && secondsToGo <= FINAL_COUNT_SECONDS;
}

/** The seconds to go at which the ramp beeps: ten, then each of the last five. */
export const BEEP_SECONDS: readonly number[] = [10, 5, 4, 3, 2, 1];

/** The ramp's count at one tick of the screen: whose start (its instant) and the seconds to go. */
export interface RampCount {
  at: number;
  secondsToGo: number;
}

/**
 * Whether to beep at this tick: the count has just reached a beeping second. Once per second however
 * often the screen ticks, and again for the next rider's start.
 */
export function beepDue(previous: RampCount | null, current: RampCount | null): boolean {
  if (current === null || !BEEP_SECONDS.includes(current.secondsToGo)) return false;
  return previous === null || previous.at !== current.at || previous.secondsToGo !== current.secondsToGo;
}

/** The screen ticks at least this often (ms), whatever the count. */
export const TICK_MS = 250;

/**
 * How long until the next tick (ms): just past the instant the ramp's count changes when that comes
 * sooner than `TICK_MS`, so the number and its beep land on the second rather than up to a tick late.
 */
export function nextTickDelay(rampAt: number | null, now: number): number {
  if (rampAt === null || rampAt <= now) return TICK_MS;
  // The count changes when the time to go crosses a whole second.
  const toChange = (rampAt - now) % 1000 || 1000;
  return Math.min(TICK_MS, Math.ceil(toChange) + 1);
}
