import type { FastifyInstance } from 'fastify';

/** WebSocket close code 1012 "Service Restart": the client should reconnect, to this or another server. */
export const RESTART_CLOSE_CODE = 1012;

/** The first call drains (for at most `timeoutMs`) then exits; any later call exits at once. */
export type Shutdown = (signal: string) => void;

/**
 * Graceful stop on SIGTERM: the listening socket closes (a load balancer sends new requests elsewhere),
 * every WebSocket client is told to reconnect (close code 1012), and the steps given (leases, bus,
 * requests in flight, database) run for at most `timeoutMs`; then the process exits even if a slow
 * request or a socket is still open. A second signal exits at once.
 */
export function gracefulShutdown(options: {
  http: FastifyInstance;
  timeoutMs: number;
  /**
   * Everything to finish before exiting, in order. `connectionsClosed` resolves once every request in
   * flight has been answered and every connection has ended; `http.close()` belongs after it.
   */
  steps: (connectionsClosed: Promise<void>) => Promise<void>;
  exit?: (code: number) => void;
}): Shutdown {
  const { http, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  return (signal) => {
    if (stopping) {
      http.log.warn({ signal }, 'second stop signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    http.log.info({ signal, timeoutMs }, 'shutting down');
    // No new connections from here on; the open ones finish their requests, idle keep-alives end now.
    const connectionsClosed = new Promise<void>((resolve) => http.server.close(() => resolve()));
    http.server.closeIdleConnections();
    for (const client of http.websocketServer?.clients ?? []) {
      client.close(RESTART_CLOSE_CODE, 'Server restarting: reconnect');
    }
    const timer = setTimeout(() => {
      http.log.warn({ timeoutMs }, 'shutdown took too long: exiting with requests or sockets still open');
      exit(1);
    }, timeoutMs);
    options.steps(connectionsClosed).then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        http.log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
}
