import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/**
 * Reopening official results, the only way they change: the reason is audited, and the results are
 * computed again at once from the evidence as it now stands (late recordings, start-list edits).
 */
export function ReopenForm({ stageId, onReopened }: { stageId: string; onReopened: () => void }) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!window.confirm(t('desk.confirmReopen'))) return;
    const done = await action.run(
      () => apiSend('POST', `/api/v1/stages/${stageId}/results/reopen`, { reason }),
      t('desk.reopened'),
    );
    if (done !== undefined) {
      setReason('');
      onReopened();
    }
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="reopen-form">
      <h2 id="reopen-form">{t('desk.reopen')}</h2>
      <p>{t('desk.reopenHelp')}</p>
      <Field label={t('common.reason')} name="reason" error={action.error}>
        <input required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('desk.reopen')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
