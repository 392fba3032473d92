import type { JsMsg } from '@nats-io/jetstream';
import type { FixBatch } from './bus.ts';
import type { FixDeadLetters } from './fix-dead-letters.ts';

export interface ConsumeFixesOptions {
  /** Deliveries after which a batch whose error `isPoison` goes to the dead-letter stream (default 5). */
  maxDeliveries?: number;
  /** Whether an error is the batch's own (it would fail again) rather than an outage; default: every error. */
  isPoison?: (error: unknown) => boolean;
}

/**
 * One message of the fixes stream as the persistence consumer handles it: stored through `handler`
 * and acknowledged; a batch that fails for its own content (`isPoison`) `maxDeliveries` times, or is
 * not JSON, is set aside in the dead-letter stream with its error; anything else (an outage) is
 * redelivered with a backoff, for as long as the stream keeps it.
 */
export function storeFixesMessage(
  msg: JsMsg,
  handler: (batch: FixBatch) => Promise<void>,
  context: {
    deadLetters: FixDeadLetters;
    onError: (error: unknown, context: string) => void;
    maxDeliveries: number;
    isPoison: (error: unknown) => boolean;
  },
): void {
  const { deadLetters, onError, maxDeliveries, isPoison } = context;
  const deliveries = msg.info.deliveryCount;
  const deadLetter = (error: unknown, batch: FixBatch | null) =>
    deadLetters
      .put({
        at: new Date().toISOString(),
        deliveries,
        error: reasonOf(error),
        raceId: typeof batch?.raceId === 'string' ? batch.raceId : null,
        registrationId: typeof batch?.registrationId === 'string' ? batch.registrationId : null,
        fixes: Array.isArray(batch?.fixes) ? batch.fixes.length : 0,
        batch: msg.string(),
      })
      .then(
        () => msg.term(`dead-lettered: ${String(error)}`.slice(0, 200)),
        (failed: unknown) => {
          // Not stored as a dead letter either: keep it in the fixes stream and try again.
          onError(failed, 'dead-lettering a batch failed; redelivering');
          msg.nak(5000);
        },
      );
  let batch: FixBatch;
  try {
    batch = msg.json<FixBatch>();
  } catch (error) {
    onError(error, 'a fixes message that is not JSON: dead-lettered');
    void deadLetter(error, null);
    return;
  }
  handler(batch).then(
    () => msg.ack(),
    (error: unknown) => {
      // A batch the database refuses for its own content fails the same way every time: after
      // `maxDeliveries` it is set aside. An outage is not the batch's fault: it waits for the
      // database, redelivered for as long as the fixes stream keeps it.
      if (isPoison(error) && deliveries >= maxDeliveries) {
        onError(error, `storing fixes failed ${deliveries} times; dead-lettered`);
        void deadLetter(error, batch);
        return;
      }
      onError(error, 'storing fixes failed; redelivering');
      // Back off with the number of attempts, up to 5 s, so a database outage is not hammered.
      msg.nak(Math.min(5000, 250 * deliveries));
    },
  );
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
