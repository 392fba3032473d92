import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import styles from './HomePage.module.css';

/** Newer / older pages of the past races, as links (each page has its own shareable address). */
export function PastPager({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  const { t } = useTranslation('home');
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={t('past.pages')} className={styles.pager}>
      {page > 0 ? <Link to={href(page - 1)}>← {t('past.previous')}</Link> : <span />}
      <span aria-current="page">{t('past.page', { page: page + 1, pages: pageCount })}</span>
      {page + 1 < pageCount ? <Link to={href(page + 1)}>{t('past.next')} →</Link> : <span />}
    </nav>
  );
}
