// Plausible start-list entries for simulated riders, drawn from a seeded generator.
import type { Rng } from './model/prng.ts';

const FIRST_M = [
  'Lucas',
  'Mathieu',
  'Thomas',
  'Julien',
  'Pierre',
  'Antoine',
  'Jonas',
  'Lars',
  'Matteo',
  'Marco',
  'Pablo',
  'Diego',
  'Tom',
  'Wout',
  'Remco',
  'Jasper',
  'Felix',
  'Max',
  'Oscar',
  'Hugo',
  'Samuel',
  'Tadej',
];
const FIRST_F = [
  'Marianne',
  'Lotte',
  'Demi',
  'Anna',
  'Elisa',
  'Pauline',
  'Juliette',
  'Katarzyna',
  'Lucia',
  'Sofia',
  'Chloé',
  'Emma',
  'Léa',
  'Nina',
  'Ingrid',
  'Marta',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Moreau',
  'Laurent',
  'Janssens',
  'Peeters',
  'de Vries',
  'van Dijk',
  'Rossi',
  'Bianchi',
  'Ferrari',
  'García',
  'Fernández',
  'López',
  'Müller',
  'Schmidt',
  'Hansen',
  'Nielsen',
  'Kowalski',
  'Novak',
  'Horvat',
  'Smith',
  'Walker',
  "O'Brien",
  'Costa',
  'Silva',
  'Lefèvre',
  'Girard',
  'Roux',
  'Fontaine',
  'Vidal',
  'Mercier',
  'Blanc',
];
const TEAMS = [
  'VC Dijon',
  'US Beaune Cyclisme',
  'AC Bisontine',
  'Team Côte d’Or',
  'Cycling Club Lyon',
  'Velo Club Gevrey',
  'Bourgogne Racing',
  'Jura Sport Cycle',
  'Team Alpen Velo',
  'Flandria Amateurs',
];
const NATIONS = ['FRA', 'FRA', 'FRA', 'FRA', 'BEL', 'NED', 'ITA', 'ESP', 'GER', 'SUI', 'DEN', 'GBR'];

export interface RiderEntry {
  bib: number;
  firstName: string;
  lastName: string;
  team: string;
  category: string;
  gender: 'M' | 'F';
  birthYear: number;
  nationality: string;
  deviceId: string;
}

/**
 * The device id a simulated rider's tracker app sends for the OsmAnd and OwnTracks protocols. It carries
 * the start of the race id: the server finds a rider by device id across all live races, so a plain
 * `sim-<bib>` would send bib 3 of one simulated race into another one running at the same time.
 */
export const deviceIdFor = (raceId: string, bib: number): string =>
  `sim-${raceId.replace(/[^\w]/g, '').slice(0, 8)}-${bib}`;

export function riderEntry(
  rng: Rng,
  raceId: string,
  bib: number,
  year = new Date().getUTCFullYear(),
): RiderEntry {
  const gender = rng.chance(0.2) ? 'F' : 'M';
  const age = rng.int(18, 62);
  const masters = age >= 40;
  return {
    bib,
    firstName: rng.pick(gender === 'F' ? FIRST_F : FIRST_M),
    lastName: rng.pick(LAST),
    team: rng.pick(TEAMS),
    category: `${masters ? 'MASTERS' : 'ELITE'}-${gender}`,
    gender,
    birthYear: year - age,
    nationality: rng.pick(NATIONS),
    deviceId: deviceIdFor(raceId, bib),
  };
}
