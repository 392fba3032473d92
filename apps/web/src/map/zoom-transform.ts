import type L from 'leaflet';

/** The view a canvas covering the map was last drawn for. */
export interface DrawnView {
  /** Layer point of the canvas's top-left corner (`containerPointToLayerPoint([0, 0])` then). */
  readonly topLeft: L.Point;
  /** The map's pixel origin then: a layer point plus it is a world pixel at `zoom`. */
  readonly pixelOrigin: L.Point;
  readonly zoom: number;
}

/** The public map methods the transform needs; a real `L.Map` is one. */
export type ZoomProjection = Pick<
  L.Map,
  'project' | 'getZoomScale' | 'getSize' | 'containerPointToLayerPoint'
>;

/** What to give `L.DomUtil.setTransform`: the canvas's new top-left (layer point) and its scale. */
export interface ZoomTransform {
  readonly offset: L.Point;
  readonly scale: number;
}

/**
 * Where a canvas drawn for `drawn` must stand, and how much larger, for the map zoomed to `zoom`
 * around `center`: the same sum as Leaflet's renderers (`Renderer._updateTransform`) and image
 * overlays (`_latLngBoundsToNewLayerBounds`), with public methods only. The canvas's corner is a
 * world pixel at the drawn zoom; zooming multiplies world pixels by the zoom scale; the layer points
 * of the new view are world pixels less the new pixel origin.
 */
export function zoomTransform(
  map: ZoomProjection,
  drawn: DrawnView,
  center: L.LatLngExpression,
  zoom: number,
): ZoomTransform {
  const scale = map.getZoomScale(zoom, drawn.zoom);
  // Leaflet's private `_getNewPixelOrigin`: the map pane stays put while the zoom animates, and
  // `containerPointToLayerPoint([0, 0])` is minus its position.
  const paneOffset = map.containerPointToLayerPoint([0, 0]);
  const newPixelOrigin = map
    .project(center, zoom)
    .subtract(map.getSize().divideBy(2))
    .subtract(paneOffset)
    .round();
  const offset = drawn.topLeft.add(drawn.pixelOrigin).multiplyBy(scale).subtract(newPixelOrigin);
  return { offset, scale };
}

/** The view `map` shows now, as a canvas covering it would be drawn for. */
export function currentView(map: L.Map): DrawnView {
  return {
    topLeft: map.containerPointToLayerPoint([0, 0]),
    pixelOrigin: map.getPixelOrigin(),
    zoom: map.getZoom(),
  };
}
