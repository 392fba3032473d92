import { useTranslation } from 'react-i18next';
import type { LiveRider, LiveTimeTrial } from '../../api/types.ts';
import { ClockCells, ClockHead, SplitTables } from './clock-tables.tsx';
import styles from './TimeTrialPanel.module.css';
import { ttTime as time } from './time-trial-format.ts';

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
          <ClockHead who="team" />
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
                <ClockCells row={team} pointName={pointName} timeZone={timeZone} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SplitTables splits={teams.splits} name={(team) => team} pointName={pointName} />
    </>
  );
}
