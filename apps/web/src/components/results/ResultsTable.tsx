import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ResultsTab } from '../../api/results-types.ts';
import { formatDuration } from '../../format/format.ts';
import tables from '../race/tables.module.css';
import styles from './ResultsTable.module.css';
import {
  type AnyResultRow,
  hasHundredths,
  resultColumns,
  splitPoints,
  splitsHaveHundredths,
} from './results-view.ts';

const PAGE = 300;
const STATUSES = ['DNF', 'DNS', 'DSQ', 'OTL', 'PUL', 'ELIM'] as const;

export interface ResultsTableProps {
  tab: ResultsTab;
  rows: AnyResultRow[];
  caption: string;
  /** How the format's rules show times, as the stage results say; guessed from the times otherwise. */
  precision?: 'seconds' | 'hundredths' | undefined;
  /** A column of each row's place in the ranking asked for (a stage result narrowed to one). */
  place?: { label: string; of: (row: AnyResultRow) => number | null } | null;
}

/** Gap behind the first: blank for the winner, "s.t." for the same time, hundredths when timed so. */
export function formatResultGap(row: AnyResultRow, hundredths: boolean): string {
  if (row.gap === null || row.gap === undefined) return '–';
  if (row.rank === 1 && row.gap === 0) return '';
  if (hundredths) return row.gap === 0 ? 's.t.' : `+${formatDuration(row.gap, true)}`;
  return Math.round(row.gap) === 0 ? 's.t.' : `+${formatDuration(row.gap)}`;
}

/**
 * A results table: rank (and the place in the ranking asked for), bib, rider (their page, by the registration id the row carries), team, time,
 * gap, points where counted, status, then on a stage result each timing point's split (time and rank
 * there).
 */
export function ResultsTable({ tab, rows, caption, precision, place }: ResultsTableProps) {
  const { t } = useTranslation('results');
  const [limit, setLimit] = useState(PAGE);
  const columns = resultColumns(tab, rows);
  const hundredths = precision === undefined ? hasHundredths(rows) : precision === 'hundredths';
  const points = tab === 'stage' ? splitPoints(rows) : [];
  // Splits follow the format's precision when the stage results give it; guessed from the times otherwise.
  const splitHundredths = precision === undefined ? splitsHaveHundredths(rows) : precision === 'hundredths';
  const status = (value: string | null) => {
    if (!value) return '';
    const known = STATUSES.find((s) => s === value);
    return known ? <abbr title={t(`status.${known}`)}>{value}</abbr> : value;
  };
  return (
    <>
      <div className={tables.scroll}>
        <table data-testid="results-table" className={styles.table}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('columns.rank')}
              </th>
              {place && (
                <th scope="col" className="num">
                  {place.label}
                </th>
              )}
              {columns.bib && (
                <th scope="col" className="num">
                  {t('columns.bib')}
                </th>
              )}
              {columns.rider && <th scope="col">{t('columns.rider')}</th>}
              <th scope="col" className={columns.rider ? styles.teamCol : undefined}>
                {t('columns.team')}
              </th>
              {columns.laps && (
                <th scope="col" className="num">
                  {t('columns.laps')}
                </th>
              )}
              {columns.time && (
                <th scope="col" className="num">
                  {t('columns.time')}
                </th>
              )}
              {columns.gap && (
                <th scope="col" className="num">
                  {t('columns.gap')}
                </th>
              )}
              {columns.points && (
                <th scope="col" className="num">
                  {t('columns.points')}
                </th>
              )}
              <th scope="col">{t('columns.status')}</th>
              {points.map((point) => (
                <th key={point.checkpointId} scope="col" className="num">
                  {t('columns.split', { name: point.name })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((row) => {
              return (
                <tr
                  key={row.registrationId ?? `${row.bib ?? ''}|${row.team ?? ''}|${row.rider ?? ''}`}
                  data-bib={row.bib ?? undefined}
                  className={row.status ? styles.out : undefined}
                >
                  <td className="num">{row.rank ?? '–'}</td>
                  {place && <td className="num">{place.of(row) ?? '–'}</td>}
                  {columns.bib && <td className="num">{row.bib ?? ''}</td>}
                  {columns.rider && (
                    <td className={styles.rider}>
                      {row.registrationId ? (
                        <Link to={`/riders/${row.registrationId}`}>{row.rider}</Link>
                      ) : (
                        row.rider
                      )}
                      {row.team && <span className={styles.teamInline}>{row.team}</span>}
                    </td>
                  )}
                  <td className={`${styles.team} ${columns.rider ? styles.teamCol : ''}`}>
                    {row.team ?? '–'}
                  </td>
                  {columns.laps && (
                    <td className="num">
                      {row.laps ?? '–'}
                      {row.lapsDown ? (
                        <span className={styles.down}> {t('lapsDown', { count: row.lapsDown })}</span>
                      ) : null}
                    </td>
                  )}
                  {columns.time && (
                    <td className="num">{row.time === null ? '' : formatDuration(row.time, hundredths)}</td>
                  )}
                  {columns.gap && (
                    <td className="num">{row.status ? '' : formatResultGap(row, hundredths)}</td>
                  )}
                  {columns.points && <td className="num">{row.points ?? ''}</td>}
                  <td>{status(row.status)}</td>
                  {points.map((point) => {
                    const split = row.splits?.find((s) => s.checkpointId === point.checkpointId);
                    return (
                      <td key={point.checkpointId} className="num">
                        {split
                          ? t('splitCell', {
                              time: formatDuration(split.time, splitHundredths),
                              rank: split.rank,
                            })
                          : '–'}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > limit && (
        <button type="button" className={styles.more} onClick={() => setLimit((value) => value + PAGE)}>
          {t('more', { count: Math.min(PAGE, rows.length - limit) })}
        </button>
      )}
    </>
  );
}
