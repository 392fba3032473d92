import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { RaceView } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

const VISIBILITIES = ['public', 'unlisted', 'private'] as const;

export function DetailsStep({ race, onSaved }: { race: RaceView; onSaved: () => void }) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [form, setForm] = useState({
    name: race.name,
    description: race.description,
    location: race.location,
    timeZone: race.timeZone,
    visibility: race.visibility,
    startDate: race.startDate ?? '',
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await action.run(
      () => apiSend('PATCH', `/api/v1/races/${race.id}`, { ...form, startDate: form.startDate || null }),
      t('common.saved'),
    );
    if (saved) onSaved();
  };
  return (
    <form className={styles.form} onSubmit={submit}>
      <h2>{t('wizard.step.details')}</h2>
      <Field label={t('races.name')} name="name" error={action.error}>
        <input required value={form.name} onChange={set('name')} />
      </Field>
      <Field label={t('wizard.details.description')} name="description" error={action.error}>
        <textarea value={form.description} onChange={set('description')} />
      </Field>
      <Field label={t('races.location')} name="location" error={action.error}>
        <input value={form.location} onChange={set('location')} />
      </Field>
      <Field label={t('races.startDate')} name="startDate" error={action.error}>
        <input type="date" value={form.startDate} onChange={set('startDate')} />
      </Field>
      <Field label={t('wizard.details.timeZone')} name="timeZone" error={action.error}>
        <input value={form.timeZone} onChange={set('timeZone')} />
      </Field>
      <Field label={t('wizard.details.visibility')} name="visibility" error={action.error}>
        <select value={form.visibility} onChange={set('visibility')}>
          {VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {t(`wizard.details.visibilityOption.${v}`)}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('common.save')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
