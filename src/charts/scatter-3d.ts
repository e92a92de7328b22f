// The 3-D word map: points of a 3-component PCA / UMAP / t-SNE turned by a yaw and a pitch
// and drawn in perspective on a 2-D canvas, pixels written directly (point-raster.ts), one
// colour group at a time (map-colour.ts). Drag rotates, the wheel zooms; the arrow keys and
// + / − do the same on the focused canvas, and rotateBy / zoomBy / showAll serve the card's buttons.
// Hover names a word, click selects it. Every draw is the User Timing measure "scatter-3d-draw".
import { PointRaster, packOverWhite } from './point-raster';
import { byRank, type Colouring } from './map-colour';

export interface Map3Data {
  /** [n, 3] f32, row i = word i (rank i + 1). */
  coords: Float32Array;
  words: string[];
  counts?: Float64Array;
}

export interface Scatter3Events {
  click?(i: number | undefined): void;
}

const HIT_PX = 8;
const MAX_LABELS = 16;
const CAMERA = 3; // camera distance in units of the cloud's radius
const SEARCH = '#dc2626';
const SELECT = '#111827';
const NEIGHBOUR = '#ea580c';

export class Scatter3D {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly tip: HTMLDivElement;
  private readonly raster = new PointRaster();
  private packed: number[] = [];
  private dimmed: number[] = [];
  private groups: Uint32Array[] = [];
  private bold: number | undefined;
  private data: Map3Data = { coords: new Float32Array(0), words: [] };
  private n = 0;
  /** [n, 3] centred and scaled into the unit ball. */
  private unit = new Float32Array(0);
  /** [n] screen positions (CSS px) of the last draw. */
  private px = new Float32Array(0);
  private py = new Float32Array(0);
  private yaw = 0.6;
  private pitch = 0.35;
  private zoom = 1;
  private width = 600;
  private height = 420;
  private hovered: number | undefined;
  private selected: number | undefined;
  private searched: number | undefined;
  private marked: number[] = [];
  private frame = 0;
  private drag: { x: number; y: number; moved: number } | undefined;

