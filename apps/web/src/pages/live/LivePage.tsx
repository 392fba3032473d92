import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LiveRider } from '../../api/types.ts';
import { askNotificationPermission } from '../../components/follow/notify.ts';
import { Toasts } from '../../components/follow/Toasts.tsx';
import { useCrossingAlerts } from '../../components/follow/use-crossing-alerts.ts';
import { useFollow } from '../../components/follow/use-follow.ts';
import { Leaderboard } from '../../components/leaderboard/Leaderboard.tsx';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { TimeTrialPanel } from '../../components/time-trial/TimeTrialPanel.tsx';
import { ranked } from '../../live/feed-state.ts';
import { categoriesOf, leaderboardRows, NO_FILTER, type RiderFilter } from '../../live/leaderboard-rows.ts';
import { useLiveFeed } from '../../live/use-live-feed.ts';
import { LiveMap } from '../../map/LiveMap.tsx';
import { MapLegend } from '../../map/MapLegend.tsx';
import type { SceneFocus } from '../../map/rider-scene.ts';
import { Announcements } from './Announcements.tsx';
import { GroupsPanel } from './GroupsPanel.tsx';
import styles from './LivePage.module.css';
import { LiveTabs, type TabId } from './LiveTabs.tsx';
import { RiderFilters } from './RiderFilters.tsx';
import { SplitsPanel } from './SplitsPanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useFeedClock } from './use-feed-clock.ts';
import { useFlowHistory } from './use-flow-history.ts';
import { useMediaQuery } from './use-media-query.ts';
import { useStageData } from './use-stage-data.ts';

const ChartsPanel = lazy(() => import('./ChartsPanel.tsx'));

