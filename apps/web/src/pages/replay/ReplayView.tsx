import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { StageTracksView } from '../../api/replay-types.ts';
import type { CheckpointView, CourseView, Race, StageView } from '../../api/types.ts';
import { ElevationProfile, type ProfileMarker } from '../../charts/ElevationProfile.tsx';
import { FINISHED_COLOUR, groupColour } from '../../replay/group-colours.ts';
import { parseTimeParam } from '../../replay/replay-clock.ts';
import { buildReplay, standingsAt } from '../../replay/replay-model.ts';
import { useReplayClock } from '../../replay/use-replay-clock.ts';
import styles from './Replay.module.css';
import { ReplayControls } from './ReplayControls.tsx';
import { ReplayLeaderboard } from './ReplayLeaderboard.tsx';
import { ReplayMap } from './ReplayMap.tsx';

export interface ReplayViewProps {
  race: Race;
  stage: StageView;
  course: CourseView;
  checkpoints: CheckpointView[];
  tracks: StageTracksView;
  reloading: boolean;
  onReload: () => void;
}

/** Space plays and pauses, unless a control that takes the key itself has the focus. */
function takesSpace(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest(
      'button, a, select, textarea, summary, input:not([type="range"]), [contenteditable="true"]',
    ) !== null
  );
}

/** The replay: clock and controls, the map and profile with riders at the time, the standings then. */
export function ReplayView({
  race,
  stage,
  course,
  checkpoints,
  tracks,
  reloading,
  onReload,
}: ReplayViewProps) {
  const { t } = useTranslation('rider');
  const model = useMemo(
    () => buildReplay(tracks, { individual: stage.format === 'individual_time_trial' }),
    [tracks, stage.format],
  );
  const range = useMemo(() => ({ start: model.startedAt, end: model.endAt }), [model]);
  const [params, setParams] = useSearchParams();
  const [initial] = useState(() => parseTimeParam(params.get('t'), range) ?? range.start);
  const clock = useReplayClock(range, initial);
  const [followId, setFollowId] = useState<string | null>(() => {
    const bib = Number(params.get('follow'));
    return model.riders.find((r) => r.bib === bib)?.id ?? null;
  });
  const standings = useMemo(() => standingsAt(model, clock.t), [model, clock.t]);
  const followed = followId ? standings.riders.find((r) => r.rider.id === followId) : undefined;

  // The address names the moment (and the followed rider) once the replay rests, to share it.
  const followBib = followed?.rider.bib;
  useEffect(() => {
    if (clock.playing) return;
    const timer = setTimeout(() => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          next.set('t', String(Math.round(clock.t)));
          if (followBib !== undefined) next.set('follow', String(followBib));
          else next.delete('follow');
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    }, 400);
    return () => clearTimeout(timer);
  }, [clock.t, clock.playing, followBib, setParams]);

  const { toggle } = clock;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== ' ' || event.repeat || takesSpace(event.target)) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);

  const onFollow = useCallback((id: string) => setFollowId((current) => (current === id ? null : id)), []);

  const markers = useMemo<ProfileMarker[]>(
    () =>
      standings.riders
        .filter((r) => r.cond === 'racing' || r.cond === 'stopped' || r.cond === 'finished')
        .map((r) => ({
          d: r.d,
          colour: r.cond === 'finished' ? FINISHED_COLOUR : groupColour(r.group),
          highlighted: r.rider.id === followId,
        })),
    [standings, followId],
  );
  const profileCheckpoints = useMemo(
    () => tracks.course.checkpoints.map((c) => ({ name: c.name, d: c.distance, kind: c.kind })),
    [tracks.course.checkpoints],
  );

  return (
    <article className={styles.page}>
      <header className={styles.header}>
        <p className={styles.crumb}>
          <Link to={`/races/${race.id}`}>{race.name}</Link>
        </p>
        <h1>
          {t('replay.title', { stage: stage.name })} <span className="badge">{t('replay.badge')}</span>
        </h1>
        <p className={styles.note}>{t('replay.notLive')}</p>
        {tracks.finishedAt === null && (
          <div className={`notice ${styles.running}`}>
            <p>{t('replay.stillRunning')}</p>
            <p className={styles.actions}>
              <Link to={`/races/${race.id}/stages/${stage.id}/live`}>{t('replay.watchLive')}</Link>
              <button type="button" onClick={onReload} disabled={reloading}>
                {t('replay.reload')}
              </button>
            </p>
          </div>
        )}
      </header>

      <ReplayControls
        t={clock.t}
        range={range}
        timeZone={race.timeZone}
        playing={clock.playing}
        speed={clock.speed}
        onSeek={clock.seek}
        onPlaying={clock.setPlaying}
        onSpeed={clock.setSpeed}
        groups={standings.groups.length}
      />

      {model.riders.every((r) => r.t.length === 0) && <p className="notice">{t('replay.noRiders')}</p>}

      <div className={styles.grid}>
        <div className={styles.visual}>
          <ReplayMap
            course={course}
            checkpoints={checkpoints}
            standings={standings}
            followId={followId}
            onPick={onFollow}
            label={t('replay.mapLabel')}
          />
          {followed && (
            <p className={styles.following}>
              <span>{t('replay.following', { name: `${followed.rider.bib} ${followed.rider.name}` })}</span>
              <button type="button" onClick={() => setFollowId(null)}>
                {t('replay.stopFollowing')}
              </button>
            </p>
          )}
          {course.profile.length > 1 && (
            <ElevationProfile
              profile={course.profile}
              checkpoints={profileCheckpoints}
              markers={markers}
              height={150}
              label={t('replay.profileLabel')}
            />
          )}
        </div>
        <ReplayLeaderboard
          standings={standings}
          timeZone={race.timeZone}
          followId={followId}
          onFollow={onFollow}
        />
      </div>
    </article>
  );
}
