import L from 'leaflet';
import { useCallback, useEffect, useRef } from 'react';
import type { CheckpointView, CourseView } from '../../api/types.ts';
import { CourseMap } from '../../map/CourseMap.tsx';
import { FINISHED_COLOUR, groupColour, OUT_COLOUR } from '../../replay/group-colours.ts';
import type { StandingsAt } from '../../replay/replay-model.ts';
import { type CanvasDot, RidersCanvasLayer } from '../../replay/riders-canvas-layer.ts';
import styles from './Replay.module.css';

export interface ReplayMapProps {
  course: CourseView;
  checkpoints: CheckpointView[];
  standings: StandingsAt;
  followId: string | null;
  /** A click on a rider's dot. */
  onPick: (riderId: string) => void;
  label: string;
}

/** The course with every rider on it at the replay time, coloured by group; the followed one kept in view. */
export function ReplayMap({ course, checkpoints, standings, followId, onPick, label }: ReplayMapProps) {
  const map = useRef<L.Map | null>(null);
  const layer = useRef<RidersCanvasLayer | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const latest = useRef<CanvasDot[]>([]);

  const onMap = useCallback((created: L.Map) => {
    map.current = created;
    layer.current = new RidersCanvasLayer((id) => pick.current(id)).addTo(created);
    layer.current.setDots(latest.current);
  }, []);
  useEffect(
    () => () => {
      layer.current?.remove();
      layer.current = null;
    },
    [],
  );

  useEffect(() => {
    const dots: CanvasDot[] = [];
    let followed: CanvasDot | undefined;
    for (const r of standings.riders) {
      if (r.lat === null || r.lon === null) continue;
      const dot: CanvasDot = {
        id: r.rider.id,
        lat: r.lat,
        lon: r.lon,
        colour:
          r.cond === 'finished' ? FINISHED_COLOUR : r.cond === 'dnf' ? OUT_COLOUR : groupColour(r.group),
        highlighted: r.rider.id === followId,
        out: r.cond === 'dnf',
      };
      if (dot.highlighted) followed = dot;
      dots.push(dot);
    }
    latest.current = dots;
    layer.current?.setDots(dots);
    const m = map.current;
    if (m && followed) {
      const at = L.latLng(followed.lat, followed.lon);
      if (!m.getBounds().pad(-0.2).contains(at)) m.panTo(at, { animate: false });
    }
  }, [standings, followId]);

  return (
    <div className={styles.map}>
      <CourseMap course={course} checkpoints={checkpoints} label={label} onMap={onMap} />
    </div>
  );
}
