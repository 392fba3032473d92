import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RegistrationView } from '../../api/types.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import styles from './StartList.module.css';
import {
  riderName,
  type SortDirection,
  type StartListSort,
  searchStartList,
  sortStartList,
} from './start-list.ts';
import tables from './tables.module.css';

const PAGE = 200;

/** The riders of a race: searchable, sortable by bib, name or team; each name links to the rider's page. */
export function StartList({ riders }: { riders: RegistrationView[] }) {
  const { t } = useTranslation('race');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: StartListSort; direction: SortDirection }>({
    key: 'bib',
    direction: 'asc',
  });
  const [limit, setLimit] = useState(PAGE);
  const rows = useMemo(
    () => sortStartList(searchStartList(riders, search), sort.key, sort.direction),
    [riders, search, sort],
  );

  if (riders.length === 0) return <p className="status-line">{t('startList.none')}</p>;

  const header = (key: StartListSort, label: string) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <button
          type="button"
          className={styles.sort}
          onClick={() =>
            setSort((current) => ({
              key,
              direction: current.key === key && current.direction === 'asc' ? 'desc' : 'asc',
            }))
          }
        >
          {label}
          <span aria-hidden="true" className={styles.arrow}>
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className={styles.wrap}>
      <SearchBox
        label={t('startList.search')}
        placeholder={t('startList.searchPlaceholder')}
        value={search}
        onSearch={(value) => {
          setSearch(value);
          setLimit(PAGE);
        }}
        delayMs={150}
      />
      <p className="status-line" role="status" aria-live="polite">
        {search
          ? rows.length === 0
            ? t('startList.noMatch', { query: search })
            : t('startList.shown', { shown: rows.length, total: riders.length })
          : t('startList.count', { count: riders.length })}
      </p>
      {rows.length > 0 && (
        <div className={tables.scroll}>
          <table className={styles.table}>
            <caption className="visually-hidden">{t('startList.heading')}</caption>
            <thead>
              <tr>
                {header('bib', t('startList.bib'))}
                {header('name', t('startList.name'))}
                {header('team', t('startList.team'))}
                <th scope="col">{t('startList.category')}</th>
                <th scope="col">{t('startList.nationality')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, limit).map((rider) => (
                <tr key={rider.id} data-bib={rider.bib}>
                  <td className="num">{rider.bib}</td>
                  <td>
                    <Link to={`/riders/${rider.id}`}>{riderName(rider)}</Link>
                  </td>
                  <td>{rider.team ?? '–'}</td>
                  <td>{rider.category ?? '–'}</td>
                  <td>{rider.nationality ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > limit && (
        <button type="button" className={styles.more} onClick={() => setLimit((value) => value + PAGE)}>
          {t('startList.more', { count: Math.min(PAGE, rows.length - limit) })}
        </button>
      )}
    </div>
  );
}
