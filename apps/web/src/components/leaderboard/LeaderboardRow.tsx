import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LiveRider } from '../../api/types.ts';
import { formatAge, formatClock, formatDistance, formatGap } from '../../format/format.ts';
import { groupColour } from '../../live/group-colours.ts';
import { fixAge, hasRecentSos, isStale, riderBadge, riderEta, riderTogo } from '../../live/rider-status.ts';
import { FollowButton } from '../follow/FollowButton.tsx';
import type { Column } from './columns.ts';
import styles from './Leaderboard.module.css';

export interface RowProps {
  rider: LiveRider;
  columns: readonly Column[];
  rowIndex: number;
  now: number;
  length: number;
  timeZone: string;
  followed: boolean;
  pinned: boolean;
  lastPinned: boolean;
  selected: boolean;
  onToggleFollow?: (rider: LiveRider) => void;
  onSelect?: (rider: LiveRider) => void;
  /** Links open a new tab (embeds live inside other sites' pages). */
  externalLinks?: boolean;
  /** Offset (px) of the row in the list body, and its height: numbers, so an unchanged row skips rendering. */
  top: number;
  height: number;
}

/**
 * One rider's line: every value as text, conditions as words, stale rows greyed with "last seen".
 * Memoised: while the list scrolls, rows already on screen keep their props and are not rendered again.
 */
export const LeaderboardRow = memo(function LeaderboardRow({
  rider,
  columns,
  rowIndex,
  now,
  length,
  timeZone,
  followed,
  pinned,
  lastPinned,
  selected,
  onToggleFollow,
  onSelect,
  externalLinks,
  top,
  height,
}: RowProps) {
  const { t } = useTranslation('live');
  const stale = isStale(rider, now);
  const age = fixAge(rider, now);
  const badge = riderBadge(rider);
  const sos = hasRecentSos(rider, now);
  const ageText = formatAge(age);
  const lastSeen = age === null ? t('leaderboard.noFix') : t('leaderboard.lastSeen', { age: ageText });
  const classes = [
    styles.row,
    stale ? styles.stale : '',
    pinned ? styles.pinned : '',
    lastPinned ? styles.lastPinned : '',
    selected ? styles.selected : '',
    rider.cond === 'dnf' ? styles.out : '',
  ].join(' ');

  const cell = (column: Column) => {
    switch (column) {
      case 'rank':
        return (
          <>
            <span
              className={styles.swatch}
              style={{ background: groupColour(rider.grp) }}
              aria-hidden="true"
            />
            {rider.rank > 0 ? rider.rank : '–'}
          </>
        );
      case 'bib':
        return onSelect ? (
          <button
            type="button"
            className={styles.bibButton}
            onClick={() => onSelect(rider)}
            aria-label={t('leaderboard.showOnMap', { name: rider.name })}
          >
            {rider.bib}
          </button>
        ) : (
          rider.bib
        );
      case 'name':
        return (
          <>
            <Link
              to={`/riders/${rider.id}`}
              className={styles.name}
              {...(externalLinks ? { target: '_blank', rel: 'noopener' } : {})}
            >
              {rider.name}
            </Link>
            {sos && rider.sos !== null && (
              <span
                className={`badge ${styles.badge} ${styles.sos}`}
                title={t('leaderboard.sosAgo', { age: formatAge(Math.max(0, (now - rider.sos) / 1000)) })}
              >
                {t('leaderboard.sos')}
              </span>
            )}
            {badge && (
              <span className={`badge ${styles.badge} ${styles[`cond_${badge}`] ?? ''}`}>
                {t(`cond.${badge}`)}
              </span>
            )}
            {stale && !badge && <span className={`badge ${styles.badge}`}>{lastSeen}</span>}
          </>
        );
      case 'team':
        return rider.team ?? '–';
      case 'gap':
        return formatGap(rider.gap);
      case 'speed':
        return (rider.cond === 'racing' || rider.cond === 'off_course') && rider.v !== null
          ? rider.v.toFixed(1)
          : '–';
      case 'togo':
        return formatDistance(riderTogo(rider, now, length));
      case 'eta':
        return formatClock(riderEta(rider, now, length), timeZone).slice(0, 5);
      case 'age':
        return ageText;
    }
  };

  return (
    <tr
      aria-rowindex={rowIndex}
      aria-current={selected ? 'true' : undefined}
      data-bib={rider.bib}
      data-stale={stale ? 'true' : undefined}
      className={classes}
      style={{ transform: `translateY(${top}px)`, height }}
    >
      {onToggleFollow && (
        <td className={styles.follow}>
          <FollowButton
            bib={rider.bib}
            name={rider.name}
            followed={followed}
            onToggle={() => onToggleFollow(rider)}
          />
        </td>
      )}
      {columns.map((column) => (
        <td
          key={column}
          data-col={column}
          className={`${styles.cell} ${styles[`col_${column}`] ?? ''}`}
          {...(column === 'age' || (column === 'name' && stale) ? { title: lastSeen } : {})}
        >
          {cell(column)}
        </td>
      ))}
    </tr>
  );
});
