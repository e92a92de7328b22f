// Predicted probability of each points bin, as horizontal bars with the percentage. reset() / resize().
import * as d3 from 'd3';

export interface ProbsData {
  labels: string[];
  probs: number[];
}
const M = { top: 6, right: 52, bottom: 6, left: 84 };

export class HnProbsChart {
  private d: ProbsData = { labels: [], probs: [] };
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private width = 400;
  private height = 140;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('aria-label', 'probability of each points bin');
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
    this.height = Math.max(60, height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const rows = this.d.labels.map((label, i) => ({ label, p: this.d.probs[i] ?? 0 }));
    const y = d3
      .scaleBand()
      .domain(rows.map((r) => r.label))
      .range([M.top, this.height - M.bottom])
      .padding(0.2);
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([M.left, this.width - M.right]);
    const g = this.svg
      .selectAll<SVGGElement, (typeof rows)[number]>('g.bar')
      .data(rows, (r) => r.label)
      .join((e) => {
        const n = e.append('g').attr('class', 'bar');
        n.append('rect').attr('fill', '#60a5fa');
        n.append('text').attr('class', 'label').attr('text-anchor', 'end').attr('font-size', 12);
        n.append('text').attr('class', 'value').attr('font-size', 12).attr('font-variant-numeric', 'tabular-nums');
        return n;
      });
    g.select('rect')
      .attr('x', M.left)
      .attr('y', (r) => y(r.label)!)
      .attr('height', y.bandwidth())
      .attr('width', (r) => x(r.p) - M.left);
    g.select('text.label')
      .attr('x', M.left - 6)
      .attr('y', (r) => y(r.label)! + y.bandwidth() / 2 + 4)
      .text((r) => `${r.label} points`);
    g.select('text.value')
      .attr('x', (r) => x(r.p) + 4)
      .attr('y', (r) => y(r.label)! + y.bandwidth() / 2 + 4)
      .text((r) => `${(r.p * 100).toFixed(1)}%`);
  }
}
