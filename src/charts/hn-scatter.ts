// Title length (characters) vs points (log y): thousands of dots on a canvas, axes in SVG.
// Posts with 0 points sit on the bottom line (y = 1). reset() / append() / resize().
import * as d3 from 'd3';
import { sizeCanvas } from './canvas-size';
import { TITLE_H, axisTitle, chartTitle, placeX, placeY } from './chart-text';

const M = { top: 10 + TITLE_H, right: 14, bottom: 34, left: 56 };
export interface LengthPoints {
  length: ArrayLike<number>;
  points: ArrayLike<number>;
}

export class LengthScatter {
  private xs: number[] = [];
  private ys: number[] = [];
  private readonly canvas: HTMLCanvasElement;
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly xLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yLabel: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 500;
  private height = 260;

  constructor(host: HTMLElement) {
    host.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    Object.assign(this.canvas.style, { position: 'absolute', left: '0', top: '0' });
    host.appendChild(this.canvas);
    this.svg = d3
      .select(host)
      .append('svg')
      .style('position', 'relative')
      .attr('role', 'img')
      .attr('aria-label', 'title length against points, log scale');
    this.xAxis = this.svg.append('g');
    this.yAxis = this.svg.append('g');
    this.title = chartTitle(this.svg, 'Title length against points (a dot per post)');
    this.xLabel = axisTitle(this.svg, 'title length (characters)');
    this.yLabel = axisTitle(this.svg, 'points (log scale)');
    this.resize(host.clientWidth || 500, 260);
  }

  /** Number of dots drawn (for tests and the caption). */
  get size(): number {
    return this.xs.length;
  }

  reset(d: LengthPoints): void {
    this.xs = [];
    this.ys = [];
    this.append(d);
  }

  append(d: LengthPoints): void {
    for (let i = 0; i < d.length.length; i++) {
      this.xs.push(d.length[i]);
      this.ys.push(Math.max(1, d.points[i]));
    }
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(240, width);
    this.height = height;
    sizeCanvas(this.canvas, this.width, this.height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const x = d3
      .scaleLinear()
      .domain([0, Math.max(10, d3.max(this.xs) ?? 10)])
      .nice()
      .range([M.left, this.width - M.right]);
    const y = d3
      .scaleLog()
      .domain([1, Math.max(10, d3.max(this.ys) ?? 10)])
      .nice()
      .range([this.height - M.bottom, M.top]);
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(d3.axisBottom(x).ticks(6));
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(5, '~s'));
    this.title.attr('x', M.left).text(this.width >= 440 ? 'Title length against points (a dot per post)' : 'Title length against points');
    placeX(this.xLabel, M.left, this.width - M.right, this.height - 2);
    placeY(this.yLabel, 12, M.top, this.height - M.bottom);
    this.canvas.dataset.dots = String(this.xs.length);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = this.canvas.width / this.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    // Faint dots so dense areas read as darker; a small x jitter separates integer lengths.
    ctx.fillStyle = 'rgba(37, 99, 235, 0.25)';
    for (let i = 0; i < this.xs.length; i++) {
      const jitter = ((i * 2654435761) % 1000) / 1000 - 0.5;
      ctx.fillRect(x(this.xs[i] + jitter * 0.8) - 1, y(this.ys[i]) - 1, 2.5, 2.5);
    }
  }
}
