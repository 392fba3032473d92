import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format/format.ts';
import styles from './TimeTrialPanel.module.css';
import { formatVirtual, ttGap as gap, SPLIT_ROWS, ttTime as time } from './time-trial-format.ts';

/** What a standings row says of whoever races the clock: a rider, or a team in a team time trial. */
interface OnTheClock {
  rank: number | null;
  phase: 'waiting' | 'on_course' | 'finished' | 'out';
  start: number | null;
  point: string | null;
  t: number | null;
  gap: number | null;
  exact: boolean;
  vgap: number | null;
}

/** The standings' header: the second column names who races the clock. */
export function ClockHead({ who }: { who: 'rider' | 'team' }) {
  const { t } = useTranslation('live');
  return (
    <thead>
      <tr>
        <th scope="col">{t('timeTrial.rank')}</th>
        <th scope="col">{who === 'team' ? t('timeTrial.team') : t('timeTrial.rider')}</th>
        <th scope="col">{t('timeTrial.point')}</th>
        <th scope="col">{t('timeTrial.time')}</th>
        <th scope="col">{t('timeTrial.gap')}</th>
        <th scope="col">{t('timeTrial.virtual')}</th>
      </tr>
    </thead>
  );
}

/**
 * A standings row's cells after the name: where it is (waiting with its start, out, the last point
 * passed, or on the course before the first), the time there, the gap there and the gap on the road.
 */
export function ClockCells({
  row,
  pointName,
  timeZone,
}: {
  row: OnTheClock;
  pointName: (id: string | null) => string;
  timeZone: string;
}) {
  const { t } = useTranslation('live');
  return (
    <>
      <td>
        {row.phase === 'waiting'
          ? t('timeTrial.waiting', { time: formatClock(row.start, timeZone) })
          : row.phase === 'out'
            ? t('timeTrial.out')
            : row.point
              ? pointName(row.point)
              : t('timeTrial.onCourse')}
      </td>
      <td className="num" title={row.exact ? t('timeTrial.exact') : undefined}>
        {row.t === null ? '' : time(row.t, row.exact)}
      </td>
      <td className="num">{row.gap === null ? '' : gap(row.gap)}</td>
      <td className="num">{row.vgap === null ? '' : formatVirtual(row.vgap)}</td>
    </>
  );
}

/** A split row as the feed sends it: [who (rider index or team), elapsed ms, rank, gap ms, exact]. */
type SplitRow<K> = [K, number, number, number, boolean];

/** A table per timing point of the best times there (SPLIT_ROWS of them), `name` telling who. */
export function SplitTables<K extends string | number>({
  splits,
  name,
  pointName,
}: {
  splits: ReadonlyArray<{ id: string; rows: ReadonlyArray<SplitRow<K>> }>;
  name: (who: K) => string;
  pointName: (id: string | null) => string;
}) {
  const { t } = useTranslation('live');
  return (
    <>
      <h3>{t('timeTrial.splits')}</h3>
      {splits.map((split) => (
        <table key={split.id} className={styles.table} data-testid="tt-split">
          <caption>{t('timeTrial.split', { name: pointName(split.id) })}</caption>
          <tbody>
            {split.rows.length === 0 ? (
              <tr>
                <td>{t('timeTrial.none')}</td>
              </tr>
            ) : (
              split.rows.slice(0, SPLIT_ROWS).map(([who, elapsed, rank, behind, exact]) => (
                <tr key={who}>
                  <td className="num">{rank}</td>
                  <td>{name(who)}</td>
                  <td className="num" title={exact ? t('timeTrial.exact') : undefined}>
                    {time(elapsed, exact)}
                  </td>
                  <td className="num">{gap(behind)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ))}
    </>
  );
}
