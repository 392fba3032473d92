import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import { canBuildRaces, canUseBackOffice, isAdmin } from '../../admin/roles.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, NotFound } from '../../components/Status.tsx';
import styles from './admin.module.css';
import RaceListPage from './RaceListPage.tsx';

// Map, chart and live-feed screens are chunks of their own: the race list opens without them.
const WizardPage = lazy(() => import('./wizard/WizardPage.tsx'));
const RaceControlPage = lazy(() => import('./control/RaceControlPage.tsx'));
const ResultsDeskPage = lazy(() => import('./desk/ResultsDeskPage.tsx'));
const UsersPage = lazy(() => import('./users/UsersPage.tsx'));
const TokensPage = lazy(() => import('./users/TokensPage.tsx'));
const AdminStatisticsPage = lazy(() => import('./AdminStatisticsPage.tsx'));

/** The back office: visible by role; the server still decides race by race. */
export default function AdminPage() {
  const { t } = useTranslation('admin');
  const { session, known } = useSession();
  useEffect(() => {
    document.title = `${t('title')} · Echelon`;
  }, [t]);
  if (!known) return <Loading />;
  if (!canUseBackOffice(session)) {
    return (
      <section className="notice" aria-labelledby="not-allowed">
        <h1 id="not-allowed">{t('notAllowed.heading')}</h1>
        <p>{t('notAllowed.detail')}</p>
        {!session && <Link to="/signin?next=/admin">{t('notAllowed.signIn')}</Link>}
      </section>
    );
  }
  return (
    <div className={styles.shell}>
      <nav aria-label={t('nav.label')} className={styles.nav}>
        <NavLink to="/admin" end>
          {t('nav.races')}
        </NavLink>
        <NavLink to="/admin/statistics">{t('nav.statistics')}</NavLink>
        <NavLink to="/admin/tokens">{t('nav.tokens')}</NavLink>
        {isAdmin(session) && <NavLink to="/admin/users">{t('nav.users')}</NavLink>}
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<RaceListPage />} />
          {canBuildRaces(session) && <Route path="races/:raceId/build/:step?" element={<WizardPage />} />}
          <Route path="races/:raceId/control" element={<RaceControlPage />} />
          <Route path="races/:raceId/desk" element={<ResultsDeskPage />} />
          <Route path="statistics" element={<AdminStatisticsPage />} />
          <Route path="tokens" element={<TokensPage />} />
          {isAdmin(session) && <Route path="users" element={<UsersPage />} />}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </div>
  );
}
