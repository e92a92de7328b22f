// Parallel coordinates over the runs' settings and one chosen score: one vertical axis each,
// one polyline per run on a canvas (500 runs are 500 paths: cheap there), axes and a d3 brush
// per axis in SVG on top. Lines are coloured by the score (viridis, legend bar), lines outside
// the brushes are faint, selected runs are drawn in their own colour on top. Brushing an axis
// reports the brushed range (numbers) or values (text axes) to `onBrush`.
import * as d3 from 'd3';
import type { Brush, Cell } from '../panels/runs/table-model';
import { sizeCanvas } from './canvas-size';

export interface PcAxis {
  key: string;
  label: string;
  type: 'num' | 'text' | 'bool';
}

export interface PcRow {
  id: string;
  cells: Record<string, Cell>;
}

export interface PcData {
  axes: PcAxis[];
  rows: PcRow[];
  /** The colour axis (one of `axes`, usually the last). */
  colourKey?: string;
  higherIsBetter?: boolean;
  /** Ids passing every brush and filter (the others are drawn faint). */
  inside: ReadonlySet<string>;
  /** Selected runs and their colours (drawn on top). */
  selected: ReadonlyMap<string, string>;
}

type Scale = { kind: 'num'; s: d3.ScaleLinear<number, number> } | { kind: 'point'; s: d3.ScalePoint<string> };

const M = { top: 78, right: 24, bottom: 30, left: 24 };

export class ParallelCoords {
  private data: PcData = { axes: [], rows: [], inside: new Set(), selected: new Map() };
  private readonly canvas: HTMLCanvasElement;
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private width = 600;
  private height = 300;
  private scales = new Map<string, Scale>();
  /** Brushed pixel extents by axis key, kept across redraws. */
  private extents = new Map<string, [number, number]>();

  constructor(
    host: HTMLElement,
    private readonly onBrush: (key: string, b: Brush | undefined) => void,
  ) {
    host.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'pc-lines';
    this.canvas.style.position = 'absolute';
    this.canvas.style.left = '0';
    this.canvas.style.top = '0';
    host.appendChild(this.canvas);
    this.svg = d3.select(host).append('svg').style('position', 'relative').attr('role', 'img').attr('class', 'pc');
    this.resize(host.clientWidth || 600, 300);
  }

  set(d: PcData): void {
    const keys = new Set(d.axes.map((a) => a.key));
    for (const k of [...this.extents.keys()]) if (!keys.has(k)) this.extents.delete(k);
    this.data = d;
    this.draw();
  }

