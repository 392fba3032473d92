import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Race } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Leaderboard } from '../../components/leaderboard/Leaderboard.tsx';
import { ranked } from '../../live/feed-state.ts';
import { useLiveFeed } from '../../live/use-live-feed.ts';
import { StatusBar } from '../live/StatusBar.tsx';
import { useFeedClock } from '../live/use-feed-clock.ts';
import styles from './Embed.module.css';
import { PoweredBy } from './PoweredBy.tsx';

/** A compact live leaderboard for other sites to embed. */
export default function EmbedLeaderboardPage() {
  const { stageId = '' } = useParams();
  const { t } = useTranslation('live');
  const { state, version, connection } = useLiveFeed(stageId);
  const { clock, now } = useFeedClock(state, version);
  const race = useApi<Race>(state ? `/api/v1/races/${state.raceId}` : null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the (mutated) state changed
  const riders = useMemo(() => (state ? ranked(state) : []), [state, version]);
  return (
    <main className={`${styles.embed} ${styles.boardEmbed}`}>
      <h1 className="visually-hidden">{t('embed.leaderboardHeading')}</h1>
      <div className={styles.bar}>
        <StatusBar
          state={state}
          connection={connection}
          now={now}
          lastFrameWall={clock.lastFrameWall}
          wall={performance.now()}
        />
      </div>
      <Leaderboard
        riders={riders}
        now={now}
        length={state?.length ?? 0}
        timeZone={race.data?.timeZone ?? 'UTC'}
        compact
        externalLinks
        className={styles.fill}
      />
      <PoweredBy raceId={state?.raceId ?? null} stageId={stageId} />
    </main>
  );
}
