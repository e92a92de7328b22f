// Confusion matrix as a heatmap: rows = true bin, columns = predicted bin; colour = share of the
// row (so rare bins are readable), text = count. reset() / resize().
import * as d3 from 'd3';

export interface ConfusionData {
  labels: string[];
  matrix: number[][];
}
const M = { top: 34, right: 8, bottom: 8, left: 92 };

export class HnConfusionChart {
  private d: ConfusionData = { labels: [], matrix: [] };
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly cells: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly axes: d3.Selection<SVGGElement, unknown, null, undefined>;
  private width = 360;
  private height = 220;

  constructor(host: HTMLElement) {
    this.svg = d3
      .select(host)
      .append('svg')
      .attr('role', 'img')
      .attr('aria-label', 'confusion matrix: true bin by row, predicted bin by column');
    this.cells = this.svg.append('g');
    this.axes = this.svg.append('g').attr('font-size', 11).attr('fill', '#374151');
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
    const color = d3.scaleSequential(d3.interpolateBlues).domain([0, 1]);
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
      .attr('fill', (c) => color(c.share * 0.9));
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
    this.axes
      .selectAll('text.head')
      .data([0])
      .join('text')
      .attr('class', 'head')
      .attr('x', M.left)
      .attr('y', 12)
      .text('predicted bin →   (rows: true bin)');
  }
}
