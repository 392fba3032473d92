/** The leaderboard's columns, in order; `data-col` names are stable hooks for browser tests. */
export const FULL_COLUMNS = ['rank', 'bib', 'name', 'team', 'gap', 'speed', 'togo', 'eta', 'age'] as const;
export const COMPACT_COLUMNS = ['rank', 'bib', 'name', 'gap', 'togo', 'age'] as const;
export type Column = (typeof FULL_COLUMNS)[number];

/**
 * Each number column fits its longest usual value at the leaderboard's font (0.9rem, tabular figures,
 * as wide as DejaVu Sans draws them) and the cell's padding (4 px each side, so that neighbouring values
 * stand 8 px apart and never run together): a rank or bib of four digits, a gap of hours ("+1:23:45"), a
 * speed ("43.0"), a distance to go past 100 km ("103.3 km"), a clock ("12:34"), a fix age under an hour
 * ("59 min"; older ones end with an ellipsis, the row's "last seen" says it whole). Name and team share
 * what is left; a list narrower than the row scrolls sideways.
 */
const WIDTHS: Record<Column, string> = {
  rank: '3.75rem',
  bib: '4rem',
  name: 'minmax(10rem, 2.5fr)',
  team: 'minmax(5rem, 1fr)',
  gap: '5rem',
  speed: '3.25rem',
  togo: '5rem',
  eta: '3.25rem',
  age: '3.75rem',
};

/** CSS grid columns for a row: the follow star first when riders can be followed. */
export function gridTemplate(columns: readonly Column[], withFollow: boolean): string {
  return [withFollow ? '2.25rem' : null, ...columns.map((column) => WIDTHS[column])]
    .filter(Boolean)
    .join(' ');
}
