import { useTranslation } from 'react-i18next';
import type { LiveRider } from '../api/types.ts';
import { formatAge, formatDistance, formatGap, formatSpeed } from '../format/format.ts';
import { fixAge, isStale, riderBadge, riderTogo } from '../live/rider-status.ts';
import styles from './LiveMap.module.css';

/** Who a rider on the map is, and how they ride: shown on hover, or for the selected rider. */
export function RiderTooltip({
  rider,
  now,
  length,
}: {
  rider: LiveRider;
  now: number;
  length: number;
  timeZone?: string;
}) {
  const { t } = useTranslation('live');
  const badge = riderBadge(rider);
  const age = fixAge(rider, now);
  return (
    <div className={styles.tooltip} role="tooltip">
      <strong>
        {rider.bib} · {rider.name}
      </strong>
      {rider.team && <span className={styles.team}>{rider.team}</span>}
      <dl>
        <dt>{t('leaderboard.gap')}</dt>
        <dd>{formatGap(rider.gap)}</dd>
        <dt>{t('leaderboard.speed')}</dt>
        <dd>{formatSpeed(rider.v)}</dd>
        <dt>{t('leaderboard.togo')}</dt>
        <dd>{formatDistance(riderTogo(rider, now, length))}</dd>
        <dt>{t('leaderboard.age')}</dt>
        <dd className={isStale(rider, now) ? styles.stale : undefined}>
          {age === null ? t('rider.noFix') : formatAge(age)}
        </dd>
      </dl>
      {badge && <span className="badge">{t(`cond.${badge}`)}</span>}
    </div>
  );
}
