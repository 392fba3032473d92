import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

/**
 * What a signed-out visitor sees for a race the server will not show them: private races answer 404
 * (or 403) to strangers, so this is also what a mistyped link looks like — the text says both.
 */
export function PrivateRaceNotice() {
  const { t } = useTranslation('race');
  const location = useLocation();
  const next = `${location.pathname}${location.search}`;
  return (
    <section className="notice" aria-labelledby="private-race">
      <h1 id="private-race">{t('private.heading')}</h1>
      <p>{t('private.detail')}</p>
      <p>
        <Link to={`/signin?next=${encodeURIComponent(next)}`}>{t('private.signIn')}</Link>
      </p>
    </section>
  );
}
