import type { User } from '@echelon/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorNotice, Loading } from '../../../components/Status.tsx';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { EmailAndRoleFields, ROLES } from './AccountFields.tsx';
import { Invitations } from './Invitations.tsx';

/** Accounts (admins only): invite, create, change role, disable, set a new password. */
export default function UsersPage() {
  const { t } = useTranslation('admin');
  const users = useApi<{ items: User[] }>('/api/v1/users');
  const action = useAction();
  const update = async (user: User, body: Record<string, unknown>, done?: string) => {
    if (await action.run(() => apiSend('PATCH', `/api/v1/users/${user.id}`, body), done ?? t('common.saved')))
      users.reload();
  };
  const resetPassword = (user: User) => {
    const password = window.prompt(t('users.newPasswordFor', { name: user.name }));
    if (password) void update(user, { password }, t('users.passwordSet'));
  };
  if (users.error) return <ErrorNotice error={users.error} onRetry={users.reload} />;
  if (!users.data) return <Loading />;
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">{t('users.heading')}</h1>
      <FormMessage error={action.message} success={action.success} />
      <div className={styles.tableWrap}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={t('users.changeRole', { name: user.name })}
                    value={user.role}
                    onChange={(e) => void update(user, { role: e.target.value })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`users.roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{user.disabled ? t('users.disabled') : t('users.active')}</td>
                <td>
                  <button type="button" onClick={() => void update(user, { disabled: !user.disabled })}>
                    {user.disabled ? t('users.enable') : t('users.disable')}
                  </button>{' '}
                  <button type="button" onClick={() => resetPassword(user)}>
                    {t('users.resetPassword')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Invitations />
      <CreateUser onCreated={users.reload} />
    </section>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [form, setForm] = useState({ name: '', email: '', role: 'organiser', password: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => apiSend('POST', '/api/v1/users', form), t('common.saved'))) {
      setForm({ name: '', email: '', role: 'organiser', password: '' });
      onCreated();
    }
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="create-user">
      <h2 id="create-user">{t('users.create')}</h2>
      <Field label={t('common.name')} name="name" error={action.error}>
        <input required value={form.name} onChange={set('name')} />
      </Field>
      <EmailAndRoleFields
        email={form.email}
        role={form.role}
        onEmail={set('email')}
        onRole={set('role')}
        error={action.error}
      />
      <Field label={t('users.password')} name="password" error={action.error}>
        <input
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set('password')}
        />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('users.create')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
