// Training loss per batch against words trained: faint raw points on a canvas (thousands are
// cheap there), an exponentially smoothed line, axes, their titles and a legend in SVG.
// reset() / append() / resize().
import * as d3 from 'd3';
import { sizeCanvas } from './canvas-size';
import { AXIS_TITLE_H, TITLE_H, axisTitle, chartTitle, legendText, placeX, placeY, si } from './chart-text';

const M = { top: 8 + TITLE_H + 14, right: 12, bottom: 26 + AXIS_TITLE_H, left: 56 };
const BLUE = '#2563eb';

/** A loss point: `at` = fraction of the run done (0..1) when it was measured, `loss` = mean loss per pair. */
export interface LossPoint {
  at: number;
  loss: number;
}

export class LossChart {
  private raw: LossPoint[] = [];
  private smooth: number[] = [];
  /** Corpus words one run trains (x axis in words); 0: unknown, the axis says % of the run. */
  private wordsPerRun = 0;
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly canvas: HTMLCanvasElement;
  private readonly line: d3.Selection<SVGPathElement, unknown, null, undefined>;
  private readonly xAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly title: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly xTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yTitle: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly lag: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private width = 400;
  private height = 240;

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
      .attr('aria-label', 'training loss per pair against words trained');
    this.title = chartTitle(this.svg, 'Training loss');
    this.xAxis = this.svg.append('g').attr('class', 'x-axis');
    this.yAxis = this.svg.append('g');
    this.xTitle = axisTitle(this.svg, '');
    this.yTitle = axisTitle(this.svg, 'loss per pair (mean)');
    this.line = this.svg.append('path').attr('fill', 'none').attr('stroke', BLUE).attr('stroke-width', 1.5);
    // Legend: a dot = one batch's loss; the line = its moving average, which lags the dots.
    this.legend = this.svg.append('g').attr('class', 'chart-legend');
    this.legend.append('rect').attr('width', 4).attr('height', 4).attr('y', -7).attr('fill', 'rgba(37, 99, 235, 0.45)');
    legendText(this.legend, 'one batch').attr('x', 8);
    this.legend.append('line').attr('x1', 76).attr('x2', 94).attr('y1', -5).attr('y2', -5).attr('stroke', BLUE).attr('stroke-width', 1.5);
    this.lag = legendText(this.legend, '').attr('x', 100);
    this.resize(host.clientWidth || 400, 240);
  }

  /** `wordsPerRun`: corpus words the whole run trains (all epochs), for an x axis in words. */
  reset(points: LossPoint[] = [], wordsPerRun = this.wordsPerRun): void {
    this.raw = [];
    this.smooth = [];
    this.wordsPerRun = wordsPerRun;
    this.append(points);
  }

  append(points: LossPoint[]): void {
    for (const p of points) {
      const prev = this.smooth.length ? this.smooth[this.smooth.length - 1] : p.loss;
      this.raw.push(p);
      this.smooth.push(this.beta * prev + (1 - this.beta) * p.loss);
    }
    this.draw();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(120, width);
    this.height = Math.max(120, height);
    sizeCanvas(this.canvas, this.width, this.height);
    this.svg.attr('width', this.width).attr('height', this.height);
    this.draw();
  }

  private draw(): void {
    const n = this.raw.length;
    const words = this.wordsPerRun > 0;
    // x in corpus words trained (or % of the run when the corpus size is not known).
    const scale = words ? this.wordsPerRun : 100;
    // The whole run on the axis: the curve grows across it as the run goes on.
    const x = d3
      .scaleLinear()
      .domain([0, scale])
      .range([M.left, this.width - M.right]);
    const [lo, hi] = d3.extent(this.raw, (p) => p.loss) as [number | undefined, number | undefined];
    const y = d3
      .scaleLinear()
      .domain([lo ?? 0, hi === lo ? (hi ?? 0) + 1 : (hi ?? 1)])
      .nice()
      .range([this.height - M.bottom, M.top]);
    const ticks = Math.max(2, Math.floor((this.width - M.left - M.right) / 80));
    // 0, 500k, 1M, 1.5M (never "0k"); a percentage axis is plain numbers.
    this.xAxis.attr('transform', `translate(0,${this.height - M.bottom})`).call(
      d3
        .axisBottom(x)
        .ticks(ticks)
        .tickFormat(words ? si : d3.format('~r')),
    );
    this.yAxis.attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4));
    this.title.attr('x', M.left);
    this.legend.attr('transform', `translate(${M.left},${TITLE_H + 14})`);
    this.lag.text(
      this.width - M.left > 480 ? 'smoothed (moving average of ~10 batches: it lags behind the dots)' : 'smoothed (lags the dots)',
    );
    this.xTitle.text(words ? 'corpus words trained (all epochs so far)' : '% of the run done');
    placeX(this.xTitle, M.left, this.width - M.right, this.height - 4);
    placeY(this.yTitle, 12, M.top, this.height - M.bottom);
    const px = (p: LossPoint): number => x(p.at * scale);
    this.line.attr(
      'd',
      d3
        .line<number>()
        .x((_, i) => px(this.raw[i]))
        .y((v) => y(v))(this.smooth) ?? '',
    );
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.fillStyle = 'rgba(37, 99, 235, 0.25)';
    for (let i = 0; i < n; i++) ctx.fillRect(px(this.raw[i]) - 1, y(this.raw[i].loss) - 1, 2, 2);
  }
}
