import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { RegistrationListView } from '../../../api/races-types.ts';
import type { LiveSnapshot } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/** One passing typed in for a missed timing read, sent as a one-row import (all-or-nothing anyway). */
export function ManualPassing({
  stageId,
  raceId,
  checkpoints,
}: {
  stageId: string;
  raceId: string;
  checkpoints: LiveSnapshot['checkpoints'];
}) {
  const { t } = useTranslation('admin');
  const riders = useApi<RegistrationListView>(`/api/v1/races/${raceId}/registrations`);
  const action = useAction();
  const [bib, setBib] = useState('');
  const [point, setPoint] = useState('finish');
  const [time, setTime] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(
      () =>
        apiSend('POST', `/api/v1/stages/${stageId}/passings`, [
          { bib: Number(bib), point, time: new Date(time).toISOString() },
        ]),
      t('control.passing.recorded'),
    );
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="passing-heading">
      <h2 id="passing-heading">{t('control.passing.heading')}</h2>
      <p>{t('control.passing.help')}</p>
      <Field label={t('common.rider')} name="bib" error={action.error}>
        <select required value={bib} onChange={(e) => setBib(e.target.value)}>
          <option value="">{t('common.rider')}</option>
          {(riders.data?.items ?? []).map((r) => (
            <option key={r.id} value={r.bib}>
              #{r.bib} {r.firstName} {r.lastName}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('control.passing.point')} name="point" error={action.error}>
        <select value={point} onChange={(e) => setPoint(e.target.value)}>
          {checkpoints.length === 0 && <option value="finish">finish</option>}
          {checkpoints.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('control.passing.time')} name="time" error={action.error}>
        <input
          type="datetime-local"
          step={1}
          required
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('control.passing.record')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
