import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { CheckpointView, CourseView } from '../api/types.ts';
import styles from './CourseMap.module.css';
import { tileConfig } from './tiles.ts';

export interface CourseMapProps {
  course: Pick<CourseView, 'simplified' | 'bbox'>;
  checkpoints?: Array<Pick<CheckpointView, 'id' | 'name' | 'kind' | 'lat' | 'lon'>>;
  /** Accessible name of the map region. */
  label: string;
  className?: string;
  /** Called once the map exists, for layers drawn on top (riders, selection). */
  onMap?: (map: L.Map) => void;
  onCheckpointClick?: (checkpointId: string) => void;
  children?: ReactNode;
}

const CHECKPOINT_COLOURS: Record<string, string> = {
  start: '#1b7f3b',
  finish: '#14171f',
  sprint: '#0b7dda',
  climb: '#d62828',
  feed_zone: '#b35c00',
  timing: '#6b3fa0',
};

/**
 * The course on a Leaflet map, drawn on canvas: the line, start and finish, checkpoints. Tiles are a
 * background only — when none load, the course is still there on a plain canvas.
 */
export function CourseMap({
  course,
  checkpoints = [],
  label,
  className,
  onMap,
  onCheckpointClick,
  children,
}: CourseMapProps) {
  const element = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  /**
   * The map that exists now. When the course changes, React removes the old map and makes the new one
   * before the render that holds it: in between, `map` is still the removed one, and drawing on it
   * fails inside Leaflet (its panes are gone: "reading 'appendChild'"). Layers go on the live map only.
   */
  const live = useRef<L.Map | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, { preferCanvas: true, zoomSnap: 0.25, attributionControl: true });
    const { minLat, minLon, maxLat, maxLon } = course.bbox;
    created.fitBounds(
      [
        [minLat, minLon],
        [maxLat, maxLon],
      ],
      { padding: [16, 16] },
    );
    let alive = true;
    void tileConfig().then((tiles) => {
      if (alive && tiles.url) {
        L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(created);
      }
    });
    live.current = created;
    setMap(created);
    return () => {
      alive = false;
      if (live.current === created) live.current = null;
      created.remove();
      setMap(null);
    };
  }, [course.bbox]);

  useEffect(() => {
    if (!map || map !== live.current) return;
    const layer = L.layerGroup().addTo(map);
    L.polyline(course.simplified, { color: '#ffffff', weight: 8, opacity: 0.9, interactive: false }).addTo(
      layer,
    );
    L.polyline(course.simplified, { color: '#0b3d91', weight: 4, interactive: false }).addTo(layer);
    for (const checkpoint of checkpoints) {
      const marker = L.circleMarker([checkpoint.lat, checkpoint.lon], {
        radius: 7,
        color: '#ffffff',
        weight: 2,
        fillColor: CHECKPOINT_COLOURS[checkpoint.kind] ?? '#4b5263',
        fillOpacity: 1,
      })
        .bindTooltip(textElement(checkpoint.name))
        .addTo(layer);
      if (onCheckpointClick) marker.on('click', () => onCheckpointClick(checkpoint.id));
    }
    return () => {
      layer.remove();
    };
  }, [map, course.simplified, checkpoints, onCheckpointClick]);

  useEffect(() => {
    if (map && map === live.current && onMap) onMap(map);
  }, [map, onMap]);

  return (
    <section className={`${styles.wrap} ${className ?? ''}`} aria-label={label}>
      <div ref={element} className={styles.map} />
      {children}
    </section>
  );
}

/**
 * Leaflet puts a string tooltip in with innerHTML: a checkpoint named `<img onerror=…>` would run. An
 * element holding a text node shows the name as it is.
 */
function textElement(text: string): HTMLElement {
  const element = document.createElement('span');
  element.textContent = text;
  return element;
}
