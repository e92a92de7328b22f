// The 2-D word map: tens of thousands of points on one canvas, pan/zoom with d3-zoom, hover
// hit-testing with a d3 quadtree, coloured in batches (one colour per group: frequency rank,
// a word list or clusters, map-colour.ts; pixels written directly: point-raster.ts), labels
// only for the marked words and a few frequent visible ones.
// reset(data) / update(coords) / resize(w, h) / showAll(). A resize keeps what the view shows:
// the same word at its centre and the same zoom relative to the fitted points. Every draw is
// recorded as the User Timing measure "scatter-map-draw" (ms), which DevTools and the frame-time
// test read, and leaves on the canvas data-points (n), data-shown (points drawn on the canvas)
// and data-zoom (k, 1 = every point fits), which the browser tests read.
import * as d3 from 'd3';
import { PointRaster, packOverWhite } from './point-raster';
import { byRank, type Colouring } from './map-colour';

export interface MapData {
  /** [n, 2] f32, row i = word i (rank i + 1). */
  coords: Float32Array;
  words: string[];
  /** [n] corpus counts, when known. */
  counts?: Float64Array;
}

export interface ScatterMapEvents {
  /** A point was clicked (undefined: empty space). */
  click?(i: number | undefined): void;
}

const MARGIN = 16; // px around the fitted points
const HIT_PX = 8; // hover radius in screen px
const MAX_LABELS = 24; // frequent words labelled at once
const SEARCH = '#dc2626'; // the searched word (red: not in the viridis palette)
const SELECT = '#111827';
const NEIGHBOUR = '#ea580c';

export class ScatterMap {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly tip: HTMLDivElement;
  private readonly zoom: d3.ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly raster = new PointRaster();
  /** Group colours over white, packed for the pixel buffer: normal, and dimmed behind a selection. */
  private packed: number[] = [];
  private dimmed: number[] = [];
  private data: MapData = { coords: new Float32Array(0), words: [] };
  private n = 0;
  /** [n] base screen positions (CSS px) at zoom identity: px = ox + s·x, py = oy − s·y. */
  private px = new Float32Array(0);
  private py = new Float32Array(0);
  /** The fit of data to base positions: scale (CSS px per unit) and offsets (CSS px). */
  private fitted = { s: 1, ox: 0, oy: 0 };
  /** Row indices per colour group, drawn in order. */
  private groups: Uint32Array[] = [];
  private bold: number | undefined;
  private tree = d3.quadtree<number>();
  private t = d3.zoomIdentity;
  private width = 600;
  private height = 420;
  private hovered: number | undefined;
  private selected: number | undefined;
  private searched: number | undefined;
  private marked: number[] = [];
  private frame = 0;

