/** The leaderboard's columns, in order; `data-col` names are stable hooks for browser tests. */
export const FULL_COLUMNS = ['rank', 'bib', 'name', 'team', 'gap', 'speed', 'togo', 'eta', 'age'] as const;
export const COMPACT_COLUMNS = ['rank', 'bib', 'name', 'gap', 'togo', 'age'] as const;
export type Column = (typeof FULL_COLUMNS)[number];

const WIDTHS: Record<Column, string> = {
  rank: '2.25rem',
  bib: '3.5rem',
  name: 'minmax(10rem, 2.5fr)',
  team: 'minmax(5rem, 1fr)',
  gap: '4rem',
  speed: '3.5rem',
  togo: '4.25rem',
  eta: '3.5rem',
  age: '3.5rem',
};

/** CSS grid columns for a row: the follow star first when riders can be followed. */
export function gridTemplate(columns: readonly Column[], withFollow: boolean): string {
  return [withFollow ? '2.25rem' : null, ...columns.map((column) => WIDTHS[column])]
    .filter(Boolean)
    .join(' ');
}
