import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';

/** The loading and error states every page shows the same way (announced to screen readers). */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="status-line" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error.status === 404) return <NotFound />;
  return (
    <div className="notice notice-error" role="alert">
      <p>{t('state.error', { message: error.message })}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="notice">
      <h1>{t('state.notFound')}</h1>
      <p>{t('state.notFoundDetail')}</p>
    </section>
  );
}
