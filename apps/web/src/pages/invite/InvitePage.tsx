import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { BACK_OFFICE_ROLES } from '../../admin/roles.ts';
import { apiSend } from '../../api/client.ts';
import type { AcceptedInvitationView } from '../../api/types.ts';
import styles from '../admin/admin.module.css';
import { Field, FormMessage } from '../admin/Field.tsx';
import { useAction } from '../admin/use-action.ts';

/**
 * Where a new account starts (a full load, so the whole app starts from the new session cookie): a
 * rider invited for a registration rides it already, so the tracker app; staff the back office;
 * everyone else the races.
 */
export function landingOf(session: AcceptedInvitationView): string {
  if (session.registrationId) return '/ride';
  return (BACK_OFFICE_ROLES as readonly string[]).includes(session.user.role) ? '/admin' : '/';
}

/**
 * The invitation link (`/invite?token=…`): the invitee chooses a name and a password, the server creates
 * the account with the invited role and signs them in, and the page opens where that role works.
 */
export default function InvitePage() {
  const { t } = useTranslation('admin');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const action = useAction();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);

  useEffect(() => {
    document.title = `${t('invite.title')} · Echelon`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    const session = await action.run(() =>
      apiSend<AcceptedInvitationView>('POST', '/api/v1/invitations/accept', { token, name, password }),
    );
    if (session) window.location.assign(landingOf(session));
  };

  if (!token)
    return (
      <section aria-labelledby="invite-heading">
        <h1 id="invite-heading">{t('invite.title')}</h1>
        <p role="alert">{t('invite.noToken')}</p>
        <Link to="/signin">{t('invite.signIn')}</Link>
      </section>
    );
  return (
    <section aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t('invite.title')}</h1>
      <p>{t('invite.intro')}</p>
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('invite.name')} name="name" error={action.error}>
          <input
            autoComplete="name"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label={t('invite.password')} name="password" error={action.error}>
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <div className={styles.field}>
          <label htmlFor="invite-repeat">{t('invite.repeat')}</label>
          <input
            id="invite-repeat"
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            aria-invalid={mismatch ? true : undefined}
            aria-describedby={mismatch ? 'invite-repeat-problem' : undefined}
            onChange={(e) => setRepeat(e.target.value)}
          />
          {mismatch && (
            <span id="invite-repeat-problem" className={styles.fieldError}>
              {t('invite.mismatch')}
            </span>
          )}
        </div>
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('common.saving') : t('invite.submit')}
        </button>
        <FormMessage error={action.message} />
      </form>
    </section>
  );
}
