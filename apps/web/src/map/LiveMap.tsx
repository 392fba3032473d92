import type L from 'leaflet';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckpointView, CourseView } from '../api/types.ts';
import type { FeedClock } from '../live/feed-clock.ts';
import type { FeedState } from '../live/feed-state.ts';
import { CourseMap } from './CourseMap.tsx';
import { CourseLine } from './course-line.ts';
import styles from './LiveMap.module.css';
import { RidersLayer } from './RidersLayer.ts';
import { RiderTooltip } from './RiderTooltip.tsx';
import { RiderScene, type SceneFocus } from './rider-scene.ts';

export interface LiveMapProps {
  course: Pick<CourseView, 'simplified' | 'bbox' | 'lapLength'>;
  checkpoints?: Array<Pick<CheckpointView, 'id' | 'name' | 'kind' | 'lat' | 'lon'>>;
  state: FeedState | null;
  version: number;
  clock: FeedClock;
  focus: SceneFocus;
  /** A rider was clicked on the map (null: the empty map). */
  onSelect?: (riderId: string | null) => void;
  timeZone?: string;
  className?: string;
}

/**
 * The live map: the course with every rider moving smoothly along it, drawn on one canvas; hover or
 * tap a rider for who they are and how they ride. The selected rider is brought into view.
 */
export function LiveMap({
  course,
  checkpoints,
  state,
  version,
  clock,
  focus,
  onSelect,
  timeZone,
  className,
}: LiveMapProps) {
  const { t } = useTranslation('live');
  const scene = useMemo(() => new RiderScene(clock), [clock]);
  const [map, setMap] = useState<L.Map | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const shownId = hovered ?? focus.selectedId;
  const shownRef = useRef(shownId);
  shownRef.current = shownId;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  scene.setState(state);
  scene.focus = focus;
  const line = useMemo(() => new CourseLine(course.simplified, course.lapLength), [course]);
  scene.line = line;

  useEffect(() => {
    if (!map) return;
    const layer = new RidersLayer(scene, {
      onHover: (item) => setHovered(item?.rider.id ?? null),
      onClick: (item) => onSelectRef.current?.(item?.rider.id ?? null),
      afterDraw: (drawn) => {
        const element = tooltip.current;
        if (!element) return;
        const point = shownRef.current ? drawn.screenPoint(shownRef.current) : null;
        element.style.visibility = point ? 'visible' : 'hidden';
        if (!point) return;
        element.style.transform = `translate(${Math.round(point[0])}px, ${Math.round(point[1])}px)`;
        // Near an edge the tooltip opens the other way, so it stays inside the map.
        const size = map.getSize();
        element.dataset.below = point[1] < 150 ? 'true' : 'false';
        element.dataset.align = point[0] < 140 ? 'left' : point[0] > size.x - 140 ? 'right' : 'centre';
      },
    });
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, scene]);

  // A rider chosen elsewhere (the leaderboard) is brought into view once: only when the selection
  // changes, not as the rider moves on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (!map || !focus.selectedId || !state) return;
    const rider = state.riders.find((candidate) => candidate?.id === focus.selectedId);
    if (!rider) return;
    const point = scene.motion.point(rider, line, performance.now());
    if (point && !map.getBounds().pad(-0.1).contains(point)) map.panTo(point);
  }, [map, focus.selectedId]);

  const onMap = useCallback((created: L.Map) => setMap(created), []);
  const shownRider = shownId && state ? (state.riders.find((rider) => rider?.id === shownId) ?? null) : null;

  return (
    <div className={`${styles.wrap} ${className ?? ''}`} data-testid="live-map" data-version={version}>
      <CourseMap
        course={course}
        {...(checkpoints ? { checkpoints } : {})}
        label={t('map.label')}
        className={styles.map}
        onMap={onMap}
      >
        <div ref={tooltip} className={styles.tooltipAnchor} style={{ visibility: 'hidden' }}>
          {shownRider && (
            <RiderTooltip
              rider={shownRider}
              now={clock.now(performance.now())}
              length={state?.length ?? 0}
              {...(timeZone ? { timeZone } : {})}
            />
          )}
        </div>
      </CourseMap>
    </div>
  );
}
