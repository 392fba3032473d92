import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { StageListItem } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

const FORMATS = ['road_race', 'individual_time_trial', 'team_time_trial', 'criterium'] as const;

export function StagesStep({
  raceId,
  stages,
  onChanged,
}: {
  raceId: string;
  stages: StageListItem[];
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<string>('road_race');
  const [scheduledStart, setScheduledStart] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(() =>
      apiSend('POST', `/api/v1/races/${raceId}/stages`, {
        name,
        format,
        scheduledStart: scheduledStart ? new Date(scheduledStart).toISOString() : null,
      }),
    );
    if (created) {
      setName('');
      onChanged();
    }
  };
  return (
    <div>
      <h2>{t('wizard.stages.heading')}</h2>
      {stages.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul>
          {stages.map((s) => (
            <li key={s.id}>
              {t('wizard.stages.number', { number: s.number, name: s.name })} ({s.format})
            </li>
          ))}
        </ul>
      )}
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('wizard.stages.name')} name="name" error={action.error}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('wizard.stages.format')} name="format" error={action.error}>
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('wizard.stages.scheduledStart')} name="scheduledStart" error={action.error}>
          <input
            type="datetime-local"
            value={scheduledStart}
            onChange={(e) => setScheduledStart(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('wizard.stages.add')}
        </button>
        <FormMessage error={action.message} />
      </form>
    </div>
  );
}
