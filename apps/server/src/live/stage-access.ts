import type { Actor } from '../modules/auth/actor.ts';
import { canViewRace } from '../modules/races/race-policy.ts';
import type { ControlEvent } from './bus.ts';

/** What deciding who may watch a stage needs: its race's owner, visibility, status and staff. */
export interface StageAccessFacts {
  raceId: string;
  ownerId: string;
  visibility: string;
  status: string;
  staffIds: readonly string[];
}

/** Reads a stage's access facts from the database; null when there is no such stage. */
export type StageAccessLoader = (stageId: string) => Promise<StageAccessFacts | null>;

export interface StageAccessOptions {
  /** How long an answer is trusted without an event saying it changed: a guard against a lost event. */
  ttlMs?: number;
  /**
   * How long "no such stage" is remembered, so a crowd asking for a wrong id does not hammer the
   * database; also how long a known answer is kept before the database is tried again during an outage.
   */
  missingTtlMs?: number;
  now?: () => number;
  /** At most this many stages are remembered (ids sent by anyone, real or not); the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  facts: StageAccessFacts | null;
  expiresAt: number;
}

/**
 * Who may watch a stage, for the live gateway. Every spectator's subscribe asks; a reconnecting crowd
 * (a gateway restarted, a phone network back) asks thousands of times a second, so the answer is kept
 * per stage and the database is read once per stage, not once per spectator. A race whose visibility,
 * status or staff changes says so on the bus (`race-access`, `status`), which drops its stages at once:
 * a race made private refuses its next subscriber. While the database is unreachable, the last known
 * answer is still given, so spectators keep watching through an outage.
 */
export class StageAccessCache {
  private readonly load: StageAccessLoader;
  private readonly ttlMs: number;
  private readonly missingTtlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<StageAccessFacts | null>>();
  /** Bumped by every invalidation: a load that started before one must not store what it read. */
  private invalidations = 0;

  constructor(load: StageAccessLoader, options: StageAccessOptions = {}) {
    this.load = load;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.missingTtlMs = options.missingTtlMs ?? 5_000;
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Whether `actor` may watch the stage: false for a stage that does not exist or they may not see. */
  async canView(actor: Actor | null, stageId: string): Promise<boolean> {
    const facts = await this.facts(stageId);
    return facts !== null && canViewRace(actor, facts);
  }

  /** Forgets what is known of a race's stages; the next question reads the database again. */
  forgetRace(raceId: string): void {
    this.invalidations += 1;
    for (const [stageId, entry] of this.entries) {
      if (entry.facts?.raceId === raceId) this.entries.delete(stageId);
    }
  }

  /** The control events that change who may watch: a race's details or staff, and its status. */
  onControl(event: ControlEvent): void {
    if (event.type === 'race-access' || event.type === 'status') this.forgetRace(event.raceId);
  }

  private async facts(stageId: string): Promise<StageAccessFacts | null> {
    const entry = this.entries.get(stageId);
    if (entry && entry.expiresAt > this.now()) return entry.facts;
    try {
      return await this.refresh(stageId);
    } catch (error) {
      // The database is unreachable: the last answer stands (events would have dropped it had it changed),
      // and is not asked again for a few seconds, so subscribers get it at once instead of a timeout each.
      // An entry an event dropped meanwhile is not brought back.
      if (!entry?.facts || this.entries.get(stageId) !== entry) throw error;
      entry.expiresAt = this.now() + this.missingTtlMs;
      return entry.facts;
    }
  }

  /** One read per stage however many spectators ask at once. */
  private refresh(stageId: string): Promise<StageAccessFacts | null> {
    const inFlight = this.pending.get(stageId);
    if (inFlight) return inFlight;
    const before = this.invalidations;
    const promise = this.load(stageId)
      .then((facts) => {
        if (this.invalidations === before) {
          const ttl = facts ? this.ttlMs : this.missingTtlMs;
          this.entries.delete(stageId);
          this.entries.set(stageId, { facts, expiresAt: this.now() + ttl });
          // Insertion order is age: a crowd sending made-up ids cannot grow the map without bound.
          if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        }
        return facts;
      })
      .finally(() => this.pending.delete(stageId));
    this.pending.set(stageId, promise);
    return promise;
  }
}
