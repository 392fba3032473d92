import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { RiderPicker } from './RiderPicker.tsx';

/** DNS, DNF or DSQ from race control: a status decision with its reason, like the results desk records. */
export function RiderOut({ stageId, raceId }: { stageId: string; raceId: string }) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [registrationId, setRegistrationId] = useState('');
  const [status, setStatus] = useState('DNF');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(
      () =>
        apiSend('POST', `/api/v1/stages/${stageId}/decisions`, {
          kind: 'status',
          registrationId,
          status,
          reason,
        }),
      t('control.decision.recorded'),
    );
    if (done) setReason('');
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="rider-out">
      <h2 id="rider-out">{t('control.decision.heading')}</h2>
      <Field label={t('common.rider')} name="registrationId" error={action.error}>
        <RiderPicker raceId={raceId} value={registrationId} onChange={setRegistrationId} />
      </Field>
      <Field label={t('control.decision.status')} name="status" error={action.error}>
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option>DNS</option>
          <option>DNF</option>
          <option>DSQ</option>
        </select>
      </Field>
      <Field label={t('common.reason')} name="reason" error={action.error}>
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('control.decision.record')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
