// Log–log rank/frequency (Zipf) plot of a vocabulary: ranks 1-based on x, counts on y. reset() / append() / resize().
import * as d3 from 'd3';
import { AXIS_TITLE_H, TITLE_H, axisTitle, chartTitle, placeX, placeY } from './chart-text';

const M = { top: 8 + TITLE_H, right: 12, bottom: 30 + AXIS_TITLE_H, left: 60 };
export interface RankPoint {
  rank: number;
  count: number;
}

export class RankFrequencyChart {
  private pts: RankPoint[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly path: d3.Selection<SVGPathElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly xTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 400;
  private height = 220;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'word frequency by rank, log–log');
    this.title = chartTitle(this.svg, 'Word frequency by rank (Zipf plot)');
    this.xTitle = axisTitle(this.svg, 'rank (log scale; 1 = most frequent word)');
    this.yTitle = axisTitle(this.svg, 'count (log scale)');
    this.xAxis = this.svg.append('g');
    this.yAxis = this.svg.append('g');
    this.path = this.svg.append('path').attr('fill', 'none').attr('stroke', '#2563eb').attr('stroke-width', 1.5);
    this.resize(host.clientWidth || 400, 220);
  }

  reset(points: RankPoint[] = []): void {
    this.pts = [];
    this.append(points);
  }

  append(points: RankPoint[]): void {
    this.pts.push(...points.filter((p) => p.rank > 0 && p.count > 0));
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(200, width);
    this.height = height;
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const maxRank = d3.max(this.pts, (p) => p.rank) ?? 10;
    const maxCount = d3.max(this.pts, (p) => p.count) ?? 10;
    const minCount = d3.min(this.pts, (p) => p.count) ?? 1;
    const x = d3
      .scaleLog()
      .domain([1, Math.max(10, maxRank)])
      .range([M.left, this.width - M.right]);
    const y = d3
      .scaleLog()
      .domain([Math.max(1, minCount * 0.8), Math.max(10, maxCount)])
      .range([this.height - M.bottom, M.top]);
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(d3.axisBottom(x).ticks(5, '~s'));
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(5, '~s'));
    this.title.attr('x', M.left);
    placeX(this.xTitle, M.left, this.width - M.right, this.height - 4);
    placeY(this.yTitle, 12, M.top, this.height - M.bottom);
    const line = d3
      .line<RankPoint>()
      .x((p) => x(p.rank))
      .y((p) => y(p.count));
    this.path.attr('d', line(this.pts) ?? '');
  }
}
