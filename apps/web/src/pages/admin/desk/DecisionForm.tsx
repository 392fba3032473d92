import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import styles from '../admin.module.css';
import { RiderPicker } from '../control/RiderPicker.tsx';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

const KINDS = ['penalty', 'time_correction', 'status', 'reinstate', 'relegation'] as const;
type Kind = (typeof KINDS)[number];

/** A commissaire's decision on one rider, always with its reason (it goes in the communiqué). */
export function DecisionForm({
  stageId,
  raceId,
  onRecorded,
}: {
  stageId: string;
  raceId: string;
  onRecorded: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [kind, setKind] = useState<Kind>('penalty');
  const [registrationId, setRegistrationId] = useState('');
  const [seconds, setSeconds] = useState('');
  const [status, setStatus] = useState('DSQ');
  const [place, setPlace] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { kind, registrationId, reason };
    if (kind === 'penalty' || kind === 'time_correction') body.seconds = Number(seconds);
    if (kind === 'status') body.status = status;
    if (kind === 'relegation') body.place = Number(place);
    if (
      await action.run(() => apiSend('POST', `/api/v1/stages/${stageId}/decisions`, body), t('common.saved'))
    ) {
      setReason('');
      setSeconds('');
      onRecorded();
    }
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="decision-form">
      <h2 id="decision-form">{t('desk.record')}</h2>
      <Field label={t('desk.decisionKind')} name="kind" error={action.error}>
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`desk.kinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('common.rider')} name="registrationId" error={action.error}>
        <RiderPicker raceId={raceId} value={registrationId} onChange={setRegistrationId} />
      </Field>
      {(kind === 'penalty' || kind === 'time_correction') && (
        <Field label={t('desk.seconds')} name="seconds" error={action.error}>
          <input type="number" required value={seconds} onChange={(e) => setSeconds(e.target.value)} />
        </Field>
      )}
      {kind === 'status' && (
        <Field label={t('common.status')} name="status" error={action.error}>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {['DNF', 'DNS', 'DSQ', 'OTL'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
      )}
      {kind === 'relegation' && (
        <Field label={t('desk.place')} name="place" error={action.error}>
          <input type="number" min={1} required value={place} onChange={(e) => setPlace(e.target.value)} />
        </Field>
      )}
      <Field label={t('common.reason')} name="reason" error={action.error}>
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('desk.record')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
