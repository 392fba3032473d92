import L from 'leaflet';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StageTracksView } from '../../api/replay-types.ts';
import type { CheckpointView, CourseView } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { RideElevationChart } from '../../charts/RideElevationChart.tsx';
import { SpeedChart } from '../../charts/SpeedChart.tsx';
import { rideSeries, trackLine } from '../../charts/series.ts';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { formatDistance } from '../../format/format.ts';
import { CourseMap } from '../../map/CourseMap.tsx';
import styles from './Rider.module.css';

export interface RideDetailsProps {
  stageId: string;
  registrationId: string;
  number: number;
}

const NO_CHECKPOINTS: CheckpointView[] = [];

/** One rider's ride of a stage: speed and elevation against distance, and the track on the map. */
export default function RideDetails({ stageId, registrationId, number }: RideDetailsProps) {
  const { t } = useTranslation('rider');
  const tracks = useApi<StageTracksView>(
    `/api/v1/stages/${stageId}/tracks?registrationId=${encodeURIComponent(registrationId)}&step=5`,
  );
  const course = useApi<CourseView>(`/api/v1/stages/${stageId}/course`);
  const checkpoints = useApi<{ items: CheckpointView[] }>(`/api/v1/stages/${stageId}/checkpoints`);

  const track = tracks.data?.riders.find((r) => r.id === registrationId);
  const series = useMemo(
    () =>
      track && course.data ? rideSeries(track.samples, course.data.profile, course.data.lapLength) : null,
    [track, course.data],
  );
  const line = useMemo(() => (track ? trackLine(track.samples) : []), [track]);
  const onMap = useCallback(
    (map: L.Map) => {
      if (line.length < 2) return;
      L.polyline(line, { color: '#d62828', weight: 3, opacity: 0.9, interactive: false }).addTo(map);
      L.circleMarker(line.at(-1)!, {
        radius: 6,
        color: '#ffffff',
        weight: 2,
        fillColor: '#d62828',
        fillOpacity: 1,
      }).addTo(map);
    },
    [line],
  );

  const failed = tracks.error ?? course.error;
  if (failed)
    return (
      <ErrorNotice
        error={failed}
        onRetry={() => {
          tracks.reload();
          course.reload();
        }}
      />
    );
  if (!tracks.data || !course.data || !series) {
    return tracks.data && course.data && !track ? (
      <p className="status-line">{t('ride.noTrack')}</p>
    ) : (
      <Loading />
    );
  }
  if (series.km.length < 2) return <p className="status-line">{t('ride.noTrack')}</p>;
  return (
    <div className={styles.rideBody}>
      <p className="status-line">
        {t('ride.trackSummary', {
          distance: formatDistance((series.km.at(-1) ?? 0) * 1000),
          count: series.km.length,
        })}
      </p>
      <div className={styles.charts}>
        <SpeedChart km={series.km} speed={series.speed} label={t('ride.speedLabel', { number })} />
        {course.data.hasElevation && (
          <RideElevationChart
            km={series.km}
            elevation={series.elevation}
            label={t('ride.elevationLabel', { number })}
          />
        )}
      </div>
      <div className={styles.map}>
        <CourseMap
          course={course.data}
          checkpoints={checkpoints.data?.items ?? NO_CHECKPOINTS}
          label={t('ride.mapLabel', { number })}
          onMap={onMap}
        />
      </div>
    </div>
  );
}
