import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LiveRaceCard } from '../../components/race/LiveRaceCard.tsx';
import cardStyles from '../../components/race/RaceCard.module.css';
import { RaceCard } from '../../components/race/RaceCard.tsx';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { SearchBox } from '../../components/search/SearchBox.tsx';
import styles from './HomePage.module.css';
import { PastPager } from './PastPager.tsx';
import { useHomeRaces } from './use-home-races.ts';

/** The front door: races live now, the ones coming up, and the archive, with a search over all of them. */
export default function HomePage() {
  const { t } = useTranslation('home');
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const page = Math.max(0, (Number.parseInt(params.get('page') ?? '1', 10) || 1) - 1);
  const races = useHomeRaces(q, page);

  useEffect(() => {
    document.title = `${t('title')} · Echelon`;
  }, [t]);

  const search = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    next.delete('page');
    setParams(next);
  };
  const goToPage = (n: number) => {
    const next = new URLSearchParams(params);
    if (n > 0) next.set('page', String(n + 1));
    else next.delete('page');
    return `?${next.toString()}`;
  };

  const count = races.live.length + races.upcoming.length + races.past.total;
  const nothing = races.ready && !races.error && count === 0;

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.title}>{t('title')}</h1>
        <p className={styles.intro}>{t('intro')}</p>
        <SearchBox
          label={t('search.label')}
          placeholder={t('search.placeholder')}
          hint={t('search.hint')}
          value={q}
          onSearch={search}
        />
        <p className="visually-hidden" role="status" aria-live="polite">
          {q && races.ready ? t('search.matches', { count, query: q }) : ''}
        </p>
      </header>

      {races.error && <ErrorNotice error={races.error} onRetry={races.reload} />}
      {!races.ready && !races.error && <Loading />}

      {nothing &&
        (q ? (
          <section className="notice" aria-labelledby="home-empty">
            <h2 id="home-empty">{t('empty.heading')}</h2>
            <p>{t('empty.noMatch', { query: q })}</p>
            <button type="button" onClick={() => search('')}>
              {t('search.clear')}
            </button>
          </section>
        ) : (
          <section className={`notice ${styles.empty}`} aria-labelledby="home-empty">
            <h2 id="home-empty">{t('empty.heading')}</h2>
            <p>{t('empty.spectator')}</p>
            <p>{t('empty.organiser')}</p>
            <p className={styles.emptyActions}>
              <Link to="/signin">{t('empty.signIn')}</Link>
              <a href="/api/docs">{t('empty.api')}</a>
            </p>
          </section>
        ))}

      {races.ready && races.live.length > 0 && (
        <section aria-labelledby="home-live" className={styles.section}>
          <h2 id="home-live" className={styles.liveHeading}>
            <span className="badge badge-live">{t('live.heading')}</span>
          </h2>
          <ul className={cardStyles.grid}>
            {races.live.map((race) => (
              <li key={race.id}>
                <LiveRaceCard race={race} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {races.ready && !nothing && (
        <section aria-labelledby="home-upcoming" className={styles.section}>
          <h2 id="home-upcoming">{t('upcoming.heading')}</h2>
          {races.upcoming.length === 0 ? (
            <p className="status-line">{t('upcoming.none')}</p>
          ) : (
            <ul className={cardStyles.grid}>
              {races.upcoming.map((race) => (
                <li key={race.id}>
                  <RaceCard race={race} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {races.ready && !nothing && (
        <section aria-labelledby="home-past" className={styles.section}>
          <h2 id="home-past">{t('past.heading')}</h2>
          {races.past.items.length === 0 ? (
            <p className="status-line">{t('past.none')}</p>
          ) : (
            <ul className={cardStyles.grid}>
              {races.past.items.map((race) => (
                <li key={race.id}>
                  <RaceCard race={race}>
                    <Link className={cardStyles.secondary} to={`/races/${race.id}/results`}>
                      {t('card.results')}
                    </Link>
                  </RaceCard>
                </li>
              ))}
            </ul>
          )}
          <PastPager page={page} pageCount={races.past.pageCount} href={goToPage} />
        </section>
      )}
    </div>
  );
}
