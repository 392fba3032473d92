import type { ProblemItem } from '../../http/problem.ts';

/**
 * Which waves a stage edit may take away from riders registered in them.
 *
 * Results time a gran fondo rider on a stage from *that stage's* wave of the name on their registration,
 * else from the wave holding their category, else from the stage's start (results/mass-results.ts,
 * `waveOf`). Waves are matched by name, stage by stage: another stage defining the name does nothing for
 * this one. So:
 * - a stage that starts in waves must keep a wave for every wave riders are in that it times rightly now
 *   (it defines it, or it had no waves and everyone started together): taking it away, or renaming it,
 *   would silently time those riders from another wave's start;
 * - a stage may drop all its waves (everyone starts with the gun, alike), as long as each wave riders
 *   are in stays defined by another stage: a registration's wave must be one the race defines.
 * A wave riders are in that the stage already lacked is left as it is: the edit does not make it worse.
 */

interface NamedWave {
  name: string;
}

export interface WavesChange {
  /** The stage's waves now. */
  before: readonly NamedWave[];
  /** The waves the edit would give it. */
  after: readonly NamedWave[];
  /** The wave names the race's other stages define. */
  elsewhere: ReadonlySet<string>;
}

/** How to move riders out of a wave: there is no rename that carries them along. */
const MOVE_THEM =
  'those riders to another wave first (edit their entries on the start list, or import the start list ' +
  'again with a wave column).';

/** How many bibs a detail lists before it just counts the rest: a big gran fondo has thousands. */
const BIBS_LISTED = 10;

/**
 * Whether the edit could leave riders behind at all, before asking who is in which wave: only by dropping
 * a wave the stage has, or by giving waves to a stage that had none.
 */
export function couldLeaveWavesBehind(change: Pick<WavesChange, 'before' | 'after'>): boolean {
  if (change.before.length === 0) return change.after.length > 0;
  const kept = new Set(change.after.map((wave) => wave.name));
  return change.before.some((wave) => !kept.has(wave.name));
}

/**
 * One problem (pointing at `/waves`) per wave the edit would take away from the riders in it, given the
 * bibs in each wave the new waves do not define (ascending); none when the edit is fine.
 */
export function wavesLeftBehind(change: WavesChange, ridersByWave: ReadonlyMap<string, readonly number[]>) {
  const defined = (waves: readonly NamedWave[], name: string) => waves.some((wave) => wave.name === name);
  const timedRightly = (waves: readonly NamedWave[], name: string) =>
    waves.length === 0 || defined(waves, name);
  const refused: ProblemItem[] = [];
  for (const [name, bibs] of [...ridersByWave].sort(([a], [b]) => a.localeCompare(b))) {
    if (bibs.length === 0 || defined(change.after, name)) continue;
    let detail: string | null = null;
    if (change.after.length > 0 && timedRightly(change.before, name)) {
      detail =
        change.before.length === 0
          ? `This stage cannot start in waves without "${name}": ${ridersIn(bibs)}, and results would time ` +
            `them on this stage from its own wave "${name}". Add it here too, or move ${MOVE_THEM}`
          : `Wave "${name}" cannot be removed or renamed: ${ridersIn(bibs)}, and results time them on each ` +
            `stage from that stage’s own wave "${name}"` +
            `${change.elsewhere.has(name) ? ' (another stage’s does not count)' : ''}. ` +
            `Keep it on this stage, or move ${MOVE_THEM}`;
    } else if (change.after.length === 0 && defined(change.before, name) && !change.elsewhere.has(name)) {
      detail =
        `Wave "${name}" cannot be removed: ${ridersIn(bibs)}, and no other stage of the race defines it, so ` +
        `they would be left in a wave the race does not have. Move ${MOVE_THEM}`;
    }
    if (detail) refused.push({ pointer: '/waves', detail });
  }
  return refused;
}

/** "3 riders are in it (bibs 4, 9, 12)", the bibs cut short after the first few. */
function ridersIn(bibs: readonly number[]): string {
  const listed = bibs.slice(0, BIBS_LISTED).join(', ');
  const more = bibs.length > BIBS_LISTED ? ` and ${bibs.length - BIBS_LISTED} more` : '';
  return bibs.length === 1
    ? `1 rider is in it (bib ${listed})`
    : `${bibs.length} riders are in it (bibs ${listed}${more})`;
}
