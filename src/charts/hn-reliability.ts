// Reliability diagram: per confidence bin (the top bin's probability), the share of those posts
// whose top bin was right, before and after temperature and bias scaling; the diagonal is perfect
// calibration, dot area ∝ posts in the bin. reset() / resize().
import * as d3 from 'd3';
import type { ReliabilityBin } from '../../workers/hn/commands';
import { TITLE_H, axisTitle, chartTitle, legendText, placeX, placeY } from './chart-text';

export interface ReliabilityData {
  before: ReliabilityBin[];
  after: ReliabilityBin[];
}
const M = { top: 10 + TITLE_H, right: 110, bottom: 34, left: 48 };
const SERIES = [
  { key: 'before', color: '#9ca3af', label: 'before' },
  { key: 'after', color: '#2563eb', label: 'calibrated' },
] as const;

export class HnReliabilityChart {
  private d: ReliabilityData = { before: [], after: [] };
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly plot: d3.Selection<SVGGElement, unknown, null, undefined>;
  private width = 360;
  private height = 260;

  constructor(host: HTMLElement) {
    this.svg = d3
      .select(host)
      .append('svg')
      .attr('role', 'img')
      .attr('aria-label', 'reliability diagram: accuracy by confidence, before and after calibration');
    this.plot = this.svg.append('g');
    this.resize(host.clientWidth || 360, 260);
  }

  reset(d: ReliabilityData): void {
    this.d = d;
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(260, Math.min(width, 480));
    this.height = Math.max(180, height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([M.left, this.width - M.right]);
    const y = d3
      .scaleLinear()
      .domain([0, 1])
      .range([this.height - M.bottom, M.top]);
    const maxN = d3.max([...this.d.before, ...this.d.after], (b) => b.n) || 1;
    const r = d3.scaleSqrt().domain([0, maxN]).range([0, 9]);
    this.plot.selectAll('*').remove();
    this.plot
      .append('g')
      .attr('transform', `translate(0,${this.height - M.bottom})`)
      .call(d3.axisBottom(x).ticks(5));
    this.plot.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(5));
    this.plot
      .append('line')
      .attr('x1', x(0))
      .attr('y1', y(0))
      .attr('x2', x(1))
      .attr('y2', y(1))
      .attr('stroke', '#d1d5db')
      .attr('stroke-dasharray', '4 3');
    chartTitle(this.plot, 'Reliability: how often the top bin is right').attr('x', 0);
    placeX(axisTitle(this.plot, "confidence (top bin's probability)"), x(0), x(1), this.height - 4);
    placeY(axisTitle(this.plot, 'accuracy (share right)'), 12, y(1), y(0));
    legendText(this.plot, 'dashed: perfect')
      .attr('x', this.width - M.right + 10)
      .attr('y', M.top + 12 + 16 * SERIES.length);
    legendText(this.plot, 'dot area: posts')
      .attr('x', this.width - M.right + 10)
      .attr('y', M.top + 12 + 16 * (SERIES.length + 1));
    SERIES.forEach((s, i) => {
      const bins = this.d[s.key];
      this.plot
        .append('path')
        .datum(bins)
        .attr('fill', 'none')
        .attr('stroke', s.color)
        .attr('stroke-width', 1.5)
        .attr(
          'd',
          d3
            .line<ReliabilityBin>()
            .x((b) => x(b.confidence))
            .y((b) => y(b.accuracy)),
        );
      this.plot
        .append('g')
        .attr('class', `dots-${s.key}`)
        .selectAll('circle')
        .data(bins)
        .join('circle')
        .attr('cx', (b) => x(b.confidence))
        .attr('cy', (b) => y(b.accuracy))
        .attr('r', (b) => Math.max(2, r(b.n)))
        .attr('fill', s.color)
        .attr('fill-opacity', 0.6);
      this.plot
        .append('text')
        .attr('x', this.width - M.right + 10)
        .attr('y', M.top + 12 + 16 * i)
        .attr('font-size', 11)
        .attr('fill', s.color)
        .text(s.label);
    });
  }
}
