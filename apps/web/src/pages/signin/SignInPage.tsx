import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useSession } from '../../app/session.tsx';
import styles from './SignInPage.module.css';
import { safeNext } from './safe-next.ts';

/** E-mail and password; on success, back to where the visitor came from (same-site paths only). */
export default function SignInPage() {
  const { t } = useTranslation('home');
  const id = useId();
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('signIn.title')} · Echelon`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (reason) {
      const problem = reason instanceof ApiError ? reason : null;
      setError(
        problem?.status === 0
          ? t('signIn.offline')
          : problem?.status === 429
            ? t('signIn.tooMany', { detail: problem.message })
            : (problem?.message ?? t('signIn.failed')),
      );
      setBusy(false);
    }
  };

  return (
    <div className={styles.page}>
      <h1>{t('signIn.title')}</h1>
      <p className={styles.intro}>{t('signIn.intro')}</p>
      {session && <p className="notice">{t('signIn.already', { name: session.user.name })}</p>}
      <form className={styles.form} onSubmit={submit}>
        <div className={styles.field}>
          <label htmlFor={`${id}-email`}>{t('signIn.email')}</label>
          <input
            id={`${id}-email`}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <p id={`${id}-error`} className={styles.error} role="alert">
          {error}
        </p>
        <button type="submit" className={styles.submit} disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
