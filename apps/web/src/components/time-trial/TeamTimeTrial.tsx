import { useTranslation } from 'react-i18next';
import type { LiveRider, LiveTimeTrial } from '../../api/types.ts';
import { formatClock } from '../../format/format.ts';
import styles from './TimeTrialPanel.module.css';
import { formatVirtual, ttGap as gap, SPLIT_ROWS, ttTime as time } from './time-trial-format.ts';

type Teams = NonNullable<LiveTimeTrial['teams']>;

/**
 * A team time trial on the live page: the team in the hot seat, the teams by their Nth rider's time at the
 * last timing point they passed (the gap on the road between points), who is with each team and who has
 * been dropped or is out, and a split table of teams per timing point.
 */
export function TeamTimeTrial({
  teams,
  riders,
  pointName,
  timeZone,
}: {
  teams: Teams;
  riders: readonly LiveRider[];
  pointName: (id: string | null) => string;
  timeZone: string;
}) {
  const { t } = useTranslation('live');
  const names = (list: readonly number[]) =>
    list
      .map((i) => riders[i])
      .filter((r): r is LiveRider => r !== undefined)
      .map((r) => `#${r.bib} ${r.name}`)
      .join(', ');
  return (
    <>
      <p className={styles.hotSeat} data-testid="hot-seat">
        {teams.hot
          ? t('timeTrial.teamHotSeat', { team: teams.hot.team, time: time(teams.hot.t, true) })
          : t('timeTrial.teamHotSeatEmpty')}
      </p>
      <p>{t('timeTrial.counting', { count: teams.n })}</p>
      {teams.standings.length === 0 ? (
        <p>{t('timeTrial.empty')}</p>
      ) : (
        <table className={styles.table} data-testid="tt-standings">
          <caption>{t('timeTrial.teamStandings')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeTrial.rank')}</th>
              <th scope="col">{t('timeTrial.team')}</th>
              <th scope="col">{t('timeTrial.point')}</th>
              <th scope="col">{t('timeTrial.time')}</th>
              <th scope="col">{t('timeTrial.gap')}</th>
              <th scope="col">{t('timeTrial.virtual')}</th>
            </tr>
          </thead>
          <tbody>
            {teams.standings.map((team) => (
              <tr key={team.team} data-testid="tt-team">
                <td className="num">{team.rank ?? ''}</td>
                <td>
                  <strong>{team.team}</strong>
                  {team.riders.length > 0 && (
                    <div className={styles.members}>
                      {t('timeTrial.withTeam', { riders: names(team.riders) })}
                    </div>
                  )}
                  {team.dropped.length > 0 && (
                    <div className={styles.dropped} data-testid="tt-dropped">
                      {t('timeTrial.dropped', { riders: names(team.dropped) })}
                    </div>
                  )}
                  {team.out.length > 0 && (
                    <div className={styles.members}>
                      {t('timeTrial.outRiders', { riders: names(team.out) })}
                    </div>
                  )}
                </td>
                <td>
                  {team.phase === 'waiting'
                    ? t('timeTrial.waiting', { time: formatClock(team.start, timeZone) })
                    : team.phase === 'out'
                      ? t('timeTrial.out')
                      : team.point
                        ? pointName(team.point)
                        : t('timeTrial.onCourse')}
                </td>
                <td className="num" title={team.exact ? t('timeTrial.exact') : undefined}>
                  {team.t === null ? '' : time(team.t, team.exact)}
                </td>
                <td className="num">{team.gap === null ? '' : gap(team.gap)}</td>
                <td className="num">{team.vgap === null ? '' : formatVirtual(team.vgap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('timeTrial.splits')}</h3>
      {teams.splits.map((split) => (
        <table key={split.id} className={styles.table} data-testid="tt-split">
          <caption>{t('timeTrial.split', { name: pointName(split.id) })}</caption>
          <tbody>
            {split.rows.length === 0 ? (
              <tr>
                <td>{t('timeTrial.none')}</td>
              </tr>
            ) : (
              split.rows.slice(0, SPLIT_ROWS).map(([team, elapsed, rank, behind, exact]) => (
                <tr key={team}>
                  <td className="num">{rank}</td>
                  <td>{team}</td>
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
