import { useTranslation } from 'react-i18next';
import type { LiveRider, LiveSnapshot, LiveTimeTrial } from '../../api/types.ts';
import { formatClock } from '../../format/format.ts';
import { TeamTimeTrial } from './TeamTimeTrial.tsx';
import styles from './TimeTrialPanel.module.css';
import { formatVirtual, ttGap as gap, SPLIT_ROWS, ttTime as time } from './time-trial-format.ts';

/**
 * A time trial on the live page, instead of the groups on the road: the hot seat, the live standings by
 * elapsed time at the last timing point each rider passed (with the gap on the road between points), and a
 * split table per timing point. Times a timing system read show hundredths; GPS times whole seconds.
 * In a team time trial the teams race the clock, so all three show teams (TeamTimeTrial).
 */
export function TimeTrialPanel({
  tt,
  riders,
  checkpoints,
  timeZone,
}: {
  tt: LiveTimeTrial;
  riders: readonly LiveRider[];
  checkpoints: LiveSnapshot['checkpoints'];
  timeZone: string;
}) {
  const { t } = useTranslation('live');
  const who = (i: number) => riders[i];
  const pointName = (id: string | null) => {
    const point = checkpoints.find((c) => c.id === id);
    return point?.kind === 'finish' ? t('timeTrial.finish') : (point?.name ?? '');
  };
  if (tt.teams) {
    return (
      <section aria-labelledby="live-tt" className={styles.panel} data-testid="time-trial">
        <h2 id="live-tt">{t('timeTrial.teamHeading')}</h2>
        <TeamTimeTrial teams={tt.teams} riders={riders} pointName={pointName} timeZone={timeZone} />
      </section>
    );
  }
  const seat = tt.hot ? who(tt.hot.i) : undefined;
  return (
    <section aria-labelledby="live-tt" className={styles.panel} data-testid="time-trial">
      <h2 id="live-tt">{t('timeTrial.heading')}</h2>
      <p className={styles.hotSeat} data-testid="hot-seat">
        {tt.hot && seat
          ? t('timeTrial.hotSeat', { bib: seat.bib, name: seat.name, time: time(tt.hot.t, true) })
          : t('timeTrial.hotSeatEmpty')}
      </p>
      {tt.riders.length === 0 ? (
        <p>{t('timeTrial.empty')}</p>
      ) : (
        <table className={styles.table} data-testid="tt-standings">
          <caption>{t('timeTrial.standings')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeTrial.rank')}</th>
              <th scope="col">{t('timeTrial.rider')}</th>
              <th scope="col">{t('timeTrial.point')}</th>
              <th scope="col">{t('timeTrial.time')}</th>
              <th scope="col">{t('timeTrial.gap')}</th>
              <th scope="col">{t('timeTrial.virtual')}</th>
            </tr>
          </thead>
          <tbody>
            {tt.riders.map((r) => {
              const rider = who(r.i);
              return (
                <tr key={r.i}>
                  <td className="num">{r.rank ?? ''}</td>
                  <td>{rider ? `#${rider.bib} ${rider.name}` : ''}</td>
                  <td>
                    {r.phase === 'waiting'
                      ? t('timeTrial.waiting', { time: formatClock(r.start, timeZone) })
                      : r.phase === 'out'
                        ? t('timeTrial.out')
                        : r.point
                          ? pointName(r.point)
                          : t('timeTrial.onCourse')}
                  </td>
                  <td className="num" title={r.exact ? t('timeTrial.exact') : undefined}>
                    {r.t === null ? '' : time(r.t, r.exact)}
                  </td>
                  <td className="num">{r.gap === null ? '' : gap(r.gap)}</td>
                  <td className="num">{r.vgap === null ? '' : formatVirtual(r.vgap)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h3>{t('timeTrial.splits')}</h3>
      {tt.splits.map((split) => (
        <table key={split.id} className={styles.table} data-testid="tt-split">
          <caption>{t('timeTrial.split', { name: pointName(split.id) })}</caption>
          <tbody>
            {split.rows.length === 0 ? (
              <tr>
                <td>{t('timeTrial.none')}</td>
              </tr>
            ) : (
              split.rows.slice(0, SPLIT_ROWS).map(([i, elapsed, rank, behind, exact]) => {
                const rider = who(i);
                return (
                  <tr key={i}>
                    <td className="num">{rank}</td>
                    <td>{rider ? `#${rider.bib} ${rider.name}` : ''}</td>
                    <td className="num" title={exact ? t('timeTrial.exact') : undefined}>
                      {time(elapsed, exact)}
                    </td>
                    <td className="num">{gap(behind)}</td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      ))}
    </section>
  );
}
