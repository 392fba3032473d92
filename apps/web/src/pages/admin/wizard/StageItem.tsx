import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { StageListItem } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { useAction } from '../use-action.ts';
import { StageEditForm } from './StageEditForm.tsx';

/**
 * One stage in the wizard's list: what it is, "Edit" (the form in place) and "Delete" (after a
 * confirmation). A stage that has started cannot be deleted: the button is disabled and says why beside
 * it; the server's own refusal (results stored) shows as an alert. Closing the form gives the focus
 * back to "Edit", so a keyboard user carries on where they were.
 */
export function StageItem({
  stage,
  onChanged,
  onDeleted,
}: {
  stage: StageListItem;
  onChanged: () => void;
  onDeleted: (stage: StageListItem) => void;
}) {
  const { t } = useTranslation(['admin', 'race']);
  const removal = useAction();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  /** Set when the form closes, so "Edit" takes the focus once it is back on screen. */
  const refocus = useRef(false);
  const reasonId = useId();
  const started = stage.startedAt !== null;
  const who = { number: stage.number, name: stage.name };

  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  const close = () => {
    refocus.current = true;
    setEditing(false);
  };
  const remove = async () => {
    if (!window.confirm(t('wizard.stages.confirmDelete', who))) return;
    // A 204 resolves to null: only undefined means it failed.
    if ((await removal.run(() => apiSend('DELETE', `/api/v1/stages/${stage.id}`))) !== undefined)
      onDeleted(stage);
  };

  if (editing) {
    return (
      <StageEditForm
        stage={stage}
        onCancel={close}
        onSaved={() => {
          close();
          onChanged();
        }}
      />
    );
  }
  return (
    <div className={styles.row}>
      <span>
        {t('wizard.stages.number', who)} ({t(`race:format.${stage.format}`)}
        {stage.lapCount > 1 && `, ${t('race:stages.laps', { count: stage.lapCount })}`})
      </span>
      <button
        ref={editButton}
        type="button"
        aria-label={t('wizard.stages.editOf', who)}
        onClick={() => setEditing(true)}
      >
        {t('wizard.stages.edit')}
      </button>
      <button
        type="button"
        aria-label={t('wizard.stages.deleteOf', who)}
        aria-describedby={started ? reasonId : undefined}
        disabled={started || removal.busy}
        onClick={() => void remove()}
      >
        {t('wizard.stages.delete')}
      </button>
      {started && <span id={reasonId}>{t('wizard.stages.startedNoDelete')}</span>}
      {removal.message && (
        <span role="alert" className={styles.fieldError}>
          {removal.message}
        </span>
      )}
    </div>
  );
}