  constructor(
    host: HTMLElement,
    private readonly events: Scatter3Events = {},
  ) {
    host.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute(
      'aria-label',
      '3-D map of words: drag or arrow keys to rotate, scroll or + and − to zoom, click a word to select it',
    );
    this.canvas.tabIndex = 0;
    Object.assign(this.canvas.style, { display: 'block', touchAction: 'none', cursor: 'grab' });
    host.appendChild(this.canvas);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2-D canvas context');
    this.ctx = ctx;
    this.tip = document.createElement('div');
    this.tip.setAttribute('role', 'tooltip');
    this.tip.dataset.testid = 'map-tooltip';
    Object.assign(this.tip.style, {
      position: 'absolute',
      pointerEvents: 'none',
      display: 'none',
      background: 'rgba(17,24,39,0.9)',
      color: 'white',
      padding: '2px 6px',
      borderRadius: '4px',
      font: '12px system-ui, sans-serif',
      whiteSpace: 'nowrap',
    });
    host.appendChild(this.tip);
    const c = this.canvas;
    c.addEventListener('pointerdown', (e) => {
      this.drag = { x: e.clientX, y: e.clientY, moved: 0 };
      c.setPointerCapture?.(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (!this.drag) return this.hover(e.offsetX, e.offsetY);
      const dx = e.clientX - this.drag.x,
        dy = e.clientY - this.drag.y;
      this.drag = { x: e.clientX, y: e.clientY, moved: this.drag.moved + Math.abs(dx) + Math.abs(dy) };
      this.rotateBy(dx * 0.01, dy * 0.01);
    });
    c.addEventListener('pointerup', (e) => {
      const d = this.drag;
      this.drag = undefined;
      if (d && d.moved < 4) this.events.click?.(this.hit(e.offsetX, e.offsetY));
    });
    c.addEventListener('pointerleave', () => this.hover(-1, -1));
    c.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.zoomBy(Math.exp(-e.deltaY * 0.002));
      },
      { passive: false },
    );
    c.addEventListener('keydown', (e) => {
      const step = 0.15;
      const act: Record<string, () => void> = {
        ArrowLeft: () => this.rotateBy(-step, 0),
        ArrowRight: () => this.rotateBy(step, 0),
        ArrowUp: () => this.rotateBy(0, -step),
        ArrowDown: () => this.rotateBy(0, step),
        '+': () => this.zoomBy(1.25),
        '=': () => this.zoomBy(1.25),
        '-': () => this.zoomBy(0.8),
      };
      const f = act[e.key];
      if (f) (e.preventDefault(), f());
    });
    this.resize(host.clientWidth || 600, 420);
  }

  reset(data: Map3Data): void {
    this.data = data;
    this.n = data.words.length;
    this.groups = [];
    this.setColours(byRank(this.n));
    this.hovered = this.selected = this.searched = undefined;
    this.marked = [];
    this.zoom = 1;
    this.fit();
    this.schedule();
  }

  update(coords: Float32Array): void {
    if (coords.length !== this.n * 3) throw new Error(`update: ${coords.length / 3} points for ${this.n} words`);
    this.data = { ...this.data, coords };
    this.fit();
    this.schedule();
  }

  colour(c: Colouring): void {
    this.setColours(c);
    this.schedule();
  }

  private setColours(c: Colouring): void {
    this.groups = c.groups;
    this.bold = c.bold;
    this.packed = c.colours.map((x) => packOverWhite(x, 0.85));
    this.dimmed = c.colours.map((x) => packOverWhite(x, 0.25));
  }

  resize(width: number, height: number): void {
    this.width = Math.max(160, Math.floor(width));
    this.height = Math.max(120, Math.floor(height));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.schedule();
  }

  /** Turns the view: yaw about the vertical axis, pitch about the horizontal (radians). */
  rotateBy(yaw: number, pitch: number): void {
    this.yaw += yaw;
    this.pitch = Math.max(-1.55, Math.min(1.55, this.pitch + pitch));
    this.hideTip();
    this.schedule();
  }

  zoomBy(f: number): void {
    this.zoom = Math.max(0.3, Math.min(30, this.zoom * f));
    this.hideTip();
    this.schedule();
  }

  /** Zoom back to 1: the whole cloud in view (the rotation stays). */
  showAll(): void {
    this.zoomBy(1 / this.zoom);
  }

  indexOf(word: string): number | undefined {
    const w = word.trim();
    const i = this.data.words.indexOf(w);
    if (i >= 0) return i;
    const j = this.data.words.findIndex((x) => x.toLowerCase() === w.toLowerCase());
    return j >= 0 ? j : undefined;
  }

  select(i: number | undefined, neighbours: number[] = []): void {
    this.selected = i;
    this.marked = neighbours;
    this.schedule();
  }

  /** Rings a word and turns the view so it faces the camera (no pan in 3-D). */
  search(i: number | undefined): void {
    this.searched = i;
    if (i !== undefined) {
      const [x, y, z] = [this.unit[i * 3], this.unit[i * 3 + 1], this.unit[i * 3 + 2]];
      this.yaw = Math.atan2(-x, z);
      this.pitch = Math.max(-1.55, Math.min(1.55, Math.atan2(y, Math.hypot(x, z))));
    }
    this.schedule();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.canvas.remove();
    this.tip.remove();
  }

  /** Centre on the mean, scale so the farthest point is at radius 1. */
  private fit(): void {
    const { coords } = this.data;
    const m = [0, 0, 0];
    for (let i = 0; i < this.n; i++) for (let d = 0; d < 3; d++) m[d] += coords[i * 3 + d] / this.n;
    let r = 0;
    for (let i = 0; i < this.n; i++) r = Math.max(r, Math.hypot(coords[i * 3] - m[0], coords[i * 3 + 1] - m[1], coords[i * 3 + 2] - m[2]));
    const s = r > 0 ? 1 / r : 1;
    this.unit = new Float32Array(this.n * 3);
    for (let i = 0; i < this.n; i++) for (let d = 0; d < 3; d++) this.unit[i * 3 + d] = (coords[i * 3 + d] - m[d]) * s;
    this.px = new Float32Array(this.n);
    this.py = new Float32Array(this.n);
  }

  /** Screen positions (CSS px) of every point for the current yaw, pitch and zoom. */
  private project(): void {
    const cy = Math.cos(this.yaw),
      sy = Math.sin(this.yaw),
      cp = Math.cos(this.pitch),
      sp = Math.sin(this.pitch);
    const s = Math.min(this.width, this.height) * 0.45 * this.zoom;
    const w2 = this.width / 2,
      h2 = this.height / 2;
    const u = this.unit;
    for (let i = 0; i < this.n; i++) {
      const x = u[i * 3],
        y = u[i * 3 + 1],
        z = u[i * 3 + 2];
      const x1 = cy * x + sy * z; // yaw about y
      const z1 = -sy * x + cy * z;
      const y2 = cp * y - sp * z1; // pitch about x
      const z2 = sp * y + cp * z1;
      const p = (CAMERA - 1) / Math.max(0.2, CAMERA - z2); // perspective, 1 at the front of the ball
      this.px[i] = w2 + s * x1 * p;
      this.py[i] = h2 - s * y2 * p;
    }
  }

  private hit(x: number, y: number): number | undefined {
    if (x < 0 || !this.n) return undefined;
    let best: number | undefined,
      bestD = HIT_PX * HIT_PX;
    for (let i = 0; i < this.n; i++) {
      const d = (this.px[i] - x) ** 2 + (this.py[i] - y) ** 2;
      if (d < bestD) ((bestD = d), (best = i));
    }
    return best;
  }

  private hover(x: number, y: number): void {
    const i = this.hit(x, y);
    if (i === this.hovered) return;
    this.hovered = i;
    if (i === undefined) this.hideTip();
    else {
      const c = this.data.counts?.[i];
      this.tip.textContent = `${this.data.words[i]} · rank ${(i + 1).toLocaleString('en')}${c !== undefined ? ` · ${c.toLocaleString('en')}×` : ''}`;
      this.tip.style.left = `${Math.min(this.width - 120, this.px[i] + 10)}px`;
      this.tip.style.top = `${this.py[i] - 26}px`;
      this.tip.style.display = 'block';
    }
    this.schedule();
  }

  private hideTip(): void {
    this.tip.style.display = 'none';
    this.hovered = undefined;
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.draw()));
  }

  private draw(): void {
    const t0 = performance.now();
    const { ctx } = this;
    const dpr = window.devicePixelRatio || 1;
    this.project();
    const size = Math.max(2, Math.round(Math.min(8, 2.4 * Math.sqrt(this.zoom)) * dpr));
    const palette = this.selected !== undefined || this.marked.length ? this.dimmed : this.packed;
    this.raster.begin(ctx, this.canvas.width, this.canvas.height);
    this.groups.forEach((g, b) =>
      this.raster.plot(g, this.px, this.py, 1, 0, 0, dpr, b === this.bold ? Math.round(size + 3 * dpr) : size, palette[b]),
    );
    this.raster.end(ctx);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const ring = (i: number | undefined, colour: string, radius: number): void => {
      if (i === undefined) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.px[i], this.py[i], radius, 0, 2 * Math.PI);
      ctx.stroke();
    };
    for (const i of this.marked) ring(i, NEIGHBOUR, 5);
    ring(this.selected, SELECT, 7);
    ring(this.searched, SEARCH, 8);
    ring(this.hovered, SELECT, 5);
    this.labels();
    performance.measure('scatter-3d-draw', { start: t0 });
  }

  /** Marked words always; then the most frequent words on screen, skipping overlaps. */
  private labels(): void {
    const { ctx } = this;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    const boxes: number[][] = [];
    const put = (i: number, colour: string, force: boolean): boolean => {
      const x = this.px[i] + 6,
        y = this.py[i];
      if (x < 0 || y < 0 || x > this.width || y > this.height) return false;
      const b = [x - 2, y - 7, x + ctx.measureText(this.data.words[i]).width + 2, y + 7];
      if (!force && boxes.some((o) => b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3])) return false;
      boxes.push(b);
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.lineWidth = 3;
      ctx.strokeText(this.data.words[i], x, y);
      ctx.fillStyle = colour;
      ctx.fillText(this.data.words[i], x, y);
      return true;
    };
    if (this.searched !== undefined) put(this.searched, SEARCH, true);
    if (this.selected !== undefined) put(this.selected, SELECT, true);
    for (const i of this.marked) put(i, NEIGHBOUR, true);
    if (this.hovered !== undefined) put(this.hovered, SELECT, true);
    let shown = 0;
    for (let i = 0; i < this.n && shown < MAX_LABELS; i++) if (put(i, '#374151', false)) shown++;
  }
}
