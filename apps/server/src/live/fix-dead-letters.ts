import type { FixDeadLetter } from '@echelon/contracts';
import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The dead-letter stream of the fixes stream: a batch the persistence consumer could not store after a
 * bounded number of deliveries is kept here with its error (the phone was told "accepted", so it must not
 * vanish), counted in /metrics and listed for an admin, instead of being redelivered until the fixes
 * stream ages it out.
 */
export class FixDeadLetters {
  readonly stream: string;
  private readonly subject: string;
  private readonly js: JetStreamClient;
  private readonly jsm: () => Promise<JetStreamManager>;

  constructor(js: JetStreamClient, jsm: () => Promise<JetStreamManager>, prefix: string, stream: string) {
    this.js = js;
    this.jsm = jsm;
    this.subject = `${prefix}.deadletter.fixes`;
    this.stream = stream;
  }

  /** The stream's settings: kept a month, so an operator back from a weekend still finds them. */
  config(replicas: number) {
    return {
      name: this.stream,
      subjects: [this.subject],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * DAY_MS),
      num_replicas: replicas,
    };
  }

  /** Resolves once the dead letter is stored: only then may the original be terminated. */
  async put(letter: Omit<FixDeadLetter, 'seq'>): Promise<void> {
    await this.js.publish(this.subject, JSON.stringify(letter));
  }

  async count(): Promise<number> {
    const info = await (await this.jsm()).streams.info(this.stream);
    return info.state.messages;
  }

  /** The newest `limit` dead letters, newest first. */
  async list(limit: number): Promise<FixDeadLetter[]> {
    const jsm = await this.jsm();
    const { state } = await jsm.streams.info(this.stream);
    const letters: FixDeadLetter[] = [];
    for (
      let seq = state.last_seq;
      seq >= state.first_seq && letters.length < limit && state.messages > 0;
      seq--
    ) {
      const stored = await jsm.streams.getMessage(this.stream, { seq }).catch(() => null);
      if (stored) letters.push({ ...(stored.json() as Omit<FixDeadLetter, 'seq'>), seq });
    }
    return letters;
  }
}
