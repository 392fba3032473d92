import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '../../api/races-types.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import styles from './ResultsFilters.module.css';
import type { ResultsFilter } from './results-view.ts';

export interface ResultsFiltersProps {
  filter: ResultsFilter;
  categories: Pick<CategoryView, 'code' | 'name'>[];
  ageGroups: string[];
  /** Genders on the start list; the women's and men's rankings are offered when there are two or more. */
  genders: string[];
  /** Gender, category and age group mean nothing on the team classification. */
  showGroups: boolean;
  /** The rows are teams: the search finds teams. */
  teams?: boolean;
  onChange: (change: Partial<ResultsFilter>) => void;
  /** Fields that come first in the same row (the stage picker). */
  children?: React.ReactNode;
}

/** Gender, category and age-group pickers and the rider search, above the table. */
export function ResultsFilters({
  filter,
  categories,
  ageGroups,
  genders,
  showGroups,
  teams = false,
  onChange,
  children,
}: ResultsFiltersProps) {
  const { t } = useTranslation('results');
  const id = useId();
  const active = Boolean(filter.search || filter.gender || filter.category || filter.ageGroup);
  return (
    <fieldset className={styles.filters}>
      <legend className="visually-hidden">{t('filters.label')}</legend>
      {children}
      {showGroups && (genders.length > 1 || filter.gender) && (
        <div className={styles.field}>
          <label htmlFor={`${id}-gender`}>{t('filters.gender')}</label>
          <select
            id={`${id}-gender`}
            value={filter.gender}
            onChange={(event) => onChange({ gender: event.target.value })}
          >
            <option value="">{t('filters.allGenders')}</option>
            {genders.map((gender) => (
              <option key={gender} value={gender}>
                {t(`filters.genders.${gender as 'F' | 'M' | 'X'}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {showGroups && categories.length > 0 && (
        <div className={styles.field}>
          <label htmlFor={`${id}-category`}>{t('filters.category')}</label>
          <select
            id={`${id}-category`}
            value={filter.category}
            onChange={(event) => onChange({ category: event.target.value })}
          >
            <option value="">{t('filters.allCategories')}</option>
            {categories.map((category) => (
              <option key={category.code} value={category.code}>
                {category.name === category.code ? category.code : `${category.name} (${category.code})`}
              </option>
            ))}
          </select>
        </div>
      )}
      {showGroups && ageGroups.length > 0 && (
        <div className={styles.field}>
          <label htmlFor={`${id}-age`}>{t('filters.ageGroup')}</label>
          <select
            id={`${id}-age`}
            value={filter.ageGroup}
            onChange={(event) => onChange({ ageGroup: event.target.value })}
          >
            <option value="">{t('filters.allAgeGroups')}</option>
            {ageGroups.map((band) => (
              <option key={band} value={band}>
                {band}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className={styles.search}>
        <SearchBox
          label={teams ? t('filters.searchTeam') : t('filters.search')}
          placeholder={teams ? t('filters.searchTeamPlaceholder') : t('filters.searchPlaceholder')}
          value={filter.search}
          onSearch={(search) => onChange({ search })}
          delayMs={200}
        />
      </div>
      {active && (
        <button
          type="button"
          className={styles.clear}
          onClick={() => onChange({ search: '', gender: '', category: '', ageGroup: '' })}
        >
          {t('filters.clear')}
        </button>
      )}
    </fieldset>
  );
}
