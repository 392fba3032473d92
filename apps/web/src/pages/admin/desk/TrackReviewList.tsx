import { useTranslation } from 'react-i18next';
import type { TrackReview } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import { formatClock } from '../../../format/format.ts';

const km = (metres: number) => (metres / 1000).toFixed(2);

/**
 * The crossings the riders' tracks do not support (a phone switched on late, a dropout across a line, a
 * rider carried to the finish): the server credits none of them, and shows here the fixes either side.
 */
export function TrackReviewList({ stageId, version }: { stageId: string; version: number }) {
  const { t } = useTranslation('admin');
  const review = useApi<TrackReview>(`/api/v1/stages/${stageId}/review?v=${version}`);
  if (!review.data) return review.error ? <p className="notice">{review.error.message}</p> : null;
  return (
    <>
      <h2>{t('desk.review.heading')}</h2>
      {review.data.items.length === 0 ? (
        <p>{t('desk.review.none')}</p>
      ) : (
        <>
          <p>{t('desk.review.intro')}</p>
          <ul data-testid="track-review">
            {review.data.items.map((item) => (
              <li key={`${item.registrationId}-${item.checkpointId}`}>
                {t(`desk.review.${item.reason}`, {
                  bib: item.bib,
                  rider: item.rider,
                  point: item.checkpoint,
                  before: item.before.lat === null ? t('desk.review.start') : formatClock(item.before.time),
                  beforeKm: km(item.before.distance),
                  after: formatClock(item.after.time),
                  afterKm: km(item.after.distance),
                  speed: Math.round(item.speed * 3.6),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
