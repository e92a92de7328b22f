// Histogram of HN points on a log x axis, with the classifier's target bins marked: a dashed line at
// each edge and the bin's post count above it. Bars are [lo, hi) point ranges. reset() / append() / resize().
import * as d3 from 'd3';
import type { HistBin, TargetBin } from '../../workers/hn/eda';
import { TITLE_H, axisTitle, chartTitle, placeX, placeY, si } from './chart-text';

const M = { top: 22 + TITLE_H, right: 14, bottom: 34, left: 56 };
export interface PointsHistogramData {
  bins: HistBin[];
  targets: TargetBin[];
}

export class PointsHistogram {
  private bins: HistBin[] = [];
  private targets: TargetBin[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly bars: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly marks: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly xLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 500;
  private height = 240;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'posts by points, log scale, with the target bins');
    this.bars = this.svg.append('g').attr('class', 'bars');
    this.marks = this.svg.append('g').attr('class', 'target-marks');
    this.xAxis = this.svg.append('g');
    this.yAxis = this.svg.append('g');
    this.title = chartTitle(this.svg, 'Posts by points, with the target bins (dashed)');
    this.xLabel = axisTitle(this.svg, 'points (log scale)');
    this.yLabel = axisTitle(this.svg, 'posts');
    this.resize(host.clientWidth || 500, 240);
  }

  reset(d: PointsHistogramData): void {
    this.bins = [];
    this.targets = d.targets;
    this.append(d.bins);
  }

  /** More histogram bins (e.g. a higher range); target marks stay. */
  append(bins: HistBin[]): void {
    this.bins.push(...bins);
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(240, width);
    this.height = height;
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const width = this.width;
    const hi = Math.max(10, d3.max(this.bins, (b) => b.hi) ?? 10, (d3.max(this.targets, (t) => t.lo) ?? 1) * 2);
    const x = d3
      .scaleLog()
      .domain([1, hi])
      .range([M.left, this.width - M.right])
      .clamp(true);
    const y = d3
      .scaleLinear()
      .domain([0, Math.max(1, d3.max(this.bins, (b) => b.count) ?? 1)])
      .nice()
      .range([this.height - M.bottom, M.top]);
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(d3.axisBottom(x).ticks(6, '~s'));
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(si));
    this.title
      .attr('x', M.left)
      .text(this.width >= 440 ? 'Posts by points, with the target bins (dashed)' : 'Posts by points (bins dashed)');
    placeX(this.xLabel, M.left, this.width - M.right, this.height - 2);
    placeY(this.yLabel, 12, M.top, this.height - M.bottom);
    this.bars
      .selectAll('rect')
      .data(this.bins)
      .join('rect')
      .attr('x', (b) => x(b.lo) + 0.5)
      .attr('width', (b) => Math.max(1, x(b.hi) - x(b.lo) - 1))
      .attr('y', (b) => y(b.count))
      .attr('height', (b) => y(0) - y(b.count))
      .attr('fill', '#93c5fd')
      .selectAll('title')
      .data((b) => [b])
      .join('title')
      .text((b) => `${Math.ceil(b.lo)}–${Math.ceil(b.hi) - 1} points: ${b.count} posts`);
    // Target bins: a line at each lower edge (the first one at the axis' left when below 1), count centred in the bin.
    const edgeX = (v: number): number => x(Math.max(1, v));
    const groups = this.marks.selectAll<SVGGElement, TargetBin>('g').data(this.targets).join('g');
    groups
      .selectAll('line')
      .data((t) => [t])
      .join('line')
      .attr('x1', (t) => edgeX(t.lo))
      .attr('x2', (t) => edgeX(t.lo))
      .attr('y1', M.top - 4)
      .attr('y2', this.height - M.bottom)
      .attr('stroke', '#b45309')
      .attr('stroke-dasharray', '4 3');
    groups
      .selectAll('text')
      .data((t) => [t])
      .join('text')
      .attr('x', (t) => (edgeX(t.lo) + (t.hi === null ? x(hi) : edgeX(t.hi))) / 2)
      .attr('y', M.top - 8)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('fill', '#b45309')
      .text((t) => `${t.label}: ${t.count.toLocaleString('en-US')}`)
      // Centred in its bin, but never past the chart's edges (the last bin's count on a phone).
      .attr('x', function (t) {
        const mid = (edgeX(t.lo) + (t.hi === null ? x(hi) : edgeX(t.hi))) / 2;
        const half = (this as SVGTextElement).getComputedTextLength() / 2;
        return Math.max(half + 2, Math.min(mid, width - half - 2));
      });
    // Narrow bins on a phone: a count that would overlap the one before it goes one line lower.
    let upper = -Infinity; // the right end of the last count on the upper line
    groups.select<SVGTextElement>('text').each(function () {
      const len = this.getComputedTextLength();
      const left = Number(this.getAttribute('x')) - len / 2;
      const fits = left >= upper + 4;
      this.setAttribute('y', String(fits ? M.top - 8 : M.top + 6));
      if (fits) upper = left + len;
    });
  }
}
