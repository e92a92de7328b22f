// Confusion matrix as a heatmap: rows = true bin, columns = predicted bin; colour = share of the
// row (so rare bins are readable), text = count; a title, both axes named, and a legend of the
// colour scale under the grid. reset() / resize().
import * as d3 from 'd3';
import { TITLE_H, axisTitle, chartTitle, legendText, placeX, placeY } from './chart-text';

export interface ConfusionData {
  labels: string[];
  matrix: number[][];
}
const M = { top: TITLE_H + 34, right: 8, bottom: 44, left: 110 };
/** The colour of a cell whose row share is `share` (0..1): never the palest or the darkest blue. */
const colour = (share: number): string => d3.interpolateBlues(share * 0.9);

export class HnConfusionChart {
  private d: ConfusionData = { labels: [], matrix: [] };
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly cells: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly axes: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly legendAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly xTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly legendWords: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 360;
  private height = 220;

  constructor(host: HTMLElement) {
    this.svg = d3
      .select(host)
      .append('svg')
      .attr('role', 'img')
      .attr('aria-label', 'confusion matrix: true bin by row, predicted bin by column');
    this.title = chartTitle(this.svg, 'Confusion matrix: posts by true and predicted bin');
    this.cells = this.svg.append('g');
    this.axes = this.svg.append('g').attr('font-size', 11).attr('fill', '#374151');
    this.xTitle = axisTitle(this.svg, 'predicted bin');
    this.yTitle = axisTitle(this.svg, 'true bin');
    // The colour scale's legend: a gradient bar from 0% to 100% of a true bin's posts.
    const id = `confusion-gradient-${Math.random().toString(36).slice(2)}`;
    const grad = this.svg.append('defs').append('linearGradient').attr('id', id);
    for (let s = 0; s <= 10; s++)
      grad
        .append('stop')
        .attr('offset', `${s * 10}%`)
        .attr('stop-color', colour(s / 10));
    this.legend = this.svg.append('g').attr('class', 'chart-legend colour-legend');
    this.legend.append('rect').attr('class', 'bar').attr('height', 8).attr('fill', `url(#${id})`).attr('stroke', '#d1d5db');
    this.legendAxis = this.legend.append('g').attr('transform', 'translate(0,8)');
    this.legendWords = legendText(this.legend, '').attr('x', 0).attr('y', -4);
    this.resize(host.clientWidth || 360, 220);
  }

  reset(d: ConfusionData): void {
    this.d = d;
    this.draw();
  }

  append(d: ConfusionData): void {
    this.reset(d);
  }

  resize(width: number, height: number): void {
    this.width = Math.max(200, Math.min(width, 480));
    this.height = Math.max(120, height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const k = this.d.labels.length;
    const band = d3.scaleBand<number>().domain(d3.range(k)).paddingInner(0.04);
    const xs = band.copy().range([M.left, this.width - M.right]);
    const ys = band.copy().range([M.top, this.height - M.bottom]);
    const cells = this.d.matrix.flatMap((row, t) => {
      const total = d3.sum(row) || 1;
      return row.map((n, p) => ({ t, p, n, share: n / total }));
    });
    const g = this.cells
      .selectAll<SVGGElement, (typeof cells)[number]>('g')
      .data(cells)
      .join((e) => {
        const n = e.append('g');
        n.append('rect');
        n.append('text').attr('text-anchor', 'middle').attr('font-size', 12);
        return n;
      });
    g.select('rect')
      .attr('x', (c) => xs(c.p)!)
      .attr('y', (c) => ys(c.t)!)
      .attr('width', xs.bandwidth())
      .attr('height', ys.bandwidth())
      .attr('fill', (c) => colour(c.share));
    g.select('text')
      .attr('x', (c) => xs(c.p)! + xs.bandwidth() / 2)
      .attr('y', (c) => ys(c.t)! + ys.bandwidth() / 2 + 4)
      .attr('fill', (c) => (c.share > 0.55 ? 'white' : '#111827'))
      .text((c) => c.n.toLocaleString('en-US'));
    const labels = this.d.labels.map((label, i) => ({ label, i }));
    this.axes
      .selectAll('text.col')
      .data(labels)
      .join('text')
      .attr('class', 'col')
      .attr('text-anchor', 'middle')
      .attr('x', (l) => xs(l.i)! + xs.bandwidth() / 2)
      .attr('y', M.top - 6)
      .text((l) => l.label);
    this.axes
      .selectAll('text.row')
      .data(labels)
      .join('text')
      .attr('class', 'row')
      .attr('text-anchor', 'end')
      .attr('x', M.left - 6)
      .attr('y', (l) => ys(l.i)! + ys.bandwidth() / 2 + 4)
      .text((l) => l.label);
    // A phone's narrow chart says it shorter, so the words fit.
    const wide = this.width >= 420;
    this.title.attr('x', 0).text(wide ? 'Confusion matrix: posts by true and predicted bin' : 'Confusion matrix (test posts)');
    this.legendWords.text(wide ? "colour: share of the true bin's posts (numbers: posts)" : "colour: share of the true bin's posts");
    placeX(this.xTitle, M.left, this.width - M.right, TITLE_H + 10);
    placeY(this.yTitle, 12, M.top, this.height - M.bottom);
    const lw = Math.min(200, this.width - M.left - M.right);
    const lx = d3.scaleLinear().domain([0, 1]).range([0, lw]);
    this.legend.attr('transform', `translate(${M.left},${this.height - M.bottom + 18})`);
    this.legend.select('rect.bar').attr('width', lw);
    this.legendAxis.call(d3.axisBottom(lx).ticks(2, '.0%').tickSize(3));
  }
}
