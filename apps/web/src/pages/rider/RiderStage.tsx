import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RiderStageResultView } from '../../api/rider-types.ts';
import { Loading } from '../../components/Status.tsx';
import { formatDuration, formatGap } from '../../format/format.ts';
import styles from './Rider.module.css';
import { SplitsTable } from './SplitsTable.tsx';

// Charts (uPlot) and the map (Leaflet) load only when a ride is opened.
const RideDetails = lazy(() => import('./RideDetails.tsx'));

export interface RiderStageProps {
  stage: RiderStageResultView;
  raceId: string;
  registrationId: string;
  timeZone: string;
  /** The ride is shown at once (the latest stage). */
  open: boolean;
}

/** One stage of the rider: result, splits, and the ride (speed, elevation, map) on demand. */
export function RiderStage({ stage, raceId, registrationId, timeZone, open }: RiderStageProps) {
  const { t } = useTranslation('rider');
  const [shown, setShown] = useState(open);
  const headingId = `stage-${stage.stageId}`;
  const started = stage.startedAt !== null;
  return (
    <section className={styles.stage} aria-labelledby={headingId}>
      <h3 id={headingId}>{t('stages.title', { number: stage.number, name: stage.name })}</h3>
      <p className={styles.meta}>
        <span>
          {stage.status ??
            t('stages.summary', {
              rank: stage.rank ?? '–',
              time: formatDuration(stage.time),
              gap: stage.rank === 1 ? '' : formatGap(stage.gap),
            })}
        </span>
        {started && <Link to={`/races/${raceId}/stages/${stage.stageId}/replay`}>{t('stages.replay')}</Link>}
      </p>
      {!started ? (
        <p className="status-line">{t('stages.notStarted')}</p>
      ) : stage.splits.length === 0 ? (
        <p className="status-line">{t('stages.notTracked')}</p>
      ) : (
        <SplitsTable splits={stage.splits} number={stage.number} timeZone={timeZone} />
      )}
      {started && (
        <details
          className={styles.ride}
          open={shown}
          onToggle={(event) => setShown(event.currentTarget.open)}
        >
          <summary>{t('stages.showRide')}</summary>
          {shown && (
            <Suspense fallback={<Loading />}>
              <RideDetails stageId={stage.stageId} registrationId={registrationId} number={stage.number} />
            </Suspense>
          )}
        </details>
      )}
    </section>
  );
}
