import L from 'leaflet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentView, type DrawnView, zoomTransform } from '../../src/map/zoom-transform.ts';
import { MAP_SIZE, testMap } from './leaflet-map.ts';

let map: L.Map;
let container: HTMLDivElement;

beforeEach(() => {
  ({ map, container } = testMap());
});

afterEach(() => {
  map.remove();
  container.remove();
});

/** Within a pixel: Leaflet rounds its pixel origins, so the map itself is only this exact. */
function expectNear(point: L.Point, x: number, y: number): void {
  expect(Math.abs(point.x - x)).toBeLessThanOrEqual(1);
  expect(Math.abs(point.y - y)).toBeLessThanOrEqual(1);
}

/** Leaflet's own zoom-around-a-point centre (`Map.setZoomAround`), without moving the map. */
function centreZoomedAround(point: L.PointExpression, zoom: number): L.LatLng {
  const scale = map.getZoomScale(zoom);
  const viewHalf = map.getSize().divideBy(2);
  const centreOffset = L.point(point)
    .subtract(viewHalf)
    .multiplyBy(1 - 1 / scale);
  return map.containerPointToLatLng(viewHalf.add(centreOffset));
}

/**
 * Where a place drawn on the canvas ends up once transformed, against where the map puts it at the
 * target view: the two must agree for riders to stay on the road while the map zooms.
 */
function transformedAndTarget(
  drawn: DrawnView,
  place: L.LatLng,
  center: L.LatLng,
  zoom: number,
): { transformed: L.Point; target: L.Point } {
  const { offset, scale } = zoomTransform(map, drawn, center, zoom);
  const onCanvas = map.project(place, drawn.zoom).subtract(drawn.topLeft.add(drawn.pixelOrigin));
  const transformed = offset.add(onCanvas.multiplyBy(scale));
  const panePosition = map.containerPointToLayerPoint([0, 0]).multiplyBy(-1);
  const newPixelOrigin = map
    .project(center, zoom)
    .subtract(map.getSize().divideBy(2))
    .add(panePosition)
    .round();
  return { transformed, target: map.project(place, zoom).subtract(newPixelOrigin) };
}

describe('zoomTransform', () => {
  it('zooming in one step around the centre doubles the canvas and moves its corner up-left by half the map', () => {
    const { offset, scale } = zoomTransform(map, currentView(map), map.getCenter(), 13);
    expect(scale).toBe(2);
    // By hand: the corner was half a map from the centre; twice as far now, the centre staying put.
    expectNear(offset, -MAP_SIZE.x / 2, -MAP_SIZE.y / 2);
  });

  it('zooming out one step halves the canvas and moves its corner in by a quarter of the map', () => {
    const { offset, scale } = zoomTransform(map, currentView(map), map.getCenter(), 11);
    expect(scale).toBe(0.5);
    expectNear(offset, MAP_SIZE.x / 4, MAP_SIZE.y / 4);
  });

  it('zooming around a point (the wheel, a double click) keeps that point where it is', () => {
    const origin = L.point(120, 450);
    const { offset, scale } = zoomTransform(map, currentView(map), centreZoomedAround(origin, 14), 14);
    expect(scale).toBe(4);
    // The map pane has not moved, so layer points are container points: the origin is a fixed point.
    expectNear(offset.add(origin.multiplyBy(scale)), origin.x, origin.y);
  });

  it("gives the same transform as Leaflet's own renderers, with the map pane panned", () => {
    map.panBy([137, -61], { animate: false });
    // The SVG renderer: it shares `Renderer._updateTransform` with the canvas one, which jsdom cannot add.
    const renderer = L.svg({ padding: 0 }).addTo(map);
    const internals = renderer as unknown as {
      _container: HTMLElement;
      _updateTransform(center: L.LatLng, zoom: number): void;
    };
    const drawn = currentView(map);
    for (const [point, zoom] of [
      [L.point(400, 300), 13],
      [L.point(10, 590), 14],
      [L.point(700, 80), 11],
    ] as const) {
      const center = centreZoomedAround(point, zoom);
      internals._updateTransform(center, zoom);
      const expected = L.DomUtil.getPosition(internals._container);
      const { offset, scale } = zoomTransform(map, drawn, center, zoom);
      expect(scale).toBe(map.getZoomScale(zoom));
      expectNear(offset, expected.x, expected.y);
    }
  });

  it('starts from the view the canvas was drawn for, also at a fractional zoom (the end of a pinch)', () => {
    const drawnZoom = 12.4;
    const drawn: DrawnView = {
      topLeft: L.point(-35, 18),
      pixelOrigin: map
        .project(map.getCenter(), drawnZoom)
        .subtract([400 - 35, 300 + 18])
        .round(),
      zoom: drawnZoom,
    };
    const center = L.latLng(45.91, 6.08);
    expect(zoomTransform(map, drawn, center, 13).scale).toBeCloseTo(2 ** 0.6, 12);
    for (const place of [L.latLng(45.9, 6.1), L.latLng(45.93, 6.05), L.latLng(45.87, 6.16)]) {
      const { transformed, target } = transformedAndTarget(drawn, place, center, 13);
      expect(transformed.x).toBeCloseTo(target.x, 6);
      expect(transformed.y).toBeCloseTo(target.y, 6);
    }
  });
});
