import type { Timers } from './ports.ts';

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Settles like `start()`, or rejects with TimeoutError after `ms`: a request stuck on a dead mobile
 * link would otherwise hold the queue forever. The late answer, if it ever comes, is ignored — the
 * batch is sent again and the server counts what it already stored as duplicates.
 */
export function withTimeout<T>(start: () => Promise<T>, ms: number, timers: Timers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimeout(() => reject(new TimeoutError(ms)), ms);
    // Through then(), so a transport that throws at once is a failed request, not a crash.
    Promise.resolve()
      .then(start)
      .then(
        (value) => {
          timers.clearTimeout(handle);
          resolve(value);
        },
        (error: unknown) => {
          timers.clearTimeout(handle);
          reject(error);
        },
      );
  });
}
