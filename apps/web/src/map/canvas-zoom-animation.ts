import L from 'leaflet';
import { currentView, type DrawnView, zoomTransform } from './zoom-transform.ts';

/**
 * Keeps a canvas that covers the map in step with Leaflet's zoom animation (the +/− buttons, the
 * wheel, the end of a pinch), as Leaflet's own renderers do. At `zoomanim` the map already stands at
 * the target view while tiles and the course glide there by a CSS transition: the canvas keeps its
 * last frame and is transformed to glide with them (Leaflet's `leaflet-zoom-animated` class gives it
 * the transition and the top-left transform origin), and must not be redrawn until `zoomend`, when
 * its layer draws it crisply again. Without the map's `zoomAnimation` option Leaflet zooms in one
 * step and there is nothing to do. Reduced motion needs nothing either: the app's stylesheet removes
 * every transition, so the canvas jumps with the tiles.
 */
export class CanvasZoomAnimation {
  private readonly canvas: HTMLCanvasElement;
  private readonly onEnd: () => void;
  private map: L.Map | null = null;
  private drawn: DrawnView | null = null;
  private animating = false;

  /** `onEnd`: redraw the canvas for the map's view, once the animation is over. */
  constructor(canvas: HTMLCanvasElement, onEnd: () => void) {
    this.canvas = canvas;
    this.onEnd = onEnd;
  }

  attach(map: L.Map): void {
    if (!map.options.zoomAnimation) return;
    this.map = map;
    L.DomUtil.addClass(this.canvas, 'leaflet-zoom-animated');
    map.on('zoomanim', this.animate, this);
    map.on('zoomend', this.end, this);
  }

  detach(): void {
    this.map?.off('zoomanim', this.animate, this);
    this.map?.off('zoomend', this.end, this);
    this.map = null;
    this.animating = false;
  }

  /**
   * While true the canvas shows the view before the zoom, transformed, and drawing it for the map's
   * (already final) view would put every rider in the wrong place for the rest of the animation.
   */
  get frozen(): boolean {
    return this.animating;
  }

  /** Call after each draw: the canvas now shows the map's current view. */
  markDrawn(map: L.Map): void {
    this.drawn = currentView(map);
  }

  private animate(event: L.ZoomAnimEvent): void {
    this.animating = true;
    const map = this.map;
    if (!map || !this.drawn) return;
    const { offset, scale } = zoomTransform(map, this.drawn, event.center, event.zoom);
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }

  private end(): void {
    if (!this.animating) return;
    this.animating = false;
    this.onEnd();
  }
}
