import L from 'leaflet';

/** Container size of the test maps, in CSS pixels. */
export const MAP_SIZE = { x: 800, y: 600 } as const;

/**
 * A Leaflet map in jsdom: jsdom lays nothing out, so the container is given a size by hand (Leaflet
 * reads `clientWidth`/`clientHeight`). Removed with `map.remove()` and `container.remove()`.
 */
export function testMap(options: L.MapOptions = {}): { map: L.Map; container: HTMLDivElement } {
  const container = document.createElement('div');
  Object.defineProperty(container, 'clientWidth', { value: MAP_SIZE.x });
  Object.defineProperty(container, 'clientHeight', { value: MAP_SIZE.y });
  document.body.append(container);
  const map = L.map(container, { zoomAnimation: true, ...options }).setView([45.9, 6.1], 12);
  return { map, container };
}

/**
 * A 2D context that draws nothing: jsdom has no canvas (`getContext` answers null), and the layers
 * only need their drawing calls to succeed.
 */
export function inertContext(): CanvasRenderingContext2D {
  const target = { measureText: () => ({ width: 0 }) } as Record<string, unknown>;
  return new Proxy(target, {
    get: (object, key) => (key in object ? object[key as string] : () => undefined),
    set: () => true,
  }) as unknown as CanvasRenderingContext2D;
}
