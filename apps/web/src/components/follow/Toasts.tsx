import { useTranslation } from 'react-i18next';
import styles from './Follow.module.css';

export interface Toast {
  id: string;
  title: string;
  body: string;
}

/** In-page alerts (the fallback for browser notifications), announced politely. */
export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: string) => void }) {
  const { t } = useTranslation('live');
  return (
    <section className={styles.toasts} aria-label={t('follow.alerts')} aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={styles.toast}>
          <div>
            <strong>{toast.title}</strong>
            <div>{toast.body}</div>
          </div>
          <button type="button" className={styles.dismiss} onClick={() => onDismiss(toast.id)}>
            <span aria-hidden="true">×</span>
            <span className="visually-hidden">{t('follow.dismiss')}</span>
          </button>
        </div>
      ))}
    </section>
  );
}
