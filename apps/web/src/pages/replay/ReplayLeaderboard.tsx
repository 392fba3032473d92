import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatClock, formatDistance, formatGap, formatSpeed } from '../../format/format.ts';
import { FINISHED_COLOUR, groupColour } from '../../replay/group-colours.ts';
import type { Standing, StandingsAt } from '../../replay/replay-model.ts';
import styles from './Replay.module.css';

export interface ReplayLeaderboardProps {
  standings: StandingsAt;
  timeZone: string;
  followId: string | null;
  onFollow: (riderId: string) => void;
  /** Rows shown until "show all". */
  top?: number;
}

/** The standings at the replay time: the top riders (or all), and the followed rider wherever they are. */
export function ReplayLeaderboard({
  standings,
  timeZone,
  followId,
  onFollow,
  top = 20,
}: ReplayLeaderboardProps) {
  const { t } = useTranslation('rider');
  const [all, setAll] = useState(false);
  const total = standings.riders.length;
  const shown = all ? standings.riders : standings.riders.slice(0, top);
  const followed = followId ? standings.riders.find((r) => r.rider.id === followId) : undefined;
  const extra = followed && !shown.includes(followed) ? followed : undefined;

  return (
    <section className={styles.board} aria-label={t('replay.leaderboard.label')}>
      <table>
        <caption>{t('replay.leaderboard.caption', { clock: formatClock(standings.t, timeZone) })}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('replay.leaderboard.rank')}
            </th>
            <th scope="col" className="num">
              {t('replay.leaderboard.bib')}
            </th>
            <th scope="col">{t('replay.leaderboard.name')}</th>
            <th scope="col" className="num">
              {t('replay.leaderboard.gap')}
            </th>
            <th scope="col" className={`num ${styles.wide}`}>
              {t('replay.leaderboard.speed')}
            </th>
            <th scope="col" className="num">
              {t('replay.leaderboard.togo')}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <Row key={r.rider.id} standing={r} followed={r.rider.id === followId} onFollow={onFollow} />
          ))}
          {extra && <Row standing={extra} followed onFollow={onFollow} separated />}
        </tbody>
      </table>
      {total > top && (
        <button type="button" className={styles.more} onClick={() => setAll(!all)} aria-expanded={all}>
          {all
            ? t('replay.leaderboard.showTop', { count: top })
            : t('replay.leaderboard.showAll', { count: total })}
        </button>
      )}
    </section>
  );
}

function Row({
  standing: r,
  followed,
  onFollow,
  separated = false,
}: {
  standing: Standing;
  followed: boolean;
  onFollow: (riderId: string) => void;
  separated?: boolean;
}) {
  const { t } = useTranslation(['rider', 'live']);
  const idle = r.cond === 'not_started' || r.cond === 'no_data' || r.cond === 'stopped' || r.cond === 'dnf';
  const colour = r.cond === 'finished' ? FINISHED_COLOUR : groupColour(r.group);
  const classes = [
    followed ? styles.followed : '',
    idle ? styles.idle : '',
    r.cond === 'dnf' ? styles.out : '',
    separated ? styles.separated : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <tr data-bib={r.rider.bib} data-cond={r.cond} className={classes || undefined}>
      <td className="num" data-col="rank">
        <span className={styles.swatch} style={{ background: colour }} aria-hidden="true" />
        {r.rank ?? '–'}
        {r.group !== null && (
          <span className="visually-hidden"> ({t('replay.leaderboard.group', { group: r.group })})</span>
        )}
      </td>
      <td className="num" data-col="bib">
        {r.rider.bib}
      </td>
      <td data-col="name" className={styles.name}>
        <button
          type="button"
          className={styles.follow}
          aria-pressed={followed}
          data-follow-bib={r.rider.bib}
          aria-label={t('replay.leaderboard.follow', { name: r.rider.name })}
          onClick={() => onFollow(r.rider.id)}
        >
          <span aria-hidden="true">{followed ? '◉' : '○'}</span>
        </button>
        <Link to={`/riders/${r.rider.id}`}>{r.rider.name}</Link>
        {r.rider.team && <span className={styles.team}>{r.rider.team}</span>}
      </td>
      <td className="num" data-col="gap">
        {r.cond === 'racing' || r.cond === 'finished'
          ? formatGap(r.gap)
          : r.cond === 'dnf'
            ? // The live leaderboard's word, so a rider out reads the same live and in the replay.
              t('live:cond.dnf')
            : t(`replay.cond.${r.cond}`)}
      </td>
      <td className={`num ${styles.wide}`} data-col="speed">
        {r.cond === 'racing' ? formatSpeed(r.v) : '–'}
      </td>
      <td className="num" data-col="togo">
        {r.cond === 'finished'
          ? t('replay.cond.finished')
          : r.cond === 'racing' || r.cond === 'stopped'
            ? formatDistance(r.togo)
            : '–'}
      </td>
    </tr>
  );
}
