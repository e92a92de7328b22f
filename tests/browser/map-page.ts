// Helpers for the map's browser tests: clustered test vectors as .bin, the app page's
// Explore panel driven through its real controls, canvas pixel counts, downloads.
import type { Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { binParts } from '../../workers/vectors/write';

/** n words "w0".."w{n-1}" in `dim` dimensions around `clusters` random centres, as .bin bytes. */
export function clusteredBin(n: number, dim: number, clusters: number, seed = 1): Uint8Array {
  let s = seed;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  const centres = Array.from({ length: clusters * dim }, () => 4 * rnd());
  const matrix = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) matrix[i * dim + d] = centres[(i % clusters) * dim + d] + 0.5 * rnd();
  const parts = [...binParts({ words: Array.from({ length: n }, (_, i) => `w${i}`), matrix, dim })];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

export class ExploreUi {
  constructor(readonly page: Page) {}
  get panel(): Locator {
    return this.page.locator('#panel-explore');
  }
  get card(): Locator {
    return this.page.getByTestId('map-card');
  }
  get status(): Locator {
    return this.page.getByTestId('map-status');
  }
  get canvas(): Locator {
    return this.page.getByTestId('word-map').locator('canvas');
  }

  async open(): Promise<void> {
    await this.page.locator('#tab-explore').click();
  }

  async importUrl(url: string, rows: number): Promise<void> {
    await this.panel.locator('label:has-text("or URL") input').fill(url);
    await this.panel.getByRole('button', { name: 'Import', exact: true }).click();
    await this.panel.getByText(new RegExp(`imported ${rows} ×`)).waitFor({ timeout: 120_000 });
  }

  /** Ticks or unticks the 3-D and Spherize boxes. */
  async shape(opts: { threeD?: boolean; spherize?: boolean }): Promise<void> {
    if (opts.threeD !== undefined) await this.card.getByLabel('3-D', { exact: true }).setChecked(opts.threeD);
    if (opts.spherize !== undefined) await this.card.getByLabel('Spherize', { exact: true }).setChecked(opts.spherize);
  }

  /** Draws a map and waits for its summary line (or an error). */
  async draw(method: 'pca' | 'umap' | 'tsne', n: number, timeout = 170_000): Promise<string> {
    await this.card.locator('select').first().selectOption(method);
    await this.page.getByTestId('map-n').fill(String(n));
    await this.card.getByRole('button', { name: 'Draw map' }).click();
    const done = { pca: /^PCA of [\d,]+ of/, umap: /^UMAP of [\d,]+ of/, tsne: /^t-SNE of [\d,]+ of/ }[method];
    await this.page.waitForFunction(
      (src) => {
        const s = document.querySelector('[data-testid=map-status]')?.textContent ?? '';
        return new RegExp(src).test(s) || !!document.querySelector('[data-testid=map-error]');
      },
      done.source,
      { timeout },
    );
    return (await this.status.textContent()) ?? '';
  }

  /** Canvas pixels (device px) that are not white, and those that are the search red, in a box around (cx, cy) CSS px (whole canvas without a box). */
  async pixels(box?: { cx: number; cy: number; r: number }): Promise<{ ink: number; red: number }> {
    // Two frames so a scheduled draw has happened.
    return this.canvas.evaluate(async (c: HTMLCanvasElement, b) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const dpr = c.width / c.clientWidth;
      const [x0, y0, w, h] = b ? [(b.cx - b.r) * dpr, (b.cy - b.r) * dpr, 2 * b.r * dpr, 2 * b.r * dpr] : [0, 0, c.width, c.height];
      const d = c.getContext('2d')!.getImageData(Math.round(x0), Math.round(y0), Math.round(w), Math.round(h)).data;
      let ink = 0,
        red = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) ink++;
        if (d[i] > 180 && d[i + 1] < 90 && d[i + 2] < 90) red++;
      }
      return { ink, red };
    }, box);
  }

  /**
   * What the 2-D map shows after its next draw (the data-* the chart leaves on its canvas): points
   * on the map, points drawn on the canvas, zoom (1 = every point fitted), the canvas's CSS width,
   * and the share of the canvas's width and height that its ink (points, labels) spans.
   */
  async view(): Promise<{ points: number; shown: number; zoom: number; width: number; spanX: number; spanY: number }> {
    return this.canvas.evaluate(async (c: HTMLCanvasElement) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let x0 = c.width,
        x1 = -1,
        y0 = c.height,
        y1 = -1;
      for (let i = 0; i < d.length; i += 4)
        if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) {
          const p = i / 4,
            x = p % c.width,
            y = Math.floor(p / c.width);
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      return {
        points: Number(c.dataset.points),
        shown: Number(c.dataset.shown),
        zoom: Number(c.dataset.zoom),
        width: c.clientWidth,
        spanX: x1 < 0 ? 0 : (x1 - x0 + 1) / c.width,
        spanY: y1 < 0 ? 0 : (y1 - y0 + 1) / c.height,
      };
    });
  }

  /** A hash of the canvas's pixels (two frames after the last change), to tell two pictures apart. */
  async signature(): Promise<number> {
    return this.canvas.evaluate(async (c: HTMLCanvasElement) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i] + 3 * d[i + 1] + 7 * d[i + 2]) | 0;
      return h;
    });
  }

  /** Distinct colours (r,g,b) covering at least `min` pixels on the canvas, white left out. */
  async colours(min = 20): Promise<string[]> {
    return this.canvas.evaluate(async (c: HTMLCanvasElement, m) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Map<string, number>();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] > 250 && d[i + 1] > 250 && d[i + 2] > 250) continue;
        const k = `${d[i]},${d[i + 1]},${d[i + 2]}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      return [...seen].filter(([, v]) => v >= m).map(([k]) => k);
    }, min);
  }

  /** Clicks a button that downloads one file; returns its text. */
  async download(button: Locator): Promise<{ name: string; text: string }> {
    const [dl] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const path = await dl.path();
    return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }
}

export interface FrameFigures {
  frames: number;
  frameMs: { median: number; p95: number };
  drawMs: { count: number; median: number; p95: number };
}

const q = (xs: number[], p: number): number =>
  +([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN).toFixed(2);

/**
 * Frame intervals (requestAnimationFrame) and the chart's draw times ("scatter-map-draw"
 * measures) over `frames` frames while, each frame, nothing happens ('idle', the baseline),
 * the map is dragged ('pan'), or dragged and wheel-zoomed in and out ('zoom'), with the
 * mouse and wheel events d3-zoom listens to.
 */
export async function measureFrames(
  canvas: Locator,
  at: { x: number; y: number },
  mode: 'idle' | 'pan' | 'zoom',
  frames = 180,
): Promise<FrameFigures> {
  const r = await canvas.evaluate(
    async (el: HTMLCanvasElement, a) => {
      performance.clearMeasures('scatter-map-draw');
      const iv: number[] = [];
      const mouse = (type: string, x: number, y: number, target: EventTarget): boolean =>
        target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, bubbles: true, view: window }));
      if (a.mode !== 'idle') mouse('mousedown', a.x, a.y, el);
      let last = performance.now();
      for (let f = 0; f <= a.frames; f++) {
        await new Promise((res) => requestAnimationFrame(res));
        const now = performance.now();
        if (f > 0) iv.push(now - last);
        last = now;
        if (a.mode === 'idle') continue;
        const x = a.x + 60 * Math.sin(f / 15),
          y = a.y + 40 * Math.cos(f / 20);
        mouse('mousemove', x, y, window);
        // zoom in for 20 frames, out for 20: the scale stays between 1× and about 2×
        if (a.mode === 'zoom')
          el.dispatchEvent(
            new WheelEvent('wheel', { deltaY: Math.floor(f / 20) % 2 ? 20 : -20, clientX: x, clientY: y, bubbles: true, cancelable: true }),
          );
      }
      if (a.mode !== 'idle') mouse('mouseup', a.x, a.y, window);
      return { iv, draws: performance.getEntriesByName('scatter-map-draw').map((e) => e.duration) };
    },
    { ...at, mode, frames },
  );
  return {
    frames: r.iv.length,
    frameMs: { median: q(r.iv, 0.5), p95: q(r.iv, 0.95) },
    drawMs: { count: r.draws.length, median: q(r.draws, 0.5), p95: q(r.draws, 0.95) },
  };
}

/**
 * Frame intervals and the 3-D view's draw times ("scatter-3d-draw") over `frames` frames while
 * the view is dragged round (pointer events, as a mouse sends them) or left alone ('idle').
 */
export async function measureRotate(
  canvas: Locator,
  at: { x: number; y: number },
  mode: 'idle' | 'rotate',
  frames = 180,
): Promise<FrameFigures> {
  const r = await canvas.evaluate(
    async (el: HTMLCanvasElement, a) => {
      performance.clearMeasures('scatter-3d-draw');
      const iv: number[] = [];
      const ptr = (type: string, x: number, y: number): boolean =>
        el.dispatchEvent(
          new PointerEvent(type, { clientX: x, clientY: y, button: 0, buttons: 1, pointerId: 1, bubbles: true, view: window }),
        );
      if (a.mode === 'rotate') ptr('pointerdown', a.x, a.y);
      let last = performance.now();
      for (let f = 0; f <= a.frames; f++) {
        await new Promise((res) => requestAnimationFrame(res));
        const now = performance.now();
        if (f > 0) iv.push(now - last);
        last = now;
        if (a.mode === 'rotate') ptr('pointermove', a.x + 80 * Math.sin(f / 15), a.y + 30 * Math.cos(f / 20));
      }
      if (a.mode === 'rotate') ptr('pointerup', a.x + 200, a.y); // far from the start: a drag, not a click
      return { iv, draws: performance.getEntriesByName('scatter-3d-draw').map((e) => e.duration) };
    },
    { ...at, mode, frames },
  );
  return {
    frames: r.iv.length,
    frameMs: { median: q(r.iv, 0.5), p95: q(r.iv, 0.95) },
    drawMs: { count: r.draws.length, median: q(r.draws, 0.5), p95: q(r.draws, 0.95) },
  };
}

/** Rows of a CSV with no quoted fields (the test words need none). */
export const csvRows = (text: string): string[][] =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
