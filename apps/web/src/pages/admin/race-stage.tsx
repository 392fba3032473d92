import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RaceView, StageListItem, StageListView } from '../../api/races-types.ts';
import { useApi } from '../../api/use-api.ts';

/**
 * A race and the stage a back-office screen works on: the one picked, else `preferred` (say, the
 * stage that has not finished yet), else the first.
 */
export function useRaceStage(
  raceId: string,
  preferred: (stages: StageListItem[]) => StageListItem | undefined = () => undefined,
) {
  const race = useApi<RaceView>(`/api/v1/races/${raceId}`);
  const stages = useApi<StageListView>(`/api/v1/races/${raceId}/stages`);
  const [picked, setPicked] = useState('');
  const items = stages.data?.items;
  const stage = items && (items.find((s) => s.id === picked) ?? preferred(items) ?? items[0]);
  return { race, stages, stage, pick: setPicked };
}

/**
 * The stage chooser of a race with several stages (with each stage's status for race control);
 * nothing for a one-stage race.
 */
export function StagePicker({
  stages,
  stage,
  onPick,
  withStatus = false,
}: {
  stages: StageListItem[];
  stage: StageListItem | undefined;
  onPick: (stageId: string) => void;
  withStatus?: boolean;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  if (stages.length <= 1) return null;
  return (
    <label>
      {t('control.stage')}{' '}
      <select value={stage?.id} onChange={(e) => onPick(e.target.value)}>
        {stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.number}. {s.name}
            {withStatus && ` (${tc(`stageStatus.${s.status}`)})`}
          </option>
        ))}
      </select>
    </label>
  );
}
