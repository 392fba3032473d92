import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * The routes trackers send positions to, thousands of times a second in a big race. Fastify logs two
 * lines per request (incoming, completed): at that rate the log is nothing but acknowledgements, and
 * writing them cost about a fifth of the server's time per request. These routes log only what someone
 * would act on: a request refused or failed, and one that took long (see `trackerOutcomeLog`).
 * The native socket (`GET /api/v1/track`) stays logged: one line per connection, not per fix.
 */
const TRACKER_PATHS = ['/api/v1/track/batch', '/osmand', '/owntracks'];

/** Whether a request URL (path and query, as sent) is one of the tracker routes. */
export function isTrackerUrl(url: string): boolean {
  for (const path of TRACKER_PATHS) {
    if (!url.startsWith(path)) continue;
    const next = url.charCodeAt(path.length);
    // The path itself, or followed by its query (`?`) or a sub-path (`/`).
    if (Number.isNaN(next) || next === 63 || next === 47) return true;
  }
  return false;
}

/** Fastify's request log lines, for every request but the trackers'. */
export function requestLogController(): LogController {
  return new LogController({ disableRequestLogging: (request) => isTrackerUrl(request.url) });
}

/** A tracker request slower than this is worth knowing about even when it succeeded: storage is late. */
export const SLOW_TRACKER_MS = 1000;

type OutcomeHook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

/**
 * The onResponse hook of a tracker route: a line for each request refused (4xx) or failed (5xx, whose
 * error the error handler logs as well); slow ones summed up, at most one line a second (how many, the
 * slowest), so an overloaded server is not made slower still by a line per late acknowledgement.
 * Callback-style, as it runs on every request.
 */
export function trackerOutcomeLog(): OutcomeHook {
  let slow = 0;
  let slowest = 0;
  let lastLine = 0;
  return (request, reply, done) => {
    const status = reply.statusCode;
    const responseTime = reply.elapsedTime;
    if (status >= 400) {
      request.log.info({ req: request, res: reply, responseTime }, 'tracker request refused');
    } else if (responseTime >= SLOW_TRACKER_MS) {
      slow++;
      slowest = Math.max(slowest, responseTime);
      const now = Date.now();
      if (now - lastLine >= 1000) {
        request.log.info(
          { req: request, slow, slowestMs: Math.round(slowest) },
          `${slow} tracker request(s) took ${SLOW_TRACKER_MS} ms or more since the last such line`,
        );
        slow = 0;
        slowest = 0;
        lastLine = now;
      }
    }
    done();
  };
}

type Bindings = Record<string, unknown>;
type LogFn = (...args: unknown[]) => void;

/**
 * A tracker request's logger, made into pino's per-request child only when the request logs something
 * (a refusal, a failure, a slow line): an acknowledged fix logs nothing, so its child — bindings
 * serialised, an object per request held while the fix waits for its group commit — was pure waste.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | null = null;
  private readonly parent: FastifyBaseLogger;
  private readonly bindings: Bindings;
  private readonly options: object;
  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: object) {
    this.parent = parent;
    this.bindings = bindings;
    this.options = options;
  }
  private get real(): FastifyBaseLogger {
    if (this.made === null) this.made = this.parent.child(this.bindings, this.options);
    return this.made;
  }
  get level(): string {
    return this.made?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  fatal(...args: unknown[]) {
    const real = this.real;
    (real.fatal as LogFn).apply(real, args);
  }
  error(...args: unknown[]) {
    const real = this.real;
    (real.error as LogFn).apply(real, args);
  }
  warn(...args: unknown[]) {
    const real = this.real;
    (real.warn as LogFn).apply(real, args);
  }
  info(...args: unknown[]) {
    const real = this.real;
    (real.info as LogFn).apply(real, args);
  }
  debug(...args: unknown[]) {
    const real = this.real;
    (real.debug as LogFn).apply(real, args);
  }
  trace(...args: unknown[]) {
    const real = this.real;
    (real.trace as LogFn).apply(real, args);
  }
  silent() {}
  child(bindings: Bindings, options?: object) {
    return this.real.child(bindings, options);
  }
}

/** The route option that gives a tracker route's requests a logger made only when used. */
export const lazyRequestLogger = (logger: FastifyBaseLogger, bindings: Bindings, options: object) =>
  new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
