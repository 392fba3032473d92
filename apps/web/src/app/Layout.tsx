import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { canUseBackOffice } from '../admin/roles.ts';
import { useSession } from './session.tsx';

/** The frame of every public page: skip link, header navigation, main landmark, footer. */
export function Layout() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand" aria-label={t('appName')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('appName')}</span>
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            {t('nav.home')}
          </NavLink>
          <NavLink to="/statistics">{t('nav.statistics')}</NavLink>
          {canUseBackOffice(session) && <NavLink to="/admin">{t('nav.admin')}</NavLink>}
          {session ? (
            <button type="button" className="link-button" onClick={() => void signOut()}>
              {t('nav.signOut')} ({session.user.name})
            </button>
          ) : (
            <NavLink to="/signin">{t('nav.signIn')}</NavLink>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">{t('footer')}</footer>
    </div>
  );
}
