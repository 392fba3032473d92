/**
 * A registration's wave must be one a stage of its race defines: results find a rider's wave start by
 * its exact name, so a typo would silently time a gran fondo rider from the first wave's gun.
 */

/** Why `wave` is refused given the race's wave names, or null when it is fine (none given, or known). */
export function unknownWave(wave: string | null | undefined, known: ReadonlySet<string>): string | null {
  if (wave === null || wave === undefined || known.has(wave)) return null;
  if (known.size === 0) {
    return `wave "${wave}" is not defined: no stage of this race has waves (add them to a stage first, or leave the wave empty)`;
  }
  return `wave "${wave}" is not a wave of this race (${[...known].sort().join(', ')})`;
}
