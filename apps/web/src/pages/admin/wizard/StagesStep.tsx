import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { StageListItem } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { FormatOptions } from './StageEditForm.tsx';
import { StageItem } from './StageItem.tsx';

/** The race's stages: each one edited or deleted in place, and a form to add one. */
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
  const heading = useRef<HTMLHeadingElement>(null);
  const [deleted, setDeleted] = useState<string>();
  /** The deleted stage's row is gone: the focus goes to the list's heading, and a status says what went. */
  const afterDelete = (stage: StageListItem) => {
    setDeleted(t('wizard.stages.deleted', { number: stage.number, name: stage.name }));
    heading.current?.focus();
    onChanged();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDeleted(undefined);
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
      <h2 ref={heading} tabIndex={-1}>
        {t('wizard.stages.heading')}
      </h2>
      <p role="status">{deleted ?? ''}</p>
      {stages.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul aria-label={t('wizard.stages.list')}>
          {stages.map((s) => (
            <li key={s.id}>
              <StageItem stage={s} onChanged={onChanged} onDeleted={afterDelete} />
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
            <FormatOptions />
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
