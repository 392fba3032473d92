/**
 * A registration's wave must be one every stage starting in waves defines: results look a rider's
 * wave start up on each stage by its exact name, so a typo, or a wave one stage lacks, would silently
 * time a gran fondo rider from that stage's first gun.
 */

/** The race's stages' waves as far as a registration cares. */
export interface RaceWaves {
  /** Whether any stage of the race starts in waves. */
  anyStage: boolean;
  /** The names every stage with waves defines. */
  common: ReadonlySet<string>;
}

/** The waves a registration may name, from each stage's wave names (stages without waves left out). */
export function raceWaves(stageWaveNames: ReadonlyArray<readonly string[]>): RaceWaves {
  const staged = stageWaveNames.filter((names) => names.length > 0);
  if (staged.length === 0) return { anyStage: false, common: new Set() };
  const [first, ...rest] = staged;
  const common = new Set(first!.filter((name) => rest.every((names) => names.includes(name))));
  return { anyStage: true, common };
}

/** Why `wave` is refused given the race's waves, or null when it is fine (none given, or known). */
export function unknownWave(wave: string | null | undefined, waves: RaceWaves): string | null {
  if (wave === null || wave === undefined || waves.common.has(wave)) return null;
  if (!waves.anyStage) {
    return `wave "${wave}" is not defined: no stage of this race has waves (add them to a stage first, or leave the wave empty)`;
  }
  const known = [...waves.common].sort().join(', ') || 'none in common';
  return `wave "${wave}" is not a wave of every stage that starts in waves (${known})`;
}
