// Feature importances of the boosted trees as horizontal bars: each feature's share of the total
// split gain (the title vector's dimensions summed into one bar), largest on top. reset() / resize().
import * as d3 from 'd3';
import { AXIS_TITLE_H, TITLE_H, axisTitle, chartTitle, placeX } from './chart-text';

export interface ImportanceData {
  bars: { name: string; share: number }[];
}
/** Height the chart takes beyond its bars (title, axis title), px: hosts size themselves with it. */
export const IMPORTANCE_EXTRA = 16 + TITLE_H + AXIS_TITLE_H;
const M = { top: 8 + TITLE_H, right: 48, bottom: 8 + AXIS_TITLE_H, left: 190 };
const BAR = 18; // px per bar

export class HnImportanceChart {
  private d: ImportanceData = { bars: [] };
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private width = 420;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly xTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'boosted trees: share of split gain per feature');
    this.title = chartTitle(this.svg, 'Feature importance of the boosted trees');
    this.xTitle = axisTitle(this.svg, "bars: share of the trees' split gain");
    this.resize(host.clientWidth || 420, 0);
  }

  reset(d: ImportanceData): void {
    this.d = d;
    this.draw();
  }

  resize(width: number, _height: number): void {
    this.width = Math.max(280, Math.min(width, 640));
    this.draw();
  }

  private draw(): void {
    const bars = this.d.bars;
    const height = M.top + M.bottom + BAR * bars.length;
    this.svg.attr('width', this.width).attr('height', height);
    this.title.attr('x', 0);
    placeX(this.xTitle, Math.min(M.left, this.width / 2 - 100), this.width - M.right, height - 4);
    const x = d3
      .scaleLinear()
      .domain([0, d3.max(bars, (b) => b.share) || 1])
      .range([M.left, this.width - M.right]);
    const g = this.svg
      .selectAll<SVGGElement, (typeof bars)[number]>('g.bar')
      .data(bars, (b) => b.name)
      .join((e) => {
        const n = e.append('g').attr('class', 'bar');
        n.append('rect').attr('fill', '#2563eb');
        n.append('text').attr('class', 'name').attr('text-anchor', 'end').attr('font-size', 11).attr('fill', '#374151');
        n.append('text').attr('class', 'value').attr('font-size', 11).attr('fill', '#374151');
        return n;
      });
    g.attr('transform', (_, i) => `translate(0,${M.top + i * BAR})`);
    g.select('rect')
      .attr('x', M.left)
      .attr('y', 2)
      .attr('height', BAR - 4)
      .attr('width', (b) => Math.max(1, x(b.share) - M.left));
    g.select('text.name')
      .attr('x', M.left - 6)
      .attr('y', BAR / 2 + 4)
      .text((b) => b.name);
    g.select('text.value')
      .attr('x', (b) => x(b.share) + 4)
      .attr('y', BAR / 2 + 4)
      .text((b) => `${(b.share * 100).toFixed(1)}%`);
  }
}
