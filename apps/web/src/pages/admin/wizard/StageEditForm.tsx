import { STAGE_FORMATS } from '@echelon/domain';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ScoringDraft, scoringChange, toScoringDraft } from '../../../admin/scoring-edit.ts';
import { type StageDraft, stageChanges, toStageDraft } from '../../../admin/stage-edit.ts';
import { apiSend } from '../../../api/client.ts';
import type { StageListItem } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { ScoringFields } from './ScoringFields.tsx';

/** Every stage format as a select's options, in the race page's words. */
export function FormatOptions() {
  const { t } = useTranslation('race');
  return (
    <>
      {STAGE_FORMATS.map((format) => (
        <option key={format} value={format}>
          {t(`format.${format}`)}
        </option>
      ))}
    </>
  );
}

/**
 * One stage's details edited in place in the wizard's list: name, number, format, scheduled start,
 * laps and scoring settings (they stay open once the stage has started), with the server's problem
 * under each field. Only the changed fields are sent. Once the stage
 * has started its number, format and laps are fixed, so their inputs are disabled and say why. The
 * name takes the focus on opening; Escape or Cancel closes without saving.
 */
export function StageEditForm({
  stage,
  onSaved,
  onCancel,
}: {
  stage: StageListItem;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [draft, setDraft] = useState<StageDraft>(() => toStageDraft(stage));
  const [scoring, setScoring] = useState<ScoringDraft>(() => toScoringDraft(stage.scoring));
  const nameInput = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const fixedId = useId();
  const started = stage.startedAt !== null;

  useEffect(() => nameInput.current?.focus(), []);

  const set = (key: keyof StageDraft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed = scoringChange(stage.scoring, scoring);
    const changes = { ...stageChanges(stage, draft), ...(changed && { scoring: changed }) };
    if (Object.keys(changes).length === 0) return onCancel();
    const saved = await action.run(() => apiSend('PATCH', `/api/v1/stages/${stage.id}`, changes));
    if (saved !== undefined) onSaved();
  };
  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onCancel();
  };
  // Field sets each input's aria-describedby (to the field's problem), so the reason the fixed fields are
  // disabled describes the whole form instead, and is read on entering it.
  const fixed = { disabled: started };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      onKeyDown={cancelOnEscape}
      aria-labelledby={headingId}
      aria-describedby={started ? fixedId : undefined}
    >
      <h3 id={headingId}>{t('wizard.stages.editHeading', { number: stage.number, name: stage.name })}</h3>
      {started && <p id={fixedId}>{t('wizard.stages.startedFixed')}</p>}
      <Field label={t('wizard.stages.name')} name="name" error={action.error}>
        <input ref={nameInput} required value={draft.name} onChange={set('name')} />
      </Field>
      <Field label={t('wizard.stages.stageNumber')} name="number" error={action.error}>
        <input
          type="number"
          required
          min={0}
          max={100}
          step={1}
          value={draft.number}
          onChange={set('number')}
          {...fixed}
        />
      </Field>
      <Field label={t('wizard.stages.format')} name="format" error={action.error}>
        <select value={draft.format} onChange={set('format')} {...fixed}>
          <FormatOptions />
        </select>
      </Field>
      <Field label={t('wizard.stages.scheduledStart')} name="scheduledStart" error={action.error}>
        <input type="datetime-local" value={draft.scheduledStart} onChange={set('scheduledStart')} />
      </Field>
      <Field label={t('wizard.stages.laps')} name="lapCount" error={action.error}>
        <input
          type="number"
          required
          min={1}
          max={500}
          step={1}
          value={draft.lapCount}
          onChange={set('lapCount')}
          {...fixed}
        />
      </Field>
      <ScoringFields draft={scoring} onChange={setScoring} error={action.error} />
      <div className={styles.row}>
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormMessage error={action.message} />
    </form>
  );
}
