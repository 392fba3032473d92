import { useTranslation } from 'react-i18next';
import type { LiveRider, LiveSnapshot, LiveTimeTrial } from '../../api/types.ts';
import { ClockCells, ClockHead, SplitTables } from './clock-tables.tsx';
import { TeamTimeTrial } from './TeamTimeTrial.tsx';
import styles from './TimeTrialPanel.module.css';
import { ttTime as time } from './time-trial-format.ts';

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
  const riderName = (i: number) => {
    const rider = who(i);
    return rider ? `#${rider.bib} ${rider.name}` : '';
  };
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
          <ClockHead who="rider" />
          <tbody>
            {tt.riders.map((r) => (
              <tr key={r.i}>
                <td className="num">{r.rank ?? ''}</td>
                <td>{riderName(r.i)}</td>
                <ClockCells row={r} pointName={pointName} timeZone={timeZone} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SplitTables splits={tt.splits} name={riderName} pointName={pointName} />
    </section>
  );
}
