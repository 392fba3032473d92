import L from 'leaflet';
import { DNF_COLOUR, FINISHED_COLOUR } from '../live/group-colours.ts';
import { CanvasZoomAnimation } from './canvas-zoom-animation.ts';
import type { RiderScene, SceneItem } from './rider-scene.ts';

export interface RidersLayerHandlers {
  /** The rider under the pointer changed (null: none). */
  onHover?: (item: SceneItem | null) => void;
  /** A click on the map: the rider under it, or null for empty map. */
  onClick?: (item: SceneItem | null) => void;
  /** After each drawn frame: place overlays that follow a rider (tooltip). */
  afterDraw?: (layer: RidersLayer) => void;
}

const PANE = 'echelon-riders';
const HIT_SLOP_PX = 6;
const EARTH_PX = 256;
/** A rider that moved less than this since the canvas was painted is not worth painting again. */
const REPAINT_PX = 0.5;

/**
 * Every rider drawn on ONE canvas in one pass per animation frame: no DOM element per rider, so
 * thousands stay smooth. Riders are placed every frame, but the canvas is painted again only when
 * something on it would change: a rider moved by half a pixel or more, looks different, or the view
 * moved. At a whole-course zoom a rider at 30 km/h crosses a pixel in seconds, and painting a large
 * canvas 60 times a second (and handing it to the compositor) was most of a big field's frame. During
 * a zoom animation the last painting scales and moves with the map and is redrawn at the new zoom at
 * the end. Pointer hits are found from the positions of the last frame.
 */
