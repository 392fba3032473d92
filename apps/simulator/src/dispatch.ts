// Sends the planned fixes as simulated time passes: each fix when its sending moment comes round on the
// wall clock, so it is never stamped later than the moment it is sent.
import { setTimeout as sleep } from 'node:timers/promises';
import { clock } from './model/plan-race.ts';
import type { PlannedFix } from './plan.ts';
import { mapConcurrent } from './senders/pool.ts';
import type { Sender, SenderRider } from './senders/sender.ts';
import { simulatedAt, type TimePlan, wallTime } from './time-plan.ts';

export interface DispatchOptions {
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
  /** Longest wait between two rounds of sending, real ms. */
  tickMs?: number;
  /** Real ms between two progress lines. */
  progressMs?: number;
}

export async function dispatch(
  fixes: readonly PlannedFix[],
  riders: readonly SenderRider[],
  sender: Sender,
  time: TimePlan,
  options: DispatchOptions,
): Promise<void> {
  const { signal, log } = options;
  const tickMs = options.tickMs ?? 500;
  const progressMs = options.progressMs ?? 10_000;
  let next = 0;
  let lastProgress = Date.now();
  while (next < fixes.length) {
    signal?.throwIfAborted();
    const due = simulatedAt(time, Date.now());
    let end = next;
    while (end < fixes.length && fixes[end]!.sendT <= due) end++;
    if (end > next) {
      const byRider = new Map<number, PlannedFix[]>();
      for (let k = next; k < end; k++) {
        const fix = fixes[k]!;
        const list = byRider.get(fix.rider);
        if (list) list.push(fix);
        else byRider.set(fix.rider, [fix]);
      }
      await mapConcurrent([...byRider], sender.concurrency, ([rider, list]) =>
        sender.send(riders[rider]!, list, time),
      );
      next = end;
    }
    if (Date.now() - lastProgress >= progressMs) {
      lastProgress = Date.now();
      const simulated = Math.min(time.durationMs, simulatedAt(time, lastProgress));
      log(
        `race time ${clock(simulated / 1000)} of ${clock(time.durationMs / 1000)}: ${next}/${fixes.length} fixes sent`,
      );
    }
    if (next < fixes.length) {
      const wait = wallTime(time, fixes[next]!.sendT) - Date.now();
      await sleep(Math.min(tickMs, Math.max(5, wait)), undefined, signal ? { signal } : undefined).catch(
        (error: unknown) => {
          signal?.throwIfAborted(); // with the caller's reason rather than a bare AbortError
          throw error;
        },
      );
    }
  }
}
