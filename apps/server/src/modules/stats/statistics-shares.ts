import type { Db } from '../../db/client.ts';
import type { CourseCandidate } from './course-records.ts';
import { StatisticsSharesRepository } from './statistics-shares.repository.ts';
import type { RaceRow } from './stats.repository.ts';

/** One race's share of the all-time statistics. */
export interface RaceShare {
  riders: number;
  finishers: number;
  year: number | null;
  /** Each stage's course-record candidate with only its best line (bestLine in course-records.ts). */
  candidates: CourseCandidate[];
}

/**
 * Each public finished race's share of the all-time statistics, stored with the basis it was computed
 * on (StatisticsSharesRepository.basesOf), so that after a restart, or in another process, the
 * statistics read 50 small rows instead of 50 races' results. A share is computed again when its basis
 * moved: the race's results or classifications were stored again, the race row, a stage or a course
 * changed. Seen in the database, so every process sees it, whatever change events it missed.
 */
export class StatisticsShares {
  private readonly repo: StatisticsSharesRepository;
  private readonly onError: (error: unknown) => void;
  /** Bumped by every change heard of a race (`versions`) or of anything (`allVersion`). */
  private readonly versions = new Map<string, number>();
  private allVersion = 0;

  constructor(db: Db, onError: (error: unknown) => void = () => {}) {
    this.repo = new StatisticsSharesRepository(db);
    this.onError = onError;
  }

  /** The races' shares in their order: stored ones whose basis holds, the others computed and stored. */
  async of(races: readonly RaceRow[], compute: (race: RaceRow) => Promise<RaceShare>): Promise<RaceShare[]> {
    const heard = new Map(races.map((r) => [r.id, this.versions.get(r.id) ?? 0]));
    const all = this.allVersion;
    // The bases are read before anything is computed: a change after them moves the basis again.
    const [bases, stored] = await Promise.all([
      this.repo.basesOf(races),
      this.repo.ofRaces(races.map((r) => r.id)),
    ]);
    const out: RaceShare[] = [];
    for (const race of races) {
      let basis = bases.get(race.id) ?? null;
      const kept = stored.get(race.id);
      if (basis !== null && kept?.basis === basis) {
        out.push(kept.share as unknown as RaceShare);
        continue;
      }
      let share = await compute(race);
      if (basis === null) {
        // Its results were stale: computing brought them up to date. Computed once more on the basis
        // read now, so that what is stored was read after its basis (never older results on a newer one).
        basis = (await this.repo.basesOf([race])).get(race.id) ?? null;
        if (basis !== null) share = await compute(race);
      }
      out.push(share);
      // Not stored on stale results, nor when a change of the race was heard meanwhile.
      const unchanged = heard.get(race.id) === (this.versions.get(race.id) ?? 0) && all === this.allVersion;
      if (basis !== null && unchanged) {
        await this.repo.save(race.id, basis, share as unknown as Record<string, unknown>).catch(this.onError);
      }
    }
    return out;
  }

  /**
   * A race changed (null: anything may have). The stored shares stay: what a change can touch of a
   * share moves its basis. A share computed meanwhile is not stored (it may have read the old rows).
   */
  forget(raceId: string | null): void {
    if (raceId === null) this.allVersion++;
    else this.versions.set(raceId, (this.versions.get(raceId) ?? 0) + 1);
  }
}
