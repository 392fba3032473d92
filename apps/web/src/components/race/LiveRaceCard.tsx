import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RaceView, StageListView } from '../../api/races-types.ts';
import { useApi } from '../../api/use-api.ts';
import styles from './RaceCard.module.css';
import { RaceCard } from './RaceCard.tsx';
import { currentStage, stageOfTheDay } from './stage-status.ts';

/** A race being raced: its card with a link straight to the live page of the stage on the road. */
export function LiveRaceCard({ race }: { race: RaceView }) {
  const { t } = useTranslation('home');
  const stages = useApi<StageListView>(`/api/v1/races/${race.id}/stages`);
  const stage = stages.data ? currentStage(stages.data.items) : null;
  const next = stages.data && !stage ? stageOfTheDay(stages.data.items) : null;
  return (
    <RaceCard race={race}>
      {stage && (
        <Link className={styles.primary} to={`/races/${race.id}/stages/${stage.id}/live`}>
          <span aria-hidden="true">●</span>
          {stages.data && stages.data.items.length > 1
            ? t('live.watchStage', { number: stage.number })
            : t('live.watch')}
        </Link>
      )}
      {stage?.status === 'neutralised' && <span className="status-line">{t('live.neutralised')}</span>}
      {next && <span className="status-line">{t('live.betweenStages', { number: next.number })}</span>}
    </RaceCard>
  );
}
