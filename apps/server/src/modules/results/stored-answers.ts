import type { Db } from '../../db/client.ts';
import { type EncodedBodies, encodeOnce } from '../../http/kept-encodings.ts';
import { StoredAnswersRepository } from './stored-answers.repository.ts';

/**
 * An answer's JSON as it is sent, and its body compressed once (null below the size worth it): read or
 * made when first asked for.
 */
export interface WholeAnswer {
  body: string;
  encoded: () => Promise<EncodedBodies | null>;
}

/**
 * Bumped when the code that builds a stored answer changes what it sends: answers stored by older code
 * are then built again (the basis names the data, not the code).
 */
const ANSWER_FORMAT = 1;

/**
 * The big public answers of a race — its unfiltered stage results, classifications and statistics, each
 * tens of milliseconds of work over 2,000 riders' stored lines (parsing them, the rankings, validating
 * and writing half a megabyte of JSON, compressing it) — stored whole once built, with the race's basis
 * they were built on (StoredAnswersRepository.basis). A read whose answer the process does not keep
 * (after a restart, in another process, after any change that dropped the kept answers) reads the
 * basis and the row in one statement, and sends the stored bytes and their stored compressions as
 * they are; one whose basis moved builds the answer again and stores it. The basis is read before the
 * answer is built, so an answer built while its race changed is stored on the old basis and never served.
 */
export class StoredAnswers {
  private readonly reads: StoredAnswersRepository;
  private readonly writes: StoredAnswersRepository;
  private readonly onError: (error: unknown) => void;

  constructor(db: Db, readDb: Db = db, onError: (error: unknown) => void = () => {}) {
    this.reads = new StoredAnswersRepository(readDb);
    this.writes = new StoredAnswersRepository(db);
    this.onError = onError;
  }

  /**
   * The answer named `key` about race `raceId`: as stored if its basis holds, else `build` (its JSON
   * exactly as the route would send it), stored off the request: its body, then its compressions.
   * `compressed`: the request accepts a compressed body, read then in the same statement as the body.
   */
  async answer(
    raceId: string,
    key: string,
    build: () => Promise<string>,
    compressed = false,
  ): Promise<WholeAnswer> {
    const prefix = `${ANSWER_FORMAT} ${new Date().getUTCFullYear()} `;
    const found = await this.reads.read(raceId, key, prefix, compressed);
    const basis = found.basis;
    if (basis !== null && found.body !== null) {
      const { body, encoded } = found;
      // Compressions not read with the body (not asked for, or not yet made) are read when first
      // needed (a kept answer's first compressed hit), and made again if another process has just
      // stored the answer on a newer basis.
      return {
        body,
        encoded: () =>
          encoded !== null
            ? Promise.resolve(encoded)
            : this.reads.encodings(key, basis).then((found) => found ?? encodeOnce(body).catch(() => null)),
      };
    }
    const body = await build();
    const encoded = encodeOnce(body).catch(() => null);
    if (basis !== null) {
      // The body at once, its compressions when made: compressing waits its turn on libuv's pool, and
      // reads meanwhile (bench reads on PGlite: every one of 30 back-to-back cold reads) would find
      // nothing stored and build the answer again. A read in between compresses the body itself.
      void this.writes
        .save(key, raceId, basis, body)
        .then(() => encoded)
        .then((bodies) => (bodies === null ? undefined : this.writes.saveEncodings(key, basis, bodies)))
        .catch((error) => this.onError(error));
    }
    return { body, encoded: () => encoded };
  }
}