  /** Forgets every brush (the panel's "clear brushes"). */
  clearBrushes(): void {
    this.extents.clear();
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(240, width);
    this.height = Math.max(180, height);
    sizeCanvas(this.canvas, this.width, this.height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.extents.clear(); // pixel extents mean nothing at a new size
    this.draw();
  }

  private scaleOf(a: PcAxis): Scale {
    const range: [number, number] = [this.height - M.bottom, M.top];
    const vals = this.data.rows.map((r) => r.cells[a.key]).filter((v) => v !== undefined);
    if (a.type === 'num') {
      const nums = vals.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const [lo, hi] = d3.extent(nums);
      const s = d3
        .scaleLinear()
        .domain(lo === undefined || hi === undefined ? [0, 1] : lo === hi ? [lo - 1, hi + 1] : [lo, hi])
        .range(range);
      return { kind: 'num', s: lo !== undefined && lo !== hi ? s.nice() : s };
    }
    const text = [...new Set(vals.map((v) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v))))].sort();
    return { kind: 'point', s: d3.scalePoint<string>().domain(text).range(range).padding(0.5) };
  }

  private y(a: PcAxis, v: Cell): number | undefined {
    const sc = this.scales.get(a.key);
    if (!sc || v === undefined) return undefined;
    if (sc.kind === 'num') return typeof v === 'number' && Number.isFinite(v) ? sc.s(v) : undefined;
    return sc.s(typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));
  }

  private draw(): void {
    const { axes, rows, colourKey, inside, selected } = this.data;
    const w = this.width;
    const h = this.height;
    this.scales = new Map(axes.map((a) => [a.key, this.scaleOf(a)]));
    const x = d3
      .scalePoint<string>()
      .domain(axes.map((a) => a.key))
      .range([M.left + 10, w - M.right - 10]);
    const colourAxis = axes.find((a) => a.key === colourKey);
    const cv = rows.map((r) => r.cells[colourKey ?? '']).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const [clo, chi] = d3.extent(cv);
    const colour = d3
      .scaleSequential(d3.interpolateViridis)
      .domain(this.data.higherIsBetter === false ? [chi ?? 1, clo ?? 0] : [clo ?? 0, chi ?? 1]);

    const ctx = this.canvas.getContext('2d');
    if (ctx) {
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const path = (r: PcRow): void => {
        ctx.beginPath();
        let pen = false;
        for (const a of axes) {
          const yy = this.y(a, r.cells[a.key]);
          const xx = x(a.key) ?? 0;
          if (yy === undefined) continue; // no value here (an HN fit has no window): the line skips this axis
          if (pen) ctx.lineTo(xx, yy);
          else ctx.moveTo(xx, yy);
          pen = true;
        }
        ctx.stroke();
      };
      ctx.lineWidth = 1;
      ctx.strokeStyle = 'rgba(120, 130, 145, 0.18)';
      for (const r of rows) if (!inside.has(r.id)) path(r);
      ctx.globalAlpha = rows.length > 100 ? 0.55 : 0.85;
      for (const r of rows) {
        if (!inside.has(r.id) || selected.has(r.id)) continue;
        const v = r.cells[colourKey ?? ''];
        ctx.strokeStyle = typeof v === 'number' && Number.isFinite(v) ? colour(v) : '#9aa3ae';
        path(r);
      }
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2.5;
      for (const r of rows) {
        const c = selected.get(r.id);
        if (c) {
          ctx.strokeStyle = c;
          path(r);
        }
      }
    }

    this.svg.selectAll('*').remove();
    this.svg
      .attr('aria-label', `parallel coordinates: ${rows.length} runs over ${axes.length} axes`)
      .attr('data-lines', rows.length)
      .attr('data-inside', inside.size);
    const title = `Settings and ${colourAxis?.label ?? 'score'} of the listed runs`;
    const fits = Math.floor((w - 8) / 7.5); // ~7.5 px a character at 13 px bold
    this.svg
      .append('text')
      .attr('class', 'chart-title')
      .attr('x', 4)
      .attr('y', 14)
      .text(title.length > fits ? title.slice(0, fits - 1) + '…' : title)
      .append('title')
      .text(title);
    const spacing = axes.length > 1 ? (w - M.left - M.right - 20) / (axes.length - 1) : 200;
    for (const [i, a] of axes.entries()) {
      const sc = this.scales.get(a.key)!;
      const g = this.svg
        .append('g')
        .attr('class', 'pc-axis')
        .attr('data-key', a.key)
        .attr('transform', `translate(${x(a.key) ?? 0},0)`);
      if (sc.kind === 'num') g.call(d3.axisLeft(sc.s).ticks(5));
      else g.call(d3.axisLeft(sc.s));
      // Axis titles alternate between two rows so neighbours do not overlap on a narrow screen.
      const max = Math.max(4, Math.floor((spacing * 2) / 6.5));
      const label = a.label.length > max ? a.label.slice(0, max - 1) + '…' : a.label;
      const anchor = axes.length > 1 && i === 0 ? 'start' : axes.length > 1 && i === axes.length - 1 ? 'end' : 'middle';
      g.append('text')
        .attr('class', 'axis-title')
        .attr('x', anchor === 'start' ? -8 : anchor === 'end' ? 8 : 0)
        .attr('y', M.top - (i % 2 ? 10 : 24))
        .attr('text-anchor', anchor)
        .text(label)
        .append('title')
        .text(a.label);
      const brush = d3
        .brushY<unknown>()
        .extent([
          [-9, M.top],
          [9, h - M.bottom],
        ])
        .on('end', (ev: d3.D3BrushEvent<unknown>) => {
          if (!ev.sourceEvent) return; // moved by draw() restoring an extent, not by the user
          const sel = ev.selection as [number, number] | null;
          if (!sel) {
            this.extents.delete(a.key);
            this.onBrush(a.key, undefined);
            return;
          }
          this.extents.set(a.key, sel);
          this.onBrush(a.key, this.brushOf(a, sel));
        });
      const bg = g.append('g').attr('class', 'pc-brush').call(brush);
      const ext = this.extents.get(a.key);
      if (ext) bg.call(brush.move, ext);
    }
    // Colour legend: the score's range as a gradient bar under the title.
    if (colourAxis && clo !== undefined && chi !== undefined) {
      const lw = Math.min(160, w / 3);
      const lx = w - lw - M.right;
      const id = 'pc-grad';
      const grad = this.svg.append('defs').append('linearGradient').attr('id', id);
      for (let t = 0; t <= 1; t += 0.25)
        grad
          .append('stop')
          .attr('offset', `${t * 100}%`)
          .attr('stop-color', d3.interpolateViridis(t));
      const lg = this.svg.append('g').attr('class', 'pc-legend').attr('transform', `translate(${lx},24)`);
      lg.append('rect').attr('width', lw).attr('height', 8).attr('fill', `url(#${id})`);
      const [a0, a1] = this.data.higherIsBetter === false ? [chi, clo] : [clo, chi];
      const f = d3.format('~g');
      lg.append('text')
        .attr('class', 'legend-text')
        .attr('y', 19)
        .text(f(Number(a0.toPrecision(3))));
      lg.append('text')
        .attr('class', 'legend-text')
        .attr('x', lw)
        .attr('y', 19)
        .attr('text-anchor', 'end')
        .text(f(Number(a1.toPrecision(3))));
      lg.append('text').attr('class', 'legend-text').attr('x', -4).attr('y', 8).attr('text-anchor', 'end').text('colour:');
    }
  }

  private brushOf(a: PcAxis, [y0, y1]: [number, number]): Brush {
    const sc = this.scales.get(a.key)!;
    if (sc.kind === 'num') {
      const lo = sc.s.invert(y1);
      const hi = sc.s.invert(y0);
      return { lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
    }
    return {
      values: sc.s
        .domain()
        .filter((v) => {
          const p = sc.s(v) ?? -1;
          return p >= y0 && p <= y1;
        })
        .map((v) => (a.type === 'bool' ? (v === 'on' ? 'true' : 'false') : v)),
    };
  }
}
