import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatDuration } from '../../format/format.ts';
import { parseSpeed, REPLAY_SPEEDS, type ReplaySpeed, type TimeRange } from '../../replay/replay-clock.ts';
import styles from './Replay.module.css';

export interface ReplayControlsProps {
  t: number;
  range: TimeRange;
  timeZone: string;
  playing: boolean;
  speed: ReplaySpeed;
  onSeek: (t: number) => void;
  onPlaying: (playing: boolean) => void;
  onSpeed: (speed: ReplaySpeed) => void;
  /** Groups on the road at `t`. */
  groups: number;
}

const MINUTE = 60_000;
/** While playing, screen readers hear the clock this seldom (it changes every frame). */
const ANNOUNCE_EVERY_MS = 30_000;

/** Play/pause, the timeline to scrub, speed and one-minute jumps, and the clock in the race's zone. */
export function ReplayControls({
  t,
  range,
  timeZone,
  playing,
  speed,
  onSeek,
  onPlaying,
  onSpeed,
  groups,
}: ReplayControlsProps) {
  const { t: tr } = useTranslation('rider');
  const clock = formatClock(t, timeZone);
  const elapsed = formatDuration((t - range.start) / 1000);

  // A quiet live region: the clock when the replay rests, and every half minute while it plays.
  const [announced, setAnnounced] = useState('');
  const latest = useRef({ t, timeZone });
  latest.current = { t, timeZone };
  useEffect(() => {
    if (playing) return;
    const timer = setTimeout(
      () =>
        setAnnounced(tr('replay.announce', { clock: formatClock(t, timeZone), state: tr('replay.paused') })),
      1000,
    );
    return () => clearTimeout(timer);
  }, [playing, t, timeZone, tr]);
  useEffect(() => {
    if (!playing) return;
    const say = () =>
      setAnnounced(
        tr('replay.announce', {
          clock: formatClock(latest.current.t, latest.current.timeZone),
          state: tr('replay.playing'),
        }),
      );
    say();
    const timer = setInterval(say, ANNOUNCE_EVERY_MS);
    return () => clearInterval(timer);
  }, [playing, tr]);

  return (
    <section className={styles.controls} aria-label={tr('replay.controls')}>
      <div className={styles.clockRow}>
        <button
          type="button"
          className={styles.play}
          data-testid="replay-play"
          onClick={() => onPlaying(!playing)}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>{' '}
          {playing ? tr('replay.pause') : tr('replay.play')}
        </button>
        <p className={styles.clock}>
          <span className="visually-hidden">{tr('replay.clockLabel')} </span>
          <time dateTime={new Date(t).toISOString()}>{clock}</time>{' '}
          <span className={styles.elapsed}>{tr('replay.elapsed', { elapsed })}</span>
        </p>
        <p className={styles.groups}>{tr('replay.groups', { count: groups })}</p>
      </div>

      <div className={styles.timeline}>
        <label htmlFor="replay-timeline" className="visually-hidden">
          {tr('replay.timeline')}
        </label>
        <input
          id="replay-timeline"
          data-testid="replay-timeline"
          type="range"
          min={range.start}
          max={range.end}
          step={1000}
          value={Math.round(t)}
          aria-valuetext={tr('replay.timelineValue', { clock, elapsed })}
          onChange={(event) => onSeek(Number(event.currentTarget.value))}
        />
        <div className={styles.ends} aria-hidden="true">
          <span>{formatClock(range.start, timeZone)}</span>
          <span>{formatClock(range.end, timeZone)}</span>
        </div>
      </div>

      <div className={styles.buttons}>
        <button
          type="button"
          aria-label={tr('replay.backLabel')}
          onClick={() => onSeek(t - MINUTE)}
          disabled={t <= range.start}
        >
          {tr('replay.back')}
        </button>
        <button
          type="button"
          aria-label={tr('replay.forwardLabel')}
          onClick={() => onSeek(t + MINUTE)}
          disabled={t >= range.end}
        >
          {tr('replay.forward')}
        </button>
        <label className={styles.speed}>
          {tr('replay.speed')}{' '}
          <select value={speed} onChange={(event) => onSpeed(parseSpeed(event.currentTarget.value) ?? speed)}>
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {tr('replay.speedValue', { speed: s })}
              </option>
            ))}
          </select>
        </label>
        <span className={styles.hint}>{tr('replay.keyboardHint')}</span>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announced}
      </p>
    </section>
  );
}
