import { useTranslation } from 'react-i18next';
import styles from './Follow.module.css';

/** The star that follows a rider: a real toggle button, its state in `aria-pressed`. */
export function FollowButton({
  bib,
  name,
  followed,
  onToggle,
}: {
  bib: number;
  name: string;
  followed: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation('live');
  const label = followed ? t('follow.unfollow', { name }) : t('follow.follow', { name });
  return (
    <button
      type="button"
      className={styles.star}
      aria-pressed={followed}
      data-follow-bib={bib}
      aria-label={label}
      title={label}
      onClick={onToggle}
    >
      <span aria-hidden="true">{followed ? '★' : '☆'}</span>
    </button>
  );
}