export class RidersLayer extends L.Layer {
  private readonly scene: RiderScene;
  private readonly handlers: RidersLayerHandlers;
  private canvas: HTMLCanvasElement | null = null;
  private zoomAnimation: CanvasZoomAnimation | null = null;
  private frameId: number | null = null;
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);
  private radii = new Float32Array(0);
  /** What the canvas shows: the items and their positions when it was last painted, and the view. */
  private painted: readonly SceneItem[] = [];
  private paintedXs = new Float32Array(0);
  private paintedYs = new Float32Array(0);
  private paintedView = '';
  private hovered: SceneItem | null = null;
  private lastPointer: L.Point | null = null;

  constructor(scene: RiderScene, handlers: RidersLayerHandlers = {}) {
    super();
    this.scene = scene;
    this.handlers = handlers;
  }

  override onAdd(map: L.Map): this {
    const pane = map.getPane(PANE) ?? map.createPane(PANE);
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    const canvas = L.DomUtil.create('canvas', 'echelon-riders-canvas', pane);
    canvas.setAttribute('aria-hidden', 'true');
    this.canvas = canvas;
    this.zoomAnimation = new CanvasZoomAnimation(canvas, () => this.draw());
    this.zoomAnimation.attach(map);
    map.on('mousemove', this.pointerMove, this);
    map.on('mouseout', this.pointerOut, this);
    map.on('click', this.pointerClick, this);
    this.loop();
    return this;
  }

  override onRemove(map: L.Map): this {
    if (this.frameId !== null) cancelAnimationFrame(this.frameId);
    this.frameId = null;
    this.zoomAnimation?.detach();
    this.zoomAnimation = null;
    map.off('mousemove', this.pointerMove, this);
    map.off('mouseout', this.pointerOut, this);
    map.off('click', this.pointerClick, this);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  /** Container pixel of a rider drawn in the last frame, or null when it was not drawn. */
  screenPoint(riderId: string): [number, number] | null {
    const items = this.scene.drawn;
    for (let k = items.length - 1; k >= 0; k -= 1) {
      if (items[k]!.rider.id === riderId) return [this.xs[k]!, this.ys[k]!];
    }
    return null;
  }

  private loop = (): void => {
    this.frameId = requestAnimationFrame(this.loop);
    // Pinching and flying redraw every frame (the map's view is whole then); a zoom animation does not.
    if (!this.zoomAnimation?.frozen) this.draw();
  };

  private draw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    if (canvas.width !== Math.round(size.x * ratio) || canvas.height !== Math.round(size.y * ratio)) {
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const items = this.scene.frame(performance.now());
    this.project(map, items, topLeft);
    const origin = map.getPixelOrigin();
    const view = `${map.getZoom()}|${origin.x}|${origin.y}|${topLeft.x}|${topLeft.y}|${canvas.width}|${canvas.height}`;
    if (view !== this.paintedView || !this.unchanged(items)) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      drawRiders(ctx, items, this.xs, this.ys, this.radii);
      this.remember(items, view);
    }
    this.zoomAnimation?.markDrawn(map);
    if (this.lastPointer) this.updateHover(this.lastPointer);
    this.handlers.afterDraw?.(this);
  }

  /** Whether painting `items` at the positions just projected would look as the canvas does. */
  private unchanged(items: readonly SceneItem[]): boolean {
    const before = this.painted;
    if (before.length !== items.length) return false;
    for (let k = 0; k < items.length; k += 1) {
      const a = items[k]!;
      const b = before[k]!;
      if (
        a.rider !== b.rider ||
        a.colour !== b.colour ||
        a.look !== b.look ||
        a.followed !== b.followed ||
        a.selected !== b.selected ||
        a.dimmed !== b.dimmed ||
        Math.abs(this.xs[k]! - this.paintedXs[k]!) >= REPAINT_PX ||
        Math.abs(this.ys[k]! - this.paintedYs[k]!) >= REPAINT_PX
      ) {
        return false;
      }
    }
    return true;
  }

  private remember(items: readonly SceneItem[], view: string): void {
    this.painted = items;
    this.paintedView = view;
    if (this.paintedXs.length < this.xs.length) {
      this.paintedXs = new Float32Array(this.xs.length);
      this.paintedYs = new Float32Array(this.xs.length);
    }
    this.paintedXs.set(this.xs.subarray(0, items.length));
    this.paintedYs.set(this.ys.subarray(0, items.length));
  }

  /** Container pixels of every item, with Web Mercator done by hand (no objects per rider). */
  private project(map: L.Map, items: readonly SceneItem[], topLeft: L.Point): void {
    if (this.xs.length < items.length) {
      const size = Math.max(items.length, this.xs.length * 2, 64);
      this.xs = new Float32Array(size);
      this.ys = new Float32Array(size);
      this.radii = new Float32Array(size);
    }
    const mercator = map.options.crs === L.CRS.EPSG3857;
    const scale = EARTH_PX * 2 ** map.getZoom();
    const origin = map.getPixelOrigin();
    const offsetX = origin.x + topLeft.x;
    const offsetY = origin.y + topLeft.y;
    for (let k = 0; k < items.length; k += 1) {
      const item = items[k]!;
      if (mercator) {
        const lat = Math.max(-85.0511287798, Math.min(85.0511287798, item.lat)) * (Math.PI / 180);
        this.xs[k] = scale * (0.5 + item.lon / 360) - offsetX;
        this.ys[k] = scale * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI)) - offsetY;
      } else {
        const point = map.latLngToContainerPoint([item.lat, item.lon]);
        this.xs[k] = point.x;
        this.ys[k] = point.y;
      }
      this.radii[k] = radiusOf(item);
    }
  }

  private hitTest(point: L.Point): SceneItem | null {
    const items = this.scene.drawn;
    for (let k = items.length - 1; k >= 0; k -= 1) {
      const dx = this.xs[k]! - point.x;
      const dy = this.ys[k]! - point.y;
      const reach = this.radii[k]! + HIT_SLOP_PX;
      if (dx * dx + dy * dy <= reach * reach) return items[k]!;
    }
    return null;
  }

  private updateHover(point: L.Point): void {
    const hit = this.hitTest(point);
    if (hit?.rider.id === this.hovered?.rider.id) return;
    this.hovered = hit;
    const container = (this._map as L.Map | undefined)?.getContainer();
    if (container) container.style.cursor = hit ? 'pointer' : '';
    this.handlers.onHover?.(hit);
  }

  private pointerMove(event: L.LeafletMouseEvent): void {
    this.lastPointer = event.containerPoint;
    this.updateHover(event.containerPoint);
  }

  private pointerOut(): void {
    this.lastPointer = null;
    if (this.hovered) {
      this.hovered = null;
      this.handlers.onHover?.(null);
    }
  }

  private pointerClick(event: L.LeafletMouseEvent): void {
    this.handlers.onClick?.(this.hitTest(event.containerPoint));
  }
}

