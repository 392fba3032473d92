import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StageListItem } from '../../api/races-types.ts';
import styles from './ResultsPage.module.css';
import { stageName } from './StageSelect.tsx';

/** Which stage a stage race's classifications stand after: the standings as they were then. */
export function AfterStageSelect({
  stages,
  selected,
  onSelect,
}: {
  stages: StageListItem[];
  selected: number | null;
  onSelect: (stageNumber: number) => void;
}) {
  const { t } = useTranslation('results');
  const id = useId();
  return (
    <div className={styles.stageSelect}>
      <label htmlFor={id}>{t('afterStage')}</label>
      <select
        id={id}
        value={selected === null ? '' : String(selected)}
        onChange={(event) => onSelect(Number(event.target.value))}
      >
        {selected === null && <option value="" disabled />}
        {stages.map((stage) => (
          <option key={stage.id} value={String(stage.number)}>
            {stageName(t, stage)}
          </option>
        ))}
      </select>
    </div>
  );
}
