// Classifier loss per epoch: training (blue) and validation (orange) lines, the best validation
// epoch marked (early stopping restores it). reset() / append() / resize().
import * as d3 from 'd3';
import type { EpochLog } from '../../workers/hn/model';

const M = { top: 10, right: 12, bottom: 30, left: 48 };
const COLORS = { loss: '#2563eb', valLoss: '#ea580c' } as const;

export class HnLossChart {
  private logs: EpochLog[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly lines: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly best: d3.Selection<SVGLineElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 480;
  private height = 200;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'training and validation loss per epoch');
    this.xAxis = this.svg.append('g');
    this.yAxis = this.svg.append('g');
    this.best = this.svg.append('line').attr('stroke', '#9ca3af').attr('stroke-dasharray', '3 3');
    this.lines = this.svg.append('g');
    this.legend = this.svg
      .append('text')
      .attr('font-size', 11)
      .attr('y', M.top + 10);
    this.legend.append('tspan').attr('fill', COLORS.loss).text('— training  ');
    this.legend.append('tspan').attr('fill', COLORS.valLoss).text('— validation  ');
    this.legend.append('tspan').attr('fill', '#6b7280').text('┆ best epoch');
    this.resize(host.clientWidth || 480, 200);
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
    this.height = Math.max(100, height);
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
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(
      d3
        .axisBottom(x)
        .ticks(Math.min(10, Math.max(1, n)))
        .tickFormat(d3.format('d')),
    );
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4));
    this.legend.attr('x', M.left + 8);
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
