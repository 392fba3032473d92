import { useTranslation } from 'react-i18next';
import styles from './ResultsPage.module.css';

/** Whether results shown are official (approved by the commissaires) or may still change. */
export function StateBadge({ state }: { state: 'provisional' | 'official' }) {
  const { t } = useTranslation('results');
  return (
    <span
      className={`badge ${state === 'official' ? styles.official : styles.provisional}`}
      title={state === 'official' ? t('state.officialHint') : t('state.provisionalHint')}
    >
      {t(`state.${state}`)}
    </span>
  );
}
