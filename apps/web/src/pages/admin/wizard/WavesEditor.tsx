import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  toDraft,
  type WaveDraft,
  type WaveProblem,
  waveStart,
  wavesFromDrafts,
} from '../../../admin/waves.ts';
import { apiSend } from '../../../api/client.ts';
import type { CategoryView, StageListItem } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/** One stage's waves: name, start (minutes after the stage's start) and the categories in each. */
export function WavesEditor({
  stage,
  categories,
  onSaved,
}: {
  stage: StageListItem;
  categories: readonly CategoryView[];
  onSaved: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [rows, setRows] = useState<WaveDraft[]>(() => stage.waves.map(toDraft));
  const [problems, setProblems] = useState<WaveProblem[]>([]);
  const headingId = `waves-${stage.id}`;
  const change = (k: number, patch: Partial<WaveDraft>) =>
    setRows((list) => list.map((row, i) => (i === k ? { ...row, ...patch } : row)));
  const problemOf = (row: number, field: WaveProblem['field']) => {
    const hit = problems.find((p) => p.row === row && p.field === field);
    return hit ? t(`wizard.waves.problems.${hit.problem}`) : undefined;
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = wavesFromDrafts(rows);
    setProblems(result.problems);
    if (!result.waves) return;
    const waves = result.waves;
    if (await action.run(() => apiSend('PATCH', `/api/v1/stages/${stage.id}`, { waves }), t('common.saved')))
      onSaved();
  };
  return (
    <form className={styles.form} onSubmit={save} aria-labelledby={headingId}>
      <h4 id={headingId}>{t('wizard.stages.number', { number: stage.number, name: stage.name })}</h4>
      {rows.length === 0 && <p>{t('wizard.waves.none')}</p>}
      {rows.map((row, k) => {
        const nameProblem = problemOf(k, 'name');
        const offsetProblem = problemOf(k, 'offsetMinutes');
        const minutes = Number(row.offsetMinutes || '0');
        const at = Number.isFinite(minutes)
          ? waveStart(stage.scheduledStart, Math.round(minutes * 60))
          : null;
        const base = `${stage.id}-wave-${k}`;
        return (
          <fieldset key={base} className={styles.row}>
            <legend>{t('wizard.waves.wave', { number: k + 1 })}</legend>
            <div className={styles.field}>
              <label htmlFor={`${base}-name`}>{t('wizard.waves.name')}</label>
              <input
                id={`${base}-name`}
                required
                maxLength={60}
                value={row.name}
                aria-invalid={nameProblem ? true : undefined}
                aria-describedby={nameProblem ? `${base}-name-problem` : undefined}
                onChange={(e) => change(k, { name: e.target.value })}
              />
              {nameProblem && (
                <span id={`${base}-name-problem`} className={styles.fieldError}>
                  {nameProblem}
                </span>
              )}
            </div>
            <div className={styles.field}>
              <label htmlFor={`${base}-offset`}>{t('wizard.waves.offset')}</label>
              <input
                id={`${base}-offset`}
                type="number"
                min={0}
                max={1440}
                step="any"
                value={row.offsetMinutes}
                aria-invalid={offsetProblem ? true : undefined}
                aria-describedby={`${base}-start${offsetProblem ? ` ${base}-offset-problem` : ''}`}
                onChange={(e) => change(k, { offsetMinutes: e.target.value })}
              />
              <span id={`${base}-start`}>
                {at
                  ? t('wizard.waves.startsAt', { time: new Date(at).toLocaleString() })
                  : t('wizard.waves.noSchedule')}
              </span>
              {offsetProblem && (
                <span id={`${base}-offset-problem`} className={styles.fieldError}>
                  {offsetProblem}
                </span>
              )}
            </div>
            {categories.length > 0 && (
              <fieldset>
                <legend>{t('wizard.waves.categories')}</legend>
                {categories.map((c) => (
                  <label key={c.code}>
                    <input
                      type="checkbox"
                      checked={row.categories.includes(c.code)}
                      onChange={(e) =>
                        change(k, {
                          categories: e.target.checked
                            ? [...row.categories, c.code]
                            : row.categories.filter((x) => x !== c.code),
                        })
                      }
                    />{' '}
                    {c.code} — {c.name}
                  </label>
                ))}
              </fieldset>
            )}
            <button type="button" onClick={() => setRows((list) => list.filter((_, i) => i !== k))}>
              {t('wizard.waves.remove', { name: row.name || t('wizard.waves.wave', { number: k + 1 }) })}
            </button>
          </fieldset>
        );
      })}
      <div className={styles.row}>
        <button
          type="button"
          onClick={() => setRows((list) => [...list, { name: '', offsetMinutes: '0', categories: [] }])}
        >
          {t('wizard.waves.add')}
        </button>
        <button type="submit" disabled={action.busy}>
          {t('wizard.waves.save')}
        </button>
      </div>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
