// Training loss over batches: faint raw points on a canvas (thousands are cheap there),
// an exponentially smoothed line and axes in SVG. reset() / append() / resize().
import * as d3 from 'd3';
import { sizeCanvas } from './canvas-size';

const M = { top: 8, right: 12, bottom: 26, left: 44 };

export class LossChart {
  private raw: number[] = [];
  private smooth: number[] = [];
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly canvas: HTMLCanvasElement;
  private readonly line: d3.Selection<SVGPathElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private width = 400;
  private height = 200;

  /** `beta`: weight of the previous smoothed value (0.9 ≈ ten-batch window). */
  constructor(
    host: HTMLElement,
    private readonly beta = 0.9,
  ) {
    host.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.style.position = 'absolute';
    this.canvas.style.left = '0';
    this.canvas.style.top = '0';
    host.appendChild(this.canvas);
    this.svg = d3
      .select(host)
      .append('svg')
      .style('position', 'relative')
      .attr('role', 'img')
      .attr('aria-label', 'training loss per batch');
    this.xAxis = this.svg.append('g');
    this.yAxis = this.svg.append('g');
    this.line = this.svg.append('path').attr('fill', 'none').attr('stroke', '#2563eb').attr('stroke-width', 1.5);
    this.resize(host.clientWidth || 400, 200);
  }

  reset(points: number[] = []): void {
    this.raw = [];
    this.smooth = [];
    this.append(points);
  }

  append(points: number[]): void {
    for (const p of points) {
      const prev = this.smooth.length ? this.smooth[this.smooth.length - 1] : p;
      this.raw.push(p);
      this.smooth.push(this.beta * prev + (1 - this.beta) * p);
    }
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(120, width);
    this.height = Math.max(80, height);
    sizeCanvas(this.canvas, this.width, this.height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const n = this.raw.length;
    const x = d3
      .scaleLinear()
      .domain([0, Math.max(1, n - 1)])
      .range([M.left, this.width - M.right]);
    const [lo, hi] = d3.extent(this.raw) as [number | undefined, number | undefined];
    const y = d3
      .scaleLinear()
      .domain([lo ?? 0, hi ?? 1])
      .nice()
      .range([this.height - M.bottom, M.top]);
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(d3.axisBottom(x).ticks(5));
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4));
    this.line.attr(
      'd',
      d3
        .line<number>()
        .x((_, i) => x(i))
        .y((v) => y(v))(this.smooth) ?? '',
    );
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.fillStyle = 'rgba(37, 99, 235, 0.25)';
    for (let i = 0; i < n; i++) ctx.fillRect(x(i) - 1, y(this.raw[i]) - 1, 2, 2);
  }
}
