import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/** One rider typed in, with the next free bib offered (the organiser may change it). */
export function ManualRider({
  raceId,
  nextBib,
  waves,
  onAdded,
}: {
  raceId: string;
  nextBib: number;
  waves: readonly string[];
  onAdded: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [form, setForm] = useState({
    bib: String(nextBib),
    firstName: '',
    lastName: '',
    team: '',
    deviceId: '',
    wave: '',
  });
  useEffect(() => setForm((f) => ({ ...f, bib: String(nextBib) })), [nextBib]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(() =>
      apiSend('POST', `/api/v1/races/${raceId}/registrations`, {
        bib: Number(form.bib),
        firstName: form.firstName,
        lastName: form.lastName,
        team: form.team || null,
        deviceId: form.deviceId || null,
        wave: form.wave || null,
      }),
    );
    if (created) {
      setForm({ bib: '', firstName: '', lastName: '', team: '', deviceId: '', wave: '' });
      onAdded();
    }
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="manual-rider">
      <h3 id="manual-rider">{t('wizard.startList.manual')}</h3>
      <div className={styles.row}>
        <Field label={t('common.bib')} name="bib" error={action.error}>
          <input type="number" min={1} required value={form.bib} onChange={set('bib')} />
        </Field>
        <Field label={t('wizard.startList.firstName')} name="firstName" error={action.error}>
          <input required value={form.firstName} onChange={set('firstName')} />
        </Field>
        <Field label={t('wizard.startList.lastName')} name="lastName" error={action.error}>
          <input required value={form.lastName} onChange={set('lastName')} />
        </Field>
        <Field label={t('wizard.startList.team')} name="team" error={action.error}>
          <input value={form.team} onChange={set('team')} />
        </Field>
        <Field label={t('wizard.startList.deviceId')} name="deviceId" error={action.error}>
          <input value={form.deviceId} onChange={set('deviceId')} />
        </Field>
        {waves.length > 0 && (
          <Field label={t('wizard.startList.wave')} name="wave" error={action.error}>
            <select value={form.wave} onChange={set('wave')}>
              <option value="">{t('wizard.startList.noWave')}</option>
              {waves.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </Field>
        )}
        <button type="submit" disabled={action.busy}>
          {t('common.add')}
        </button>
      </div>
      <FormMessage error={action.message} />
    </form>
  );
}
