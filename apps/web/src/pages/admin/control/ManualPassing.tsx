import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { RegistrationListView } from '../../../api/races-types.ts';
import type { CheckpointView } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/**
 * One passing typed in for a missed timing read, at any of the stage's timing points (the start, every
 * intermediate point, the finish), to the millisecond; sent as a one-row import (all-or-nothing anyway).
 * The points come from the stage itself, not the live feed, so they are all there before the start.
 */
export function ManualPassing({ stageId, raceId }: { stageId: string; raceId: string }) {
  const { t } = useTranslation('admin');
  const riders = useApi<RegistrationListView>(`/api/v1/races/${raceId}/registrations`);
  const points = useApi<{ items: CheckpointView[] }>(`/api/v1/stages/${stageId}/checkpoints`);
  const action = useAction();
  const [bib, setBib] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [time, setTime] = useState('');
  const checkpoints = [...(points.data?.items ?? [])].sort((a, b) => a.distance - b.distance);
  // The finish until another point is picked: the line a missed read is most often at.
  const point = chosen ?? checkpoints.find((c) => c.kind === 'finish')?.id ?? 'finish';
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
        <select value={point} onChange={(e) => setChosen(e.target.value)}>
          {checkpoints.length === 0 && <option value="finish">{t('control.passing.finish')}</option>}
          {checkpoints.map((c) => (
            <option key={c.id} value={c.id}>
              {t('control.passing.pointOption', {
                name: c.name,
                km: (c.distance / 1000).toFixed(1),
              })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('control.passing.time')} name="time" error={action.error}>
        <input
          type="datetime-local"
          step={0.001}
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
