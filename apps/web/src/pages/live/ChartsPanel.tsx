import { useTranslation } from 'react-i18next';
import type { CourseView } from '../../api/types.ts';
import { ElevationProfile, type ProfileMarker } from '../../charts/ElevationProfile.tsx';
import type { FeedState } from '../../live/feed-state.ts';
import { estimatedDistance } from '../../live/feed-state.ts';
import { riderColour } from '../../live/group-colours.ts';
import { inCategory } from '../../live/leaderboard-rows.ts';
import type { FlowHistory } from '../../live/race-flow.ts';
import styles from './LivePage.module.css';
import RaceFlowChart from './RaceFlowChart.tsx';

export interface ChartsPanelProps {
  course: Pick<CourseView, 'profile' | 'hasElevation'> | null;
  state: FeedState;
  version: number;
  now: number;
  stageId: string;
  followed: ReadonlySet<string>;
  selectedId: string | null;
  highlightedGroup: number | null;
  category: string;
  history: FlowHistory;
  historyVersion: number;
}

/**
 * The charts of the live page, loaded on their own (uPlot stays out of the page's first load): the
 * elevation profile with every rider on it, and the race flow.
 */
export default function ChartsPanel({
  course,
  state,
  now,
  stageId,
  followed,
  selectedId,
  highlightedGroup,
  category,
  history,
  historyVersion,
}: ChartsPanelProps) {
  const { t } = useTranslation('live');
  const markers: ProfileMarker[] = [];
  for (const rider of state.riders) {
    if (!rider || rider.cond === 'not_started' || rider.cond === 'dnf' || !inCategory(rider, category))
      continue;
    if (highlightedGroup !== null && rider.grp !== highlightedGroup && !followed.has(rider.id)) continue;
    markers.push({
      d: Math.min(state.length, estimatedDistance(rider, now)),
      colour: riderColour(rider, now),
      highlighted: followed.has(rider.id) || rider.id === selectedId,
    });
  }
  const checkpoints = state.checkpoints.map((checkpoint) => ({
    name: checkpoint.name,
    d: checkpoint.d,
    kind: checkpoint.kind,
  }));
  return (
    <div className={styles.charts}>
      <section aria-labelledby="live-profile" className={styles.panel}>
        <h2 id="live-profile">{t('profile.heading')}</h2>
        {course?.hasElevation && course.profile.length > 1 ? (
          <ElevationProfile
            profile={course.profile}
            checkpoints={checkpoints}
            markers={markers}
            label={t('profile.label')}
          />
        ) : (
          <p className={styles.muted}>{t('profile.none')}</p>
        )}
      </section>
      <RaceFlowChart
        history={history}
        historyVersion={historyVersion}
        state={state}
        stageId={stageId}
        followed={followed}
        highlightedGroup={highlightedGroup}
      />
    </div>
  );
}
