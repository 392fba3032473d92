import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StageListItem } from '../../api/races-types.ts';
import type { StageStatus } from '../../components/race/stage-status.ts';
import styles from './ResultsPage.module.css';

/** Which stage's result the stage tab shows, each stage with where it stands (live, finished …). */
export function StageSelect({
  stages,
  statuses,
  selected,
  onSelect,
}: {
  stages: StageListItem[];
  statuses: Map<string, StageStatus>;
  selected: string;
  onSelect: (stageId: string) => void;
}) {
  const { t } = useTranslation('results');
  const { t: tr } = useTranslation('race');
  const id = useId();
  return (
    <div className={styles.stageSelect}>
      <label htmlFor={id}>{t('stage')}</label>
      <select id={id} value={selected} onChange={(event) => onSelect(event.target.value)}>
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stageName(t, stage)} · {tr(`stageStatus.${statuses.get(stage.id) ?? stage.status}`)}
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
