// Loss curves of several runs overlaid on one set of axes: x = words trained (millions, all
// epochs), y = mean loss per pair; one colour per run and a legend naming each. SVG: each curve
// is at most ~2,000 points (workers/runs/curve.ts), a handful of runs at a time.
import * as d3 from 'd3';

export interface CurveSeries {
  id: string;
  name: string;
  colour: string;
  /** [n] words trained at each point. */
  x: number[];
  /** [n] mean loss per pair. */
  y: number[];
}

const M = { top: 28, right: 14, bottom: 40, left: 56 };
/** A dash pattern per run as well as a colour: runs whose curves coincide stay visible, and colour is not the only cue. */
const DASHES = ['', '7 3', '2 3', '10 3 2 3', '4 4'];
const dash = (i: number): string => DASHES[i % DASHES.length];

export class RunsCurves {
  private series: CurveSeries[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<HTMLUListElement, unknown, null, undefined>;
  private width = 600;
  private height = 260;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('role', 'img').attr('class', 'runs-curves');
    this.legend = d3.select(host).append('ul').attr('class', 'chart-legend').attr('aria-label', 'runs on the loss chart');
    this.resize(host.clientWidth || 600, 260);
  }

  set(series: CurveSeries[]): void {
    this.series = series;
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(200, width);
    this.height = Math.max(140, height);
    this.svg.attr('width', this.width).attr('height', this.height).attr('viewBox', `0 0 ${this.width} ${this.height}`);
    this.draw();
  }

  private draw(): void {
    const s = this.series.filter((c) => c.x.length > 0);
    const { width: w, height: h } = this;
    const xMax = d3.max(s, (c) => d3.max(c.x)) ?? 1;
    const lo = d3.min(s, (c) => d3.min(c.y)) ?? 0;
    const hi = d3.max(s, (c) => d3.max(c.y)) ?? 1;
    const x = d3
      .scaleLinear()
      .domain([0, xMax / 1e6 || 1])
      .range([M.left, w - M.right])
      .nice();
    const y = d3
      .scaleLinear()
      .domain([lo, hi === lo ? lo + 1 : hi])
      .range([h - M.bottom, M.top])
      .nice();
    this.svg.attr('aria-label', `loss per pair against words trained, ${s.length} run${s.length === 1 ? '' : 's'}`);
    this.svg.selectAll('*').remove();
    this.svg.append('text').attr('class', 'chart-title').attr('x', M.left).attr('y', 16).text('Training loss of the selected runs');
    this.svg
      .append('g')
      .attr('transform', `translate(0,${h - M.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(w / 90))));
    this.svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(5));
    this.svg
      .append('text')
      .attr('class', 'axis-title')
      .attr('x', (M.left + w - M.right) / 2)
      .attr('y', h - 6)
      .attr('text-anchor', 'middle')
      .text('words trained (millions, all epochs)');
    this.svg
      .append('text')
      .attr('class', 'axis-title')
      .attr('transform', `translate(14,${(M.top + h - M.bottom) / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text('loss per pair (mean)');
    this.svg
      .append('g')
      .selectAll('path')
      .data(s, (d) => (d as CurveSeries).id)
      .join('path')
      .attr('class', 'curve')
      .attr('data-run', (d) => d.id)
      .attr('fill', 'none')
      .attr('stroke', (d) => d.colour)
      .attr('stroke-width', 1.6)
      .attr('stroke-dasharray', (_, i) => dash(i))
      .attr(
        'd',
        (d) =>
          d3
            .line<number>()
            .x((_, i) => x(d.x[i] / 1e6))
            .y((v) => y(v))(d.y) ?? '',
      );
    if (s.length === 0)
      this.svg
        .append('text')
        .attr('x', w / 2)
        .attr('y', h / 2)
        .attr('text-anchor', 'middle')
        .attr('class', 'muted')
        .text('no loss curve among the selected runs');
    this.legend
      .selectAll('li')
      .data(this.series, (d) => (d as CurveSeries).id)
      .join('li')
      .call((li) => {
        li.selectAll('*').remove();
        li.append('svg')
          .attr('width', 26)
          .attr('height', 10)
          .attr('aria-hidden', 'true')
          .append('line')
          .attr('x1', 1)
          .attr('x2', 25)
          .attr('y1', 5)
          .attr('y2', 5)
          .attr('stroke-width', 2.5)
          .attr('stroke', (d) => d.colour)
          .attr('stroke-dasharray', (d) => dash(s.findIndex((c) => c.id === d.id)));
        li.append('span').text((d) => (d.x.length ? d.name : `${d.name} (no curve)`));
      });
  }
}