  constructor(
    host: HTMLElement,
    private readonly events: ScatterMapEvents = {},
  ) {
    host.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'map of words: scroll to zoom, drag to pan, hover for the word, click to select');
    this.canvas.style.display = 'block';
    this.canvas.style.touchAction = 'none';
    this.canvas.style.cursor = 'crosshair';
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
    this.zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.5, 400])
      .on('zoom', (e: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.t = e.transform;
        this.hideTip();
        this.schedule();
      });
    d3.select(this.canvas).call(this.zoom).on('dblclick.zoom', null);
    this.canvas.addEventListener('pointermove', (e) => this.hover(e.offsetX, e.offsetY));
    this.canvas.addEventListener('pointerleave', () => this.hover(-1, -1));
    this.canvas.addEventListener('click', (e) => this.events.click?.(this.hit(e.offsetX, e.offsetY)));
    this.resize(host.clientWidth || 600, 420);
  }

  /** New points: colours, fit and zoom start over. */
  reset(data: MapData): void {
    this.data = data;
    this.n = data.words.length;
    this.setColours(byRank(this.n));
    this.hovered = this.selected = this.searched = undefined;
    this.marked = [];
    this.fit();
    d3.select(this.canvas).call(this.zoom.transform, d3.zoomIdentity);
    this.schedule();
  }

  /** New colours for the same words. */
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

  /** New coordinates for the same words (a refreshed PCA, UMAP epochs): keeps zoom and marks. */
  update(coords: Float32Array): void {
    if (coords.length !== this.n * 2) throw new Error(`update: ${coords.length / 2} points for ${this.n} words`);
    this.data = { ...this.data, coords };
    this.fit();
    this.schedule();
  }

  /** New canvas size: the points are fitted again and the view keeps its centre word and zoom. */
  resize(width: number, height: number): void {
    // The data point at the view's centre, before the fit changes; the zoom k (relative to
    // the fit) carries over as it is, so a view zoomed 2× on a word stays that at any size.
    const centre = this.n ? this.toData(this.t.invert([this.width / 2, this.height / 2])) : undefined;
    this.width = Math.max(160, Math.floor(width));
    this.height = Math.max(120, Math.floor(height));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.zoom.extent([
      [0, 0],
      [this.width, this.height],
    ]);
    this.fit();
    if (centre) this.look(centre, this.t.k);
    this.schedule();
  }

  /** Zooms back out to the fit: every point on the canvas. */
  showAll(): void {
    d3.select(this.canvas).call(this.zoom.transform, d3.zoomIdentity);
    this.schedule();
  }

  /** Row of a word (exact, then case-insensitive), or undefined. */
  indexOf(word: string): number | undefined {
    const w = word.trim();
    const i = this.data.words.indexOf(w);
    if (i >= 0) return i;
    const lw = w.toLowerCase();
    const j = this.data.words.findIndex((x) => x.toLowerCase() === lw);
    return j >= 0 ? j : undefined;
  }

  /** Selected word and its neighbours (rows), highlighted; the rest is dimmed. */
  select(i: number | undefined, neighbours: number[] = []): void {
    this.selected = i;
    this.marked = neighbours;
    this.schedule();
  }

  /** Highlights a word and centres the view on it (zooming in to at least 2×). */
  search(i: number | undefined): void {
    this.searched = i;
    if (i !== undefined) this.look(this.toData([this.px[i], this.py[i]]), Math.max(2, this.t.k));
    this.schedule();
  }

  /** Data coordinates of a base position (CSS px at zoom identity). */
  private toData([bx, by]: [number, number]): [number, number] {
    const { s, ox, oy } = this.fitted;
    return [(bx - ox) / s, (oy - by) / s];
  }

  /** Zoom k (1 = the fit) with the data point `at` in the middle of the canvas. */
  private look([x, y]: [number, number], k: number): void {
    const { s, ox, oy } = this.fitted;
    const to = d3.zoomIdentity
      .translate(this.width / 2, this.height / 2)
      .scale(k)
      .translate(-(ox + s * x), -(oy - s * y));
    d3.select(this.canvas).call(this.zoom.transform, to);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    d3.select(this.canvas).on('.zoom', null);
    this.canvas.remove();
    this.tip.remove();
  }

  /** Base positions: the points' extent fitted into the canvas, equal scale on both axes, y up. */
  private fit(): void {
    const { coords } = this.data;
    let x0 = Infinity,
      x1 = -Infinity,
      y0 = Infinity,
      y1 = -Infinity;
    for (let i = 0; i < this.n; i++) {
      const x = coords[i * 2],
        y = coords[i * 2 + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (!(x1 > x0)) ((x0 -= 1), (x1 += 1));
    if (!(y1 > y0)) ((y0 -= 1), (y1 += 1));
    const s = Math.min((this.width - 2 * MARGIN) / (x1 - x0), (this.height - 2 * MARGIN) / (y1 - y0));
    const ox = this.width / 2 - (s * (x0 + x1)) / 2;
    const oy = this.height / 2 + (s * (y0 + y1)) / 2;
    this.fitted = { s, ox, oy };
    this.px = new Float32Array(this.n);
    this.py = new Float32Array(this.n);
    for (let i = 0; i < this.n; i++) {
      this.px[i] = ox + s * coords[i * 2];
      this.py[i] = oy - s * coords[i * 2 + 1];
    }
    this.tree = d3
      .quadtree<number>()
      .x((i) => this.px[i])
      .y((i) => this.py[i])
      .addAll(Array.from({ length: this.n }, (_, i) => i));
  }

  /** Row under screen point (x, y), or undefined. */
  private hit(x: number, y: number): number | undefined {
    if (x < 0 || !this.n) return undefined;
    const [bx, by] = this.t.invert([x, y]);
    return this.tree.find(bx, by, HIT_PX / this.t.k);
  }

  private hover(x: number, y: number): void {
    const i = this.hit(x, y);
    if (i === this.hovered) return;
    this.hovered = i;
    if (i === undefined) this.hideTip();
    else {
      const c = this.data.counts?.[i];
      this.tip.textContent = `${this.data.words[i]} · rank ${(i + 1).toLocaleString('en')}${c !== undefined ? ` · ${c.toLocaleString('en')}×` : ''}`;
      this.tip.style.left = `${Math.min(this.width - 120, this.t.applyX(this.px[i]) + 10)}px`;
      this.tip.style.top = `${this.t.applyY(this.py[i]) - 26}px`;
      this.tip.style.display = 'block';
    }
    this.schedule();
  }

  private hideTip(): void {
    this.tip.style.display = 'none';
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.draw()));
  }

  private draw(): void {
    const t0 = performance.now();
    const { ctx } = this;
    const dpr = window.devicePixelRatio || 1;
    const { k, x: tx, y: ty } = this.t;
    const size = Math.max(2, Math.round(Math.min(8, 2.4 * Math.sqrt(k)) * dpr)); // point side, device px
    const focus = this.selected !== undefined || this.marked.length > 0;
    const palette = focus ? this.dimmed : this.packed;
    // One colour per group, in the colouring's order (the last on top); pixels written
    // directly (see point-raster.ts), then rings and labels with the canvas API on top.
    this.raster.begin(ctx, this.canvas.width, this.canvas.height);
    let shown = 0; // points drawn on the canvas
    for (const [b, g] of this.groups.entries()) {
      const side = b === this.bold ? Math.round(size + 3 * dpr) : size;
      shown += this.raster.plot(g, this.px, this.py, k, tx, ty, dpr, side, palette[b]);
    }
    this.raster.end(ctx);
    Object.assign(this.canvas.dataset, { points: String(this.n), shown: String(shown), zoom: k.toFixed(3) });
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const ring = (i: number | undefined, colour: string, radius: number): void => {
      if (i === undefined) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.px[i] * k + tx, this.py[i] * k + ty, radius, 0, 2 * Math.PI);
      ctx.stroke();
    };
    for (const i of this.marked) ring(i, NEIGHBOUR, 5);
    ring(this.selected, SELECT, 7);
    ring(this.searched, SEARCH, 8);
    ring(this.hovered, SELECT, 5);
    this.labels(k, tx, ty);
    performance.measure('scatter-map-draw', { start: t0 });
  }

  /** Marked words always; then the most frequent visible words, skipping overlaps. */
  private labels(k: number, tx: number, ty: number): void {
    const { ctx } = this;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    // Boxes of the labels drawn so far [x0, y0, x1, y1], px; frequent words skip overlaps.
    const boxes: number[][] = [];
    const put = (i: number, colour: string, force: boolean): boolean => {
      const x = this.px[i] * k + tx + 6,
        y = this.py[i] * k + ty;
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
