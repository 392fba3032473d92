import type { Invitation } from '@echelon/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiSend } from '../../../api/client.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { useCopy } from '../use-copy.ts';
import { EmailAndRoleFields } from './AccountFields.tsx';

type InvitationView = z.infer<typeof Invitation>;

/**
 * Invite someone by e-mail with a role. No mail is sent: the admin copies the single-use link and
 * hands it over. Pending invitations can be withdrawn.
 */
export function Invitations() {
  const { t } = useTranslation('admin');
  const pending = useApi<{ items: InvitationView[] }>('/api/v1/invitations');
  const action = useAction();
  const revoking = useAction();
  const linkId = useId();
  const [form, setForm] = useState({ email: '', role: 'organiser', expiresInDays: '7' });
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const { copied, copy, forget } = useCopy();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    forget();
    const created = await action.run(
      () =>
        apiSend<InvitationView & { link: string }>('POST', '/api/v1/invitations', {
          email: form.email,
          role: form.role,
          expiresInDays: Number(form.expiresInDays),
        }),
      t('invitations.created'),
    );
    if (created) {
      setLink({ email: created.email, url: created.link });
      setForm({ email: '', role: form.role, expiresInDays: form.expiresInDays });
      pending.reload();
    }
  };
  const revoke = async (invitation: InvitationView) => {
    if (!window.confirm(t('invitations.confirmRevoke', { email: invitation.email }))) return;
    const revoked = await revoking.run(
      () => apiSend('DELETE', `/api/v1/invitations/${invitation.id}`),
      t('invitations.revoked', { email: invitation.email }),
    );
    if (revoked !== undefined) pending.reload();
  };
  const items = pending.data?.items ?? [];
  return (
    <section aria-labelledby="invite-users">
      <h2 id="invite-users">{t('invitations.heading')}</h2>
      <p>{t('invitations.noMail')}</p>
      <form className={styles.form} onSubmit={submit}>
        <EmailAndRoleFields
          email={form.email}
          role={form.role}
          onEmail={set('email')}
          onRole={set('role')}
          error={action.error}
        />
        <Field label={t('invitations.expires')} name="expiresInDays" error={action.error}>
          <input
            type="number"
            min={1}
            max={30}
            required
            value={form.expiresInDays}
            onChange={set('expiresInDays')}
          />
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('invitations.invite')}
        </button>
        <FormMessage error={action.message} success={action.success} />
      </form>
      {link && (
        <div className={styles.field}>
          <label htmlFor={linkId}>{t('invitations.link', { email: link.email })}</label>
          <div className={styles.row}>
            <input
              id={linkId}
              readOnly
              value={link.url}
              size={60}
              onFocus={(e) => e.target.select()}
              data-testid="invitation-link"
            />
            <button type="button" onClick={() => void copy(link.url)}>
              {t('invitations.copy')}
            </button>
          </div>
          <span role="status">{copied ? t('invitations.copied') : ''}</span>
        </div>
      )}
      <h3>{t('invitations.pending')}</h3>
      <FormMessage error={revoking.message} success={revoking.success} />
      {items.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table>
            <caption className="visually-hidden">{t('invitations.pending')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('invitations.by')}</th>
                <th scope="col">{t('invitations.expiresAt')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{t(`users.roles.${i.role}`)}</td>
                  <td>{i.invitedBy ?? ''}</td>
                  <td>
                    <time dateTime={i.expiresAt}>{new Date(i.expiresAt).toLocaleString()}</time>
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={t('invitations.revokeFor', { email: i.email })}
                      onClick={() => void revoke(i)}
                      disabled={revoking.busy}
                    >
                      {t('common.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
