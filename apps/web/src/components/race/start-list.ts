/** Searching and sorting a start list (bib, name, team), as a spectator looks a rider up. */
import type { RegistrationView } from '../../api/types.ts';

export type StartListSort = 'bib' | 'name' | 'team';
export type SortDirection = 'asc' | 'desc';

/** Lower case without accents, so "zoe" finds "Zoé". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

export function riderName(rider: Pick<RegistrationView, 'firstName' | 'lastName'>): string {
  return `${rider.firstName} ${rider.lastName}`;
}

/** Riders whose bib starts with the query's digits, or whose name or team contains every word of it. */
export function searchStartList<T extends RegistrationView>(riders: readonly T[], query: string): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...riders];
  return riders.filter((rider) => {
    if (words.length === 1 && /^\d+$/.test(words[0]!) && String(rider.bib).startsWith(words[0]!)) return true;
    const text = fold(`${riderName(rider)} ${rider.team ?? ''} ${rider.bib}`);
    return words.every((word) => text.includes(word));
  });
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Sorted by bib, by name (family name first) or by team (riders without a team last), then bib. */
export function sortStartList<T extends RegistrationView>(
  riders: readonly T[],
  key: StartListSort,
  direction: SortDirection = 'asc',
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (a: T, b: T): number => {
    if (key === 'name') {
      return (
        sign * (collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName)) ||
        a.bib - b.bib
      );
    }
    if (key === 'team') {
      if (a.team === null && b.team !== null) return 1;
      if (b.team === null && a.team !== null) return -1;
      return sign * collator.compare(a.team ?? '', b.team ?? '') || a.bib - b.bib;
    }
    return sign * (a.bib - b.bib);
  };
  return [...riders].sort(compare);
}
