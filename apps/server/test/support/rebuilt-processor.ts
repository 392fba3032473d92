import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../src/db/client.ts';
import { type Bus, LocalBus } from '../../src/live/bus.ts';
import { LiveRepository } from '../../src/live/live.repository.ts';
import { LiveProcessor } from '../../src/live/processor.ts';
import { IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => silent,
} as unknown as FastifyBaseLogger;

/**
 * A second live processor on the app's database, as after a restart: it rebuilds every running stage
 * from what is stored. It never ticks on its own (the test calls `tick`); stop it when done.
 */
export function processorOn(
  db: Db,
  options: { live?: LiveRepository; bus?: Bus } = {},
): { processor: LiveProcessor; bus: Bus } {
  const bus = options.bus ?? new LocalBus();
  const processor = new LiveProcessor(
    options.live ?? new LiveRepository(db),
    new IngestRepository(db),
    bus,
    { tickMs: 60_000, settings: {} },
    silent,
  );
  return { processor, bus };
}

/** A stage's snapshot as a processor started now on the same database builds it; null if it cannot. */
export async function snapshotAfterRestart(db: Db, stageId: string): Promise<string | null> {
  const { processor } = processorOn(db);
  await processor.start();
  try {
    return processor.snapshot(stageId);
  } finally {
    processor.stop();
  }
}
