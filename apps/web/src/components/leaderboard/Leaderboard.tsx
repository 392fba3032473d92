import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveRider } from '../../api/types.ts';
import { leaderboardRows, NO_FILTER, type RiderFilter } from '../../live/leaderboard-rows.ts';
import { COMPACT_COLUMNS, FULL_COLUMNS, gridTemplate } from './columns.ts';
import styles from './Leaderboard.module.css';
import { LeaderboardRow } from './LeaderboardRow.tsx';

export interface LeaderboardProps {
  /** Riders in standing order. */
  riders: readonly LiveRider[];
  /** Event time now (ms), moved on every second: ages and ETAs count from it. */
  now: number;
  /** The stage's length (m), for distance to go. */
  length: number;
  timeZone: string;
  filter?: RiderFilter;
  followed?: ReadonlySet<string>;
  onToggleFollow?: (rider: LiveRider) => void;
  selectedId?: string | null;
  onSelect?: (rider: LiveRider) => void;
  /** Fewer columns, no follow stars (the embed). */
  compact?: boolean;
  externalLinks?: boolean;
  className?: string;
}

const ROW_PX = 40;
const HEADER_PX = 36;
const EMPTY: ReadonlySet<string> = new Set();

/**
 * The live standings, virtualised: only the rows in view are in the DOM, so thousands of riders cost
 * what forty do. Followed riders are pinned on top. An ARIA table (rows and cells are divs so they can
 * be positioned), with the row count for screen readers.
 */
export function Leaderboard({
  riders,
  now,
  length,
  timeZone,
  filter = NO_FILTER,
  followed = EMPTY,
  onToggleFollow,
  selectedId = null,
  onSelect,
  compact = false,
  externalLinks = false,
  className,
}: LeaderboardProps) {
  const { t } = useTranslation('live');
  const scroller = useRef<HTMLDivElement>(null);
  const { pinned, others } = useMemo(
    () => leaderboardRows(riders, followed, filter),
    [riders, followed, filter],
  );
  const rows = useMemo(() => [...pinned, ...others], [pinned, others]);
  const columns = compact ? COMPACT_COLUMNS : FULL_COLUMNS;
  const follow = compact ? undefined : onToggleFollow;
  const template = gridTemplate(columns, follow !== undefined);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
    scrollMargin: HEADER_PX,
    initialRect: { width: 800, height: 600 },
    getItemKey: (index) => rows[index]!.id,
  });

  // A rider chosen on the map is scrolled into view in the list.
  const selectedIndex = selectedId ? rows.findIndex((rider) => rider.id === selectedId) : -1;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the selection changes
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId]);

  return (
    <div
      ref={scroller}
      className={`${styles.scroller} ${className ?? ''}`}
      style={{ ['--columns' as string]: template }}
    >
      {/* A real table, laid out as a grid so rows can be positioned (browsers keep its semantics). */}
      <table className={styles.table} aria-label={t('leaderboard.label')} aria-rowcount={rows.length + 1}>
        <thead className={styles.head}>
          <tr aria-rowindex={1} className={`${styles.row} ${styles.headRow}`}>
            {follow && (
              <th scope="col" className={styles.follow}>
                <span className="visually-hidden">{t('leaderboard.follow')}</span>
              </th>
            )}
            {columns.map((column) => (
              <th
                key={column}
                scope="col"
                data-col={column}
                className={`${styles.cell} ${styles[`col_${column}`] ?? ''}`}
              >
                {column === 'speed' ? (
                  <abbr title={t('leaderboard.speedHeadLong')}>{t('leaderboard.speedHead')}</abbr>
                ) : column === 'age' ? (
                  <abbr title={t('leaderboard.ageLong')}>{t('leaderboard.age')}</abbr>
                ) : (
                  t(`leaderboard.${column}`)
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const rider = rows[item.index]!;
            return (
              <LeaderboardRow
                key={item.key}
                rider={rider}
                columns={columns}
                rowIndex={item.index + 2}
                now={now}
                length={length}
                timeZone={timeZone}
                followed={followed.has(rider.id)}
                pinned={item.index < pinned.length}
                lastPinned={item.index === pinned.length - 1 && others.length > 0}
                selected={rider.id === selectedId}
                {...(follow ? { onToggleFollow: follow } : {})}
                {...(onSelect ? { onSelect } : {})}
                externalLinks={externalLinks}
                top={item.start - HEADER_PX}
                height={ROW_PX}
              />
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && (
        <p className={styles.empty} role="status">
          {riders.length === 0 ? t('leaderboard.waiting') : t('leaderboard.empty')}
        </p>
      )}
    </div>
  );
}
