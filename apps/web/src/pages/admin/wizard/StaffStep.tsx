import type { RaceStaffMember } from '@echelon/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/** Commissaires and co-organisers who officiate this race (race control, results desk). */
export function StaffStep({ raceId }: { raceId: string }) {
  const { t } = useTranslation('admin');
  const staff = useApi<{ items: RaceStaffMember[] }>(`/api/v1/races/${raceId}/staff`);
  const action = useAction();
  const [email, setEmail] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (
      await action.run(() => apiSend('POST', `/api/v1/races/${raceId}/staff`, { email }), t('common.saved'))
    ) {
      setEmail('');
      staff.reload();
    }
  };
  const remove = async (userId: string) => {
    const removed = await action.run(() => apiSend('DELETE', `/api/v1/races/${raceId}/staff/${userId}`));
    if (removed !== undefined) staff.reload();
  };
  return (
    <div>
      <h2>{t('wizard.staff.heading')}</h2>
      <p>{t('wizard.staff.help')}</p>
      <ul>
        {(staff.data?.items ?? []).map((m) => (
          <li key={m.userId}>
            {m.name} ({m.email}, {t(`users.roles.${m.role}`)}){' '}
            <button
              type="button"
              onClick={() => void remove(m.userId)}
              aria-label={`${t('common.remove')} ${m.name}`}
            >
              {t('common.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('wizard.staff.email')} name="email" error={action.error}>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('wizard.staff.add')}
        </button>
        <FormMessage error={action.message} success={action.success} />
      </form>
    </div>
  );
}
