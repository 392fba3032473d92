import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StageListItem } from '../../api/races-types.ts';
import styles from './ResultsPage.module.css';

/** Which stage's result the stage tab shows. */
export function StageSelect({
  stages,
  selected,
  onSelect,
}: {
  stages: StageListItem[];
  selected: string;
  onSelect: (stageId: string) => void;
}) {
  const { t } = useTranslation('results');
  const id = useId();
  return (
    <div className={styles.stageSelect}>
      <label htmlFor={id}>{t('stage')}</label>
      <select id={id} value={selected} onChange={(event) => onSelect(event.target.value)}>
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stageName(t, stage)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function stageName(t: TFunction<'results'>, stage: { number: number; name: string }): string {
  return stage.number === 0
    ? t('prologueOption', { name: stage.name })
    : t('stageOption', { number: stage.number, name: stage.name });
}
