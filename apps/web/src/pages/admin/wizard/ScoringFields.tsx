import { useTranslation } from 'react-i18next';
import { CLIMB_CATEGORIES, type ClimbCategoryKey, type ScoringDraft } from '../../../admin/scoring-edit.ts';
import styles from '../admin.module.css';
import { Field } from '../Field.tsx';

/**
 * A stage's scoring settings in its edit form: bonuses and points at the finish and at sprints,
 * mountain points by climb category, the time limit and the same-time gap, each with the server's
 * problem under it.
 */
export function ScoringFields({
  draft,
  onChange,
  error,
}: {
  draft: ScoringDraft;
  onChange: (draft: ScoringDraft) => void;
  error: unknown;
}) {
  const { t } = useTranslation('admin');
  const scale = (key: 'finishBonus' | 'sprintBonus' | 'finishPoints' | 'sprintPoints') => (
    <Field label={t(`wizard.scoring.${key}`)} name={`scoring/${key}`} error={error}>
      <input
        inputMode="decimal"
        placeholder={t('wizard.scoring.scalePlaceholder')}
        value={draft[key]}
        onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
      />
    </Field>
  );
  const mountain = (category: ClimbCategoryKey) => (
    <Field
      key={category}
      label={t('wizard.scoring.mountainPoints', { category })}
      name={`scoring/mountainPoints/${category}`}
      error={error}
    >
      <input
        inputMode="decimal"
        placeholder={t('wizard.scoring.mountainDefault')}
        value={draft.mountainPoints[category]}
        onChange={(e) =>
          onChange({ ...draft, mountainPoints: { ...draft.mountainPoints, [category]: e.target.value } })
        }
      />
    </Field>
  );
  return (
    <fieldset className={styles.form}>
      <legend>{t('wizard.scoring.legend')}</legend>
      <p>{t('wizard.scoring.help')}</p>
      {scale('finishBonus')}
      {scale('sprintBonus')}
      {scale('finishPoints')}
      {scale('sprintPoints')}
      {CLIMB_CATEGORIES.map(mountain)}
      <Field label={t('wizard.scoring.timeLimitPercent')} name="scoring/timeLimitPercent" error={error}>
        <input
          type="number"
          min={0}
          max={100}
          step="any"
          placeholder={t('wizard.scoring.noTimeLimit')}
          value={draft.timeLimitPercent}
          onChange={(e) => onChange({ ...draft, timeLimitPercent: e.target.value })}
        />
      </Field>
      <Field label={t('wizard.scoring.sameTimeThreshold')} name="scoring/sameTimeThreshold" error={error}>
        <input
          type="number"
          min={0}
          max={10}
          step="any"
          value={draft.sameTimeThreshold}
          onChange={(e) => onChange({ ...draft, sameTimeThreshold: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}
