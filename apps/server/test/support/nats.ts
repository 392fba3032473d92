import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsBus } from '../../src/live/nats-bus.ts';

/** The machine's NATS with JetStream; TEST_NATS_URL overrides it. */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

async function natsProblem(): Promise<string | null> {
  let nc: NatsConnection | null = null;
  try {
    nc = await connect({ servers: TEST_NATS_URL, timeout: 3000, reconnect: false });
    // Reachable is not enough: a server started without -js answers every JetStream call with an error.
    await (await jetstreamManager(nc)).getAccountInfo();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await nc?.close().catch(() => {});
  }
}

/**
 * Whether the NATS suites can run. Outside CI an unreachable NATS (or one without JetStream) skips them
 * with a message; with CI=true it fails the run, because a skipped suite must not pass for a green one.
 */
export const natsUnavailable: string | null = await (async () => {
  const problem = await natsProblem();
  if (problem === null) return null;
  const message = `NATS JetStream at ${TEST_NATS_URL} is unavailable (${problem})`;
  if (process.env.CI === 'true') throw new Error(`${message}; the NATS suites are mandatory in CI`);
  console.warn(`Skipping the NATS suites: ${message}`);
  return message;
})();

/** A prefix for this test file's subjects, streams and buckets, so runs (and files) never meet. */
export function uniquePrefix(): string {
  return `echelon_t${randomBytes(5).toString('hex')}`;
}

/** Removes every stream (KV buckets are streams named KV_<bucket>) whose name contains `prefix`. */
export async function deleteStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const needle = prefix.toUpperCase();
    for await (const name of jsm.streams.names()) {
      if (name.toUpperCase().includes(needle)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}

/** Polls until `check` holds, or fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Buses of one test file on the machine's NATS, each standing for a process (an ingest and a processor,
 * two gateways, two api processes): a prefix no other file or run shares, the errors the buses report,
 * and `close` for all of them and the prefix's streams.
 */
export class NatsProcesses {
  readonly prefix = uniquePrefix();
  readonly errors: unknown[] = [];
  readonly #buses: NatsBus[] = [];

  /** Another process's bus. */
  async open(): Promise<NatsBus> {
    const bus = await NatsBus.connect({
      servers: TEST_NATS_URL,
      prefix: this.prefix,
      onError: (error) => this.errors.push(error),
    });
    this.#buses.push(bus);
    return bus;
  }

  async close(): Promise<void> {
    for (const bus of this.#buses) await bus.close();
    await deleteStreams(this.prefix);
  }
}
