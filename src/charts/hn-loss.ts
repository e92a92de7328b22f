// Classifier loss per epoch: training (blue) and validation (orange) lines, the best validation
// epoch marked (early stopping restores it), under a title and a legend, with axis titles; the
// epoch axis has whole-number ticks only, each once. reset() / append() / resize().
import * as d3 from 'd3';
import type { EpochLog } from '../../workers/hn/model';
import { AXIS_TITLE_H, TITLE_H, axisTitle, chartTitle, placeX, placeY } from './chart-text';

const M = { top: 10 + TITLE_H + 12, right: 12, bottom: 30 + AXIS_TITLE_H, left: 56 };

/** Whole epochs 1..n for the axis, every k-th so that at most `most` show (n ≥ 1). */
export function epochTicks(n: number, most: number): number[] {
  const last = Math.max(1, Math.floor(n));
  const every = Math.max(1, Math.ceil(last / Math.max(1, most)));
  return d3.range(1, last + 1, every);
}
const COLORS = { loss: '#2563eb', valLoss: '#ea580c' } as const;

export class HnLossChart {
  private logs: EpochLog[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly lines: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly best: d3.Selection<SVGLineElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly xTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 480;
  private height = 200;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'training and validation loss per epoch');
    this.title = chartTitle(this.svg, 'Classifier loss per epoch');
    this.xTitle = axisTitle(this.svg, 'epoch');
    this.yTitle = axisTitle(this.svg, 'log loss per post');
    this.xAxis = this.svg.append('g').attr('class', 'x-axis');
    this.yAxis = this.svg.append('g');
    this.best = this.svg.append('line').attr('stroke', '#9ca3af').attr('stroke-dasharray', '3 3');
    this.lines = this.svg.append('g');
    this.legend = this.svg
      .append('text')
      .attr('class', 'chart-legend')
      .attr('font-size', 11)
      .attr('y', TITLE_H + 12);
    this.legend.append('tspan').attr('fill', COLORS.loss).text('— training  ');
    this.legend.append('tspan').attr('fill', COLORS.valLoss).text('— validation  ');
    this.legend.append('tspan').attr('fill', '#6b7280').text('┆ best epoch');
    this.resize(host.clientWidth || 480, 240);
  }

  reset(logs: EpochLog[]): void {
    this.logs = [];
    this.append(logs);
  }

  append(logs: EpochLog[]): void {
    this.logs.push(...logs);
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(200, width);
    this.height = Math.max(100 + M.top + M.bottom - 40, height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const n = this.logs.length;
    const x = d3
      .scaleLinear()
      .domain([1, Math.max(2, n)])
      .range([M.left, this.width - M.right]);
    const vals = this.logs.flatMap((l) => [l.loss, l.valLoss]).filter(Number.isFinite);
    const [lo, hi] = vals.length ? [d3.min(vals)!, d3.max(vals)!] : [0, 1];
    const y = d3
      .scaleLinear()
      .domain([lo - 0.02, hi + 0.02])
      .nice()
      .range([this.height - M.bottom, M.top]);
    // Whole epochs only (d3's ticks on [1, 2] are 1, 1.2, … which "d" prints as 1 1 1 2 2).
    const most = Math.min(10, Math.floor((this.width - M.left - M.right) / 32));
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(
      d3
        .axisBottom(x)
        .tickValues(epochTicks(Math.max(1, n), most))
        .tickFormat(d3.format('d')),
    );
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4));
    this.title.attr('x', M.left);
    this.legend.attr('x', M.left);
    placeX(this.xTitle, M.left, this.width - M.right, this.height - 4);
    placeY(this.yTitle, 12, M.top, this.height - M.bottom);
    const keys = ['loss', 'valLoss'] as const;
    this.lines
      .selectAll('path')
      .data(keys)
      .join('path')
      .attr('fill', 'none')
      .attr('stroke-width', 2)
      .attr('stroke', (k) => COLORS[k])
      .attr(
        'd',
        (k) =>
          d3
            .line<EpochLog>()
            .x((l) => x(l.epoch))
            .y((l) => y(l[k]))(this.logs) ?? '',
      );
    this.lines
      .selectAll('circle')
      .data(this.logs.flatMap((l) => keys.map((k) => ({ l, k }))))
      .join('circle')
      .attr('r', 2.5)
      .attr('fill', (d) => COLORS[d.k])
      .attr('cx', (d) => x(d.l.epoch))
      .attr('cy', (d) => y(d.l[d.k]));
    const b = d3.least(this.logs, (l) => l.valLoss);
    this.best.attr('visibility', b ? 'visible' : 'hidden');
    if (b)
      this.best
        .attr('x1', x(b.epoch))
        .attr('x2', x(b.epoch))
        .attr('y1', M.top)
        .attr('y2', this.height - M.bottom);
  }
}