/** The live race: map, standings, groups, profile, race flow, splits, followed riders' alerts. */
export default function LivePage() {
  const { raceId, stageId } = useParams();
  const { t } = useTranslation('live');
  const { state, version, connection } = useLiveFeed(stageId);
  const { clock, now } = useFeedClock(state, version);
  const { race, stage, course, checkpoints } = useStageData(raceId ?? null, stageId);
  const timeZone = race.data?.timeZone ?? 'UTC';
  const follow = useFollow(raceId);
  const [filter, setFilter] = useState<RiderFilter>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [group, setGroup] = useState<number | null>(null);
  const [tab, setTab] = useState<TabId>('leaderboard');
  const wide = useMediaQuery('(min-width: 64rem)');
  const { toasts, dismiss } = useCrossingAlerts(state, version, follow.followed, timeZone);
  const { history, historyVersion } = useFlowHistory(state, version);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the (mutated) state changed
  const riders = useMemo(() => (state ? ranked(state) : []), [state, version]);
  const categories = useMemo(() => categoriesOf(riders), [riders]);
  const shown = useMemo(
    () => leaderboardRows(riders, follow.followed, filter),
    [riders, follow.followed, filter],
  );
  const focus = useMemo<SceneFocus>(
    () => ({ followed: follow.followed, selectedId, group, category: filter.category }),
    [follow.followed, selectedId, group, filter.category],
  );
  const focusIds = useMemo(() => {
    const ids = riders.filter((rider) => follow.followed.has(rider.id)).map((rider) => rider.id);
    if (selectedId && !ids.includes(selectedId)) ids.push(selectedId);
    return ids;
  }, [riders, follow.followed, selectedId]);

  const toggleFollow = useCallback(
    (rider: LiveRider) => {
      // Asking for notifications only from this click: browsers ignore (or punish) asking unprompted.
      if (follow.toggle(rider.id)) void askNotificationPermission();
    },
    [follow],
  );
  const selectRider = useCallback((rider: LiveRider) => {
    setSelectedId((current) => (current === rider.id ? null : rider.id));
  }, []);

  useEffect(() => {
    if (race.data && stage.data) {
      document.title = t('pageTitle', { race: race.data.name, stage: stage.data.name });
    }
  }, [race.data, stage.data, t]);

  if (stage.error) return <ErrorNotice error={stage.error} onRetry={stage.reload} />;
  if (!stage.data) return <Loading />;

  const map = course.data ? (
    <LiveMap
      course={course.data}
      checkpoints={checkpoints.data?.items ?? []}
      state={state}
      version={version}
      clock={clock}
      focus={focus}
      onSelect={setSelectedId}
      timeZone={timeZone}
      className={styles.map}
    />
  ) : course.error ? (
    <p className={`notice ${styles.map}`} data-testid="live-map">
      {t('map.noCourse')}
    </p>
  ) : (
    <div className={styles.map} data-testid="live-map">
      <Loading />
    </div>
  );

  const leaderboard = (
    <div className={styles.board}>
      <h2 className="visually-hidden">{t('leaderboard.heading')}</h2>
      <RiderFilters
        categories={categories}
        filter={filter}
        onChange={setFilter}
        count={shown.pinned.length + shown.others.length}
      />
      <Leaderboard
        riders={riders}
        now={now}
        length={state?.length ?? 0}
        timeZone={timeZone}
        filter={filter}
        followed={follow.followed}
        onToggleFollow={toggleFollow}
        selectedId={selectedId}
        onSelect={selectRider}
        className={styles.boardTable}
      />
    </div>
  );
  // A time trial races the clock, not the riders on the road: its standings replace the groups.
  const groups = (
    <>
      {state?.tt ? (
        <TimeTrialPanel
          tt={state.tt}
          riders={state.riders}
          checkpoints={state.checkpoints}
          timeZone={timeZone}
        />
      ) : (
        <GroupsPanel groups={state?.groups ?? []} highlighted={group} onHighlight={setGroup} />
      )}
      <Announcements announcements={state?.announcements ?? []} timeZone={timeZone} />
    </>
  );
  const charts =
    state && stageId ? (
      <Suspense fallback={<Loading />}>
        <ChartsPanel
          course={course.data ?? null}
          state={state}
          version={version}
          now={now}
          stageId={stageId}
          followed={follow.followed}
          selectedId={selectedId}
          highlightedGroup={group}
          category={filter.category}
          history={history}
          historyVersion={historyVersion}
        />
      </Suspense>
    ) : (
      <Loading />
    );
  const splits = <SplitsPanel state={state} version={version} focusIds={focusIds} />;
  const newest = state?.announcements.reduce<(typeof state.announcements)[number] | null>(
    (latest, announcement) => (latest === null || announcement.at > latest.at ? announcement : latest),
    null,
  );

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div>
          {race.data && (
            <p className={styles.raceName}>
              <Link to={`/races/${raceId}`}>{race.data.name}</Link>
            </p>
          )}
          <h1 className={styles.title}>
            {t('stageHeading', { number: stage.data.number, name: stage.data.name })}
          </h1>
        </div>
        <StatusBar
          state={state}
          connection={connection}
          now={now}
          lastFrameWall={clock.lastFrameWall}
          wall={performance.now()}
        />
      </header>
      <div className={wide ? styles.wide : styles.narrow}>
        <div className={styles.mapArea}>
          {map}
          <MapLegend count={riders.length} />
        </div>
        {wide ? (
          <>
            <div className={styles.boardArea}>{leaderboard}</div>
            <div className={styles.chartsArea}>{charts}</div>
            <div className={styles.sideArea}>
              {groups}
              {splits}
            </div>
          </>
        ) : (
          <>
            {newest && (
              <p className={styles.latestNews}>
                <strong>{t('announcements.heading')}:</strong> {newest.text}
              </p>
            )}
            <LiveTabs active={tab} onChange={setTab}>
              {tab === 'leaderboard'
                ? leaderboard
                : tab === 'groups'
                  ? groups
                  : tab === 'profile'
                    ? charts
                    : splits}
            </LiveTabs>
          </>
        )}
      </div>
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
