// Posts per time slot (hour of day or weekday, UTC): bars of post counts, dots of the slot's
// median points on a right-hand axis. reset() / append() / resize().
import * as d3 from 'd3';
import type { SlotStat } from '../../workers/hn/eda';
import { TITLE_H, axisTitle, chartTitle, legendText, placeX, placeY, si } from './chart-text';

const M = { top: 12 + TITLE_H + 12, right: 56, bottom: 34, left: 56 };

export class SlotChart {
  private slots: SlotStat[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly bars: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly dots: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly mAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly xLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly mLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly axisLabel: string;
  private width = 420;
  private height = 200;

  /** `axisLabel`, e.g. "hour of day (UTC)". */
  constructor(host: HTMLElement, axisLabel: string) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', `posts by ${axisLabel}`);
    this.bars = this.svg.append('g').attr('class', 'bars');
    this.dots = this.svg.append('g').attr('class', 'medians');
    this.xAxis = this.svg.append('g');
    this.yAxis = this.svg.append('g');
    this.mAxis = this.svg.append('g');
    this.axisLabel = axisLabel;
    this.title = chartTitle(this.svg, '');
    this.legend = legendText(this.svg, '').attr('class', 'chart-legend');
    this.xLabel = axisTitle(this.svg, axisLabel);
    this.yLabel = axisTitle(this.svg, 'posts');
    this.mLabel = axisTitle(this.svg, 'median points');
    this.resize(host.clientWidth || 420, 200);
  }

  reset(slots: SlotStat[]): void {
    this.slots = [];
    this.append(slots);
  }

  append(slots: SlotStat[]): void {
    this.slots.push(...slots);
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(240, width);
    this.height = height;
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const x = d3
      .scaleBand<string>()
      .domain(this.slots.map((s) => s.label))
      .range([M.left, this.width - M.right])
      .padding(0.15);
    const y = d3
      .scaleLinear()
      .domain([0, Math.max(1, d3.max(this.slots, (s) => s.posts) ?? 1)])
      .nice()
      .range([this.height - M.bottom, M.top]);
    const m = d3
      .scaleLinear()
      .domain([0, Math.max(1, d3.max(this.slots, (s) => s.median ?? 0) ?? 1)])
      .nice()
      .range([this.height - M.bottom, M.top]);
    const every = Math.ceil(this.slots.length / Math.max(1, Math.floor((this.width - M.left - M.right) / 28)));
    this.xAxis
      .attr('transform', `translate(0,${this.height - M.bottom})`)
      .call(d3.axisBottom(x).tickValues(this.slots.map((s) => s.label).filter((_, i) => i % every === 0)));
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4).tickFormat(si));
    this.mAxis.attr('transform', `translate(${this.width - M.right},0)`).call(d3.axisRight(m).ticks(4).tickFormat(si));
    // A phone's narrow chart says it shorter, so the words fit.
    const wide = this.width >= 460;
    this.title.attr('x', M.left).text(wide ? `Posts and median points by ${this.axisLabel}` : `Posts by ${this.axisLabel}`);
    this.legend
      .attr('x', M.left)
      .attr('y', TITLE_H + 12)
      .text(wide ? 'bars: posts (left axis) · dots: median points (right axis)' : 'bars: posts · dots: median points');
    placeX(this.xLabel, M.left, this.width - M.right, this.height - 2);
    placeY(this.yLabel, 12, M.top, this.height - M.bottom);
    placeY(this.mLabel, this.width - 8, M.top, this.height - M.bottom);
    this.bars
      .selectAll('rect')
      .data(this.slots)
      .join('rect')
      .attr('x', (s) => x(s.label) ?? 0)
      .attr('width', x.bandwidth())
      .attr('y', (s) => y(s.posts))
      .attr('height', (s) => y(0) - y(s.posts))
      .attr('fill', '#93c5fd')
      .selectAll('title')
      .data((s) => [s])
      .join('title')
      .text((s) => `${s.label}: ${s.posts} posts, median ${s.median ?? '–'} points`);
    this.dots
      .selectAll('circle')
      .data(this.slots.filter((s) => s.median !== null))
      .join('circle')
      .attr('cx', (s) => (x(s.label) ?? 0) + x.bandwidth() / 2)
      .attr('cy', (s) => m(s.median ?? 0))
      .attr('r', 3)
      .attr('fill', '#b45309');
  }
}
