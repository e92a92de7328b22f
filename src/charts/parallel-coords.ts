// Parallel coordinates over the runs' settings and one chosen score: one vertical axis each,
// one polyline per run on a canvas (500 runs are 500 paths: cheap there), axes and a d3 brush
// per axis in SVG on top. Lines are coloured by the score (viridis, legend bar), lines outside
// the brushes are faint, selected runs are drawn in their own colour on top. Brushing an axis
// reports the brushed range (numbers) or values (text axes) to `onBrush`. A value that is n/a
// (null: a score no question could be asked for) is left off its axis, never drawn at 0.
import * as d3 from 'd3';
import type { Brush, Cell } from '../panels/runs/table-model';
import { sizeCanvas } from './canvas-size';

export interface PcAxis {
  key: string;
  label: string;
  type: 'num' | 'text' | 'bool';
  /** The values a number axis can take (a 0–1 score: [0, 1]); its scale stays within them. */
  bounds?: [number, number];
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
/** d3's axis text is 10 px sans-serif: about 6 px a character. */
const CHAR_PX = 6;
const TICK_PX = 12; // tick length + gap before its text

/** A label cut to `chars` characters with an ellipsis (the full one goes in a tooltip). */
const cut = (t: string, chars: number): string => (t.length > chars ? t.slice(0, Math.max(1, chars - 1)) + '…' : t);

/**
 * The domain of a number axis over values lo..hi. All equal: a padded span around the value
 * (the axis's bounds for a bounded score: a constant accuracy of 0 spans 0–1, not −1–1; a
 * non-negative value never below 0). Else the values' extent, made nice within the bounds.
 */
export function numDomain(
  lo: number | undefined,
  hi: number | undefined,
  bounds?: [number, number],
): { domain: [number, number]; nice: boolean } {
  const clamp = (d: [number, number]): [number, number] => (bounds ? [Math.max(bounds[0], d[0]), Math.min(bounds[1], d[1])] : d);
  if (lo === undefined || hi === undefined) return { domain: bounds ?? [0, 1], nice: false };
  if (lo !== hi) return { domain: [lo, hi], nice: true };
  if (bounds && bounds[1] > bounds[0]) return { domain: bounds, nice: false };
  const pad = lo !== 0 ? Math.abs(lo) * 0.1 : 1;
  return { domain: clamp([lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad]), nice: false };
}

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
    const vals = this.data.rows.map((r) => r.cells[a.key]).filter((v) => v !== undefined && v !== null);
    if (a.type === 'num') {
      const nums = vals.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const [lo, hi] = d3.extent(nums);
      const { domain, nice } = numDomain(lo, hi, a.bounds);
      const s = d3.scaleLinear().domain(domain).range(range);
      if (nice) {
        s.nice();
        const [d0, d1] = s.domain();
        if (a.bounds) s.domain([Math.max(a.bounds[0], d0), Math.min(a.bounds[1], d1)]);
      }
      return { kind: 'num', s };
    }
    const text = [...new Set(vals.map((v) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v))))].sort();
    return { kind: 'point', s: d3.scalePoint<string>().domain(text).range(range).padding(0.5) };
  }

  private y(a: PcAxis, v: Cell): number | undefined {
    const sc = this.scales.get(a.key);
    if (!sc || v === undefined || v === null) return undefined;
    if (sc.kind === 'num') return typeof v === 'number' && Number.isFinite(v) ? sc.s(v) : undefined;
    return sc.s(typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));
  }

  private draw(): void {
    const { axes, rows, colourKey, inside, selected } = this.data;
    const w = this.width;
    const h = this.height;
    this.scales = new Map(axes.map((a) => [a.key, this.scaleOf(a)]));
    // Tick texts sit left of each axis: the first axis gets room for its longest (up to a cap),
    // the others the gap to the axis before; longer category labels are cut with an ellipsis.
    const tickTexts = (a: PcAxis | undefined): string[] => {
      const sc = a && this.scales.get(a.key);
      if (!sc) return [];
      return sc.kind === 'num' ? sc.s.ticks(5).map(sc.s.tickFormat(5)) : sc.s.domain();
    };
    const longest = d3.max(tickTexts(axes[0]), (t) => t.length) ?? 3;
    const left = Math.min(M.left + 100, Math.max(M.left + 10, Math.ceil(longest * CHAR_PX + TICK_PX + 4)));
    const x = d3
      .scalePoint<string>()
      .domain(axes.map((a) => a.key))
      .range([left, w - M.right - 10]);
    const colourAxis = axes.find((a) => a.key === colourKey);
    const cv = rows.map((r) => r.cells[colourKey ?? '']).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const [clo, chi] = d3.extent(cv);
    // Every run the same score: one colour (the middle of the scale), not the scale's end.
    const flat = clo !== undefined && clo === chi;
    const scale = d3
      .scaleSequential(d3.interpolateViridis)
      .domain(this.data.higherIsBetter === false ? [chi ?? 1, clo ?? 0] : [clo ?? 0, chi ?? 1]);
    const colour = (v: number): string => (flat ? d3.interpolateViridis(0.5) : scale(v));

    const ctx = this.canvas.getContext('2d');
    if (ctx) {
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const path = (r: PcRow): void => {
        ctx.beginPath();
        let points = 0;
        let last: [number, number] = [0, 0];
        for (const a of axes) {
          const yy = this.y(a, r.cells[a.key]);
          const xx = x(a.key) ?? 0;
          if (yy === undefined) continue; // no value here (an HN fit has no window; a score n/a): the line skips this axis
          if (points) ctx.lineTo(xx, yy);
          else ctx.moveTo(xx, yy);
          last = [xx, yy];
          points++;
        }
        ctx.stroke();
        // A run with a value on one axis only has no line: a dot there, so it is not lost.
        if (points === 1) {
          ctx.beginPath();
          ctx.arc(last[0], last[1], ctx.lineWidth + 2.5, 0, 2 * Math.PI);
          ctx.fillStyle = ctx.strokeStyle;
          ctx.fill();
        }
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
    const spacing = axes.length > 1 ? x.step() : 200;
    for (const [i, a] of axes.entries()) {
      const sc = this.scales.get(a.key)!;
      const g = this.svg
        .append('g')
        .attr('class', 'pc-axis')
        .attr('data-key', a.key)
        .attr('transform', `translate(${x(a.key) ?? 0},0)`);
      if (sc.kind === 'num') g.call(d3.axisLeft(sc.s).ticks(5));
      else {
        g.call(d3.axisLeft(sc.s));
        const room = Math.max(3, Math.floor(((i === 0 ? left : spacing) - TICK_PX - 4) / CHAR_PX));
        g.selectAll<SVGTextElement, string>('.tick text').each(function (d) {
          const t = d3.select(this).text(cut(d, room));
          if (d.length > room) t.append('title').text(d);
        });
      }
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
    // Colour legend: the score's range as a gradient bar under the title; one value: a swatch that says so.
    if (colourAxis && clo === undefined) {
      this.svg
        .append('text')
        .attr('class', 'legend-text pc-legend')
        .attr('x', w - M.right)
        .attr('y', 32)
        .attr('text-anchor', 'end')
        .text('colour: no run has a value for this score');
    } else if (colourAxis && flat) {
      const lg = this.svg
        .append('g')
        .attr('class', 'pc-legend')
        .attr('transform', `translate(${w - M.right - 12},24)`);
      lg.append('rect').attr('width', 12).attr('height', 8).attr('fill', d3.interpolateViridis(0.5));
      lg.append('text')
        .attr('class', 'legend-text')
        .attr('x', -4)
        .attr('y', 8)
        .attr('text-anchor', 'end')
        .text(`colour: every run ${d3.format('~g')(Number(clo.toPrecision(3)))}`);
    } else if (colourAxis && clo !== undefined && chi !== undefined) {
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
