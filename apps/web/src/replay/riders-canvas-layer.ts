import L from 'leaflet';
import { CanvasZoomAnimation } from '../map/canvas-zoom-animation.ts';

export interface CanvasDot {
  id: string;
  lat: number;
  lon: number;
  colour: string;
  /** Drawn larger, outlined, on top: the followed rider. */
  highlighted?: boolean;
  /** Out of the race by a decision: crossed through, as on the live map, readable without colour. */
  out?: boolean;
}

const RADIUS = 5;
const HIGHLIGHT_RADIUS = 8;
/** How far (px) from a dot a click still picks it. */
const PICK_PX = 12;

/**
 * Riders as dots on one canvas over the map: thousands redraw in a frame, where as many SVG or Leaflet
 * markers would not. The canvas covers the visible map and is redrawn on every move and zoom; during a
 * zoom animation its last frame scales and moves with the map instead.
 */
export class RidersCanvasLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private zoomAnimation: CanvasZoomAnimation | null = null;
  private dots: CanvasDot[] = [];
  private frame = 0;
  private readonly onPick: ((id: string) => void) | undefined;

  constructor(onPick?: (id: string) => void) {
    super();
    this.onPick = onPick;
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas') as HTMLCanvasElement;
    canvas.style.pointerEvents = 'none';
    canvas.setAttribute('aria-hidden', 'true');
    map.getPanes().overlayPane.appendChild(canvas);
    this.canvas = canvas;
    this.zoomAnimation = new CanvasZoomAnimation(canvas, () => this.reset());
    this.zoomAnimation.attach(map);
    map.on('moveend zoomend resize viewreset move', this.reset, this);
    map.on('click', this.pick, this);
    this.reset();
    return this;
  }

  override onRemove(map: L.Map): this {
    cancelAnimationFrame(this.frame);
    this.zoomAnimation?.detach();
    this.zoomAnimation = null;
    map.off('moveend zoomend resize viewreset move', this.reset, this);
    map.off('click', this.pick, this);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  /** The dots to draw; drawn on the next animation frame. */
  setDots(dots: CanvasDot[]): void {
    this.dots = dots;
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }
  }

  private reset(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (!map || !canvas || this.zoomAnimation?.frozen) return;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.x * ratio);
    canvas.height = Math.round(size.y * ratio);
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    this.draw();
  }

  private draw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (!map || !canvas || this.zoomAnimation?.frozen) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const highlighted: CanvasDot[] = [];
    for (const dot of this.dots) {
      if (dot.highlighted) highlighted.push(dot);
      else this.dot(ctx, map, dot, RADIUS);
    }
    for (const dot of highlighted) this.dot(ctx, map, dot, HIGHLIGHT_RADIUS);
    this.zoomAnimation?.markDrawn(map);
  }

  private dot(ctx: CanvasRenderingContext2D, map: L.Map, dot: CanvasDot, radius: number): void {
    const p = map.latLngToContainerPoint([dot.lat, dot.lon]);
    ctx.beginPath();
    ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
    ctx.fillStyle = dot.colour;
    ctx.fill();
    ctx.lineWidth = dot.highlighted ? 3 : 1.5;
    ctx.strokeStyle = dot.highlighted || dot.out ? '#14171f' : '#ffffff';
    ctx.stroke();
    if (dot.out) {
      const r = radius * 0.6;
      ctx.beginPath();
      ctx.moveTo(p.x - r, p.y - r);
      ctx.lineTo(p.x + r, p.y + r);
      ctx.moveTo(p.x + r, p.y - r);
      ctx.lineTo(p.x - r, p.y + r);
      ctx.stroke();
    }
  }

  private pick(event: L.LeafletMouseEvent): void {
    const map = this._map as L.Map | undefined;
    if (!map || !this.onPick) return;
    let best: CanvasDot | null = null;
    let bestDistance = PICK_PX;
    for (const dot of this.dots) {
      const distance = map.latLngToContainerPoint([dot.lat, dot.lon]).distanceTo(event.containerPoint);
      if (distance <= bestDistance) {
        best = dot;
        bestDistance = distance;
      }
    }
    if (best) this.onPick(best.id);
  }
}
