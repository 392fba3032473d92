import { useTranslation } from 'react-i18next';
import type { RiderFilter } from '../../live/leaderboard-rows.ts';
import styles from './LivePage.module.css';

/** Category (leaderboard and map) and name or bib search (leaderboard). */
export function RiderFilters({
  categories,
  filter,
  onChange,
  count,
}: {
  categories: readonly string[];
  filter: RiderFilter;
  onChange: (filter: RiderFilter) => void;
  count: number;
}) {
  const { t } = useTranslation('live');
  return (
    <search className={styles.filters} aria-label={t('filter.label')}>
      {categories.length > 0 && (
        <label>
          <span>{t('filter.category')}</span>
          <select
            value={filter.category}
            onChange={(event) => onChange({ ...filter, category: event.target.value })}
          >
            <option value="">{t('filter.allCategories')}</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className={styles.searchField}>
        <span>{t('filter.search')}</span>
        <input
          type="search"
          value={filter.search}
          onChange={(event) => onChange({ ...filter, search: event.target.value })}
          autoComplete="off"
        />
      </label>
      <output className={styles.muted} aria-live="polite">
        {t('leaderboard.count', { count })}
      </output>
    </search>
  );
}