export function radiusOf(item: Pick<SceneItem, 'selected' | 'followed' | 'look'>): number {
  if (item.selected) return 9;
  if (item.followed) return 8;
  return item.look === 'group' ? 5 : 4.5;
}

/**
 * One pass over the riders: plain dots batched by colour (one path each), then the followed and
 * selected riders one by one, outlined and labelled with their bib.
 */
function drawRiders(
  ctx: CanvasRenderingContext2D,
  items: readonly SceneItem[],
  xs: Float32Array,
  ys: Float32Array,
  radii: Float32Array,
): void {
  const batches = new Map<string, number[]>();
  const special: number[] = [];
  // Dots that look alike and land on the same pixel are painted once: a bunch of fifty riders is one
  // pixel at a whole-course zoom, and the canvas's cost is the dots it paints.
  const taken = new Map<string, Set<number>>();
  for (let k = 0; k < items.length; k += 1) {
    const item = items[k]!;
    if (item.followed || item.selected) {
      special.push(k);
      continue;
    }
    const key = `${item.colour}|${item.look}|${item.dimmed ? 1 : 0}`;
    const pixel = Math.round(xs[k]!) * 65_536 + Math.round(ys[k]!) + radii[k]! / 16;
    let pixels = taken.get(key);
    if (!pixels) {
      pixels = new Set();
      taken.set(key, pixels);
    }
    if (pixels.has(pixel)) continue;
    pixels.add(pixel);
    const batch = batches.get(key);
    if (batch) batch.push(k);
    else batches.set(key, [k]);
  }
  ctx.lineWidth = 1.5;
  for (const [key, batch] of batches) {
    const [colour, look, dimmed] = key.split('|') as [string, string, string];
    ctx.globalAlpha = dimmed === '1' ? 0.25 : look === 'stale' ? 0.75 : 1;
    ctx.beginPath();
    for (const k of batch) {
      ctx.moveTo(xs[k]! + radii[k]!, ys[k]!);
      ctx.arc(xs[k]!, ys[k]!, radii[k]!, 0, Math.PI * 2);
    }
    if (look !== 'waiting') {
      ctx.fillStyle = colour;
      ctx.fill();
    }
    ctx.strokeStyle = look === 'dnf' ? FINISHED_COLOUR : look === 'waiting' ? colour : '#ffffff';
    ctx.stroke();
    if (look === 'dnf') {
      // Out of the race: a cross through the dot, readable without colour.
      ctx.beginPath();
      for (const k of batch) {
        const r = radii[k]! * 0.6;
        ctx.moveTo(xs[k]! - r, ys[k]! - r);
        ctx.lineTo(xs[k]! + r, ys[k]! + r);
        ctx.moveTo(xs[k]! + r, ys[k]! - r);
        ctx.lineTo(xs[k]! - r, ys[k]! + r);
      }
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const k of special) {
    const item = items[k]!;
    const x = xs[k]!;
    const y = ys[k]!;
    const r = radii[k]!;
    ctx.globalAlpha = item.dimmed && !item.selected ? 0.5 : 1;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fillStyle = item.look === 'dnf' ? DNF_COLOUR : item.colour;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#14171f';
    ctx.stroke();
    if (item.selected) {
      ctx.beginPath();
      ctx.arc(x, y, r + 3, 0, Math.PI * 2);
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#ffd23f';
      ctx.stroke();
    }
    const label = String(item.rider.bib);
    const width = ctx.measureText(label).width + 8;
    const lx = x + r + 4;
    ctx.fillStyle = '#14171f';
    ctx.beginPath();
    ctx.roundRect(lx, y - 8, width, 16, 4);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.fillText(label, lx + 4, y + 0.5);
  }
  ctx.globalAlpha = 1;
}
