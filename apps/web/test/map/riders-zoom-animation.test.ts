import L from 'leaflet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FeedClock } from '../../src/live/feed-clock.ts';
import { RidersLayer } from '../../src/map/RidersLayer.ts';
import { RiderScene } from '../../src/map/rider-scene.ts';
import { RidersCanvasLayer } from '../../src/replay/riders-canvas-layer.ts';
import { inertContext, MAP_SIZE, testMap } from './leaflet-map.ts';

/** Leaflet's browser sniffing, which its typings mark read-only. */
const browser = L.Browser as { any3d: boolean };
const any3d = browser.any3d;
let map: L.Map;
let container: HTMLDivElement;

beforeEach(() => {
  // As in every browser the app supports: Leaflet then animates zooms and positions by transforms.
  browser.any3d = true;
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => inertContext() as unknown as ReturnType<HTMLCanvasElement['getContext']>,
  );
});

afterEach(() => {
  map.remove();
  container.remove();
  browser.any3d = any3d;
  vi.restoreAllMocks();
});

const nextFrames = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** The translation and scale of a `L.DomUtil.setTransform` transform. */
function transformOf(element: HTMLElement): { x: number; y: number; scale: number } {
  const match = /translate3d\((-?[\d.]+)px, (-?[\d.]+)px, 0px\)(?: scale\(([\d.]+)\))?/.exec(
    element.style.transform,
  );
  if (!match) throw new Error(`no transform: "${element.style.transform}"`);
  return { x: Number(match[1]), y: Number(match[2]), scale: match[3] ? Number(match[3]) : 1 };
}

/** Zooms in with Leaflet's own animation and stops at `zoomanim`, the animation's first frame. */
async function startZoomIn(): Promise<void> {
  const started = new Promise<void>((resolve) => map.once('zoomanim', () => resolve()));
  map.zoomIn(1);
  await started;
}

const zoomEnded = () => new Promise<void>((resolve) => map.once('zoomend', () => resolve()));

const layers = {
  'the live riders layer': (): { layer: L.Layer; canvas: () => HTMLCanvasElement } => {
    const layer = new RidersLayer(new RiderScene(new FeedClock()));
    return { layer, canvas: () => container.querySelector('canvas.echelon-riders-canvas')! };
  },
  'the replay riders layer': (): { layer: L.Layer; canvas: () => HTMLCanvasElement } => {
    const layer = new RidersCanvasLayer();
    return { layer, canvas: () => map.getPanes().overlayPane.querySelector('canvas')! };
  },
};

describe.each(Object.entries(layers))('%s during a zoom animation', (_name, make) => {
  it('scales and moves its canvas with the map, keeps it until zoomend, then redraws it unscaled', async () => {
    ({ map, container } = testMap());
    const { layer, canvas } = make();
    layer.addTo(map);
    expect(canvas().classList.contains('leaflet-zoom-animated')).toBe(true);

    const ended = zoomEnded();
    await startZoomIn();
    const during = transformOf(canvas());
    expect(during.scale).toBe(2);
    // Zoomed in around the centre: the canvas's corner goes half a map up and left (within Leaflet's
    // rounding of its pixel origin).
    expect(Math.abs(during.x + MAP_SIZE.x / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(during.y + MAP_SIZE.y / 2)).toBeLessThanOrEqual(1);
    expect(canvas().style.visibility).not.toBe('hidden');

    // Nothing is drawn until zoomend, not even new riders: drawn now, they would be drawn for the
    // final view into a canvas still showing the first.
    const draws = vi.mocked(HTMLCanvasElement.prototype.getContext).mock.calls.length;
    if (layer instanceof RidersCanvasLayer) layer.setDots([{ id: 'a', lat: 45.9, lon: 6.1, colour: '#f00' }]);
    await nextFrames();
    expect(vi.mocked(HTMLCanvasElement.prototype.getContext).mock.calls.length).toBe(draws);
    expect(transformOf(canvas())).toEqual(during);

    await ended;
    expect(transformOf(canvas()).scale).toBe(1);
    expect(vi.mocked(HTMLCanvasElement.prototype.getContext).mock.calls.length).toBeGreaterThan(draws);
    layer.remove();
  });

  it('does nothing when the map does not animate zooms', () => {
    ({ map, container } = testMap({ zoomAnimation: false }));
    const { layer, canvas } = make();
    layer.addTo(map);
    expect(canvas().classList.contains('leaflet-zoom-animated')).toBe(false);
    map.fire('zoomanim', { center: map.getCenter(), zoom: 13 });
    expect(transformOf(canvas()).scale).toBe(1);
    layer.remove();
  });
});
