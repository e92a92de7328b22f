// Predicted probability of each points bin, as horizontal bars with the percentage, under a
// title and over a probability axis. The left margin is measured from the bin labels, so none
// is clipped ("100–999 points", "1000+ points"). reset() / resize().
import * as d3 from 'd3';
import { AXIS_TITLE_H, TITLE_H, axisTitle, chartTitle, placeX, textWidth } from './chart-text';

export interface ProbsData {
  labels: string[];
  probs: number[];
}
const M = { top: 6 + TITLE_H, right: 52, bottom: 24 + AXIS_TITLE_H, left: 8 };
const FONT = 12;

export class HnProbsChart {
  private d: ProbsData = { labels: [], probs: [] };
  private readonly host: HTMLElement;
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly bars: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly axis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly xTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 400;
  private height = 140;

  constructor(host: HTMLElement) {
    this.host = host;
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'probability of each points bin');
    this.title = chartTitle(this.svg, "The model's probability of each points bin");
    this.bars = this.svg.append('g');
    this.axis = this.svg.append('g');
    this.xTitle = axisTitle(this.svg, 'probability');
    this.resize(host.clientWidth || 400, 140);
  }

  reset(d: ProbsData): void {
    this.d = d;
    this.draw();
  }

  /** No streaming for a single answer: append replaces it. */
  append(d: ProbsData): void {
    this.reset(d);
  }

  resize(width: number, height: number): void {
    this.width = Math.max(200, width);
    this.height = Math.max(60 + M.top + M.bottom, height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const rows = this.d.labels.map((label, i) => ({ label, text: `${label} points`, p: this.d.probs[i] ?? 0 }));
    // The widest label plus a gap: never a fixed margin that longer labels overflow.
    const left = M.left + Math.ceil(d3.max(rows, (r) => textWidth(this.host, r.text, FONT)) ?? 40) + 8;
    const y = d3
      .scaleBand()
      .domain(rows.map((r) => r.label))
      .range([M.top, this.height - M.bottom])
      .padding(0.2);
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([left, Math.max(left + 40, this.width - M.right)]);
    this.title.attr('x', M.left);
    this.axis
      .attr('transform', `translate(0,${this.height - M.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.min(5, Math.floor((this.width - left - M.right) / 60))), '.0%'));
    placeX(this.xTitle, left, this.width - M.right, this.height - 4);
    const g = this.bars
      .selectAll<SVGGElement, (typeof rows)[number]>('g.bar')
      .data(rows, (r) => r.label)
      .join((e) => {
        const n = e.append('g').attr('class', 'bar');
        n.append('rect').attr('fill', '#60a5fa');
        n.append('text').attr('class', 'label').attr('text-anchor', 'end').attr('font-size', FONT);
        n.append('text').attr('class', 'value').attr('font-size', FONT).attr('font-variant-numeric', 'tabular-nums');
        return n;
      });
    g.select('rect')
      .attr('x', left)
      .attr('y', (r) => y(r.label)!)
      .attr('height', y.bandwidth())
      .attr('width', (r) => x(r.p) - left);
    g.select('text.label')
      .attr('x', left - 6)
      .attr('y', (r) => y(r.label)! + y.bandwidth() / 2 + 4)
      .text((r) => r.text);
    g.select('text.value')
      .attr('x', (r) => x(r.p) + 4)
      .attr('y', (r) => y(r.label)! + y.bandwidth() / 2 + 4)
      .text((r) => `${(r.p * 100).toFixed(1)}%`);
  }
}
