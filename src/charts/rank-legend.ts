// Colour by frequency for the 2-D map: a sequential scale on log frequency rank (rank 1 =
// the most frequent word, dark; rare words light), quantised into bins so the map draws one
// batch per colour, and its legend (SVG gradient + log axis, and a caption that takes two
// lines where one would be cut). reset() / resize().
import * as d3 from 'd3';

/** Colour bins of the map (one canvas fill style each). */
export const BINS = 16;

/** Viridis up to 0.9: its last tenth is too pale on white. */
const colourAt = (t: number): string => d3.interpolateViridis(0.9 * t);

/** Position 0..1 of rank r (1-based) among n on a log scale. */
export function logRank(r: number, n: number): number {
  return n <= 1 ? 0 : Math.log(r) / Math.log(n);
}

const CAPTION_FONT = '11px system-ui, sans-serif';
const CAPTION_LINE = 13; // px between the caption's lines
let measurer: CanvasRenderingContext2D | null | undefined; // cache: one offscreen context

/** Width in px of `text` in the caption's font (0 where no 2-D context is available). */
function textWidth(text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return 0;
  measurer.font = CAPTION_FONT;
  return measurer.measureText(text).width;
}

/** Bin of the word at row i (rank i + 1) among n. */
export const binOf = (i: number, n: number): number => Math.min(BINS - 1, Math.floor(logRank(i + 1, n) * BINS));

/** The fill style of each bin (its middle). */
export const binColours = (): string[] => Array.from({ length: BINS }, (_, b) => colourAt((b + 0.5) / BINS));

export class RankLegend {
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly axis: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly caption: d3.Selection<SVGTextElement, unknown, null, undefined>;
  private n = 2;
  private counts?: Float64Array;
  private width = 300;

  constructor(host: HTMLElement) {
    this.svg = d3.select(host).append('svg').attr('height', 46).attr('role', 'img').attr('aria-label', 'colour: frequency rank, log scale');
    const id = `rank-gradient-${Math.random().toString(36).slice(2)}`;
    const g = this.svg.append('defs').append('linearGradient').attr('id', id);
    for (let s = 0; s <= 10; s++)
      g.append('stop')
        .attr('offset', `${s * 10}%`)
        .attr('stop-color', colourAt(s / 10));
    this.svg.append('rect').attr('x', 10).attr('y', 4).attr('height', 10).attr('fill', `url(#${id})`).attr('class', 'bar');
    this.axis = this.svg.append('g').attr('transform', 'translate(0,14)');
    this.caption = this.svg
      .append('text')
      .attr('y', 44)
      .attr('font-size', 11)
      .attr('font-family', 'system-ui, sans-serif')
      .attr('fill', '#5f6b7a');
  }

  /** n words, ranks 1..n; counts [n] when known (shown in the caption). */
  reset(n: number, counts?: Float64Array): void {
    this.n = Math.max(2, n);
    this.counts = counts;
    this.draw();
  }

  resize(width: number): void {
    this.width = Math.max(160, width);
    this.draw();
  }

  private draw(): void {
    const w = this.width - 20;
    this.svg.attr('width', this.width);
    this.svg.select('rect.bar').attr('width', w);
    const x = d3
      .scaleLog()
      .domain([1, this.n])
      .range([10, 10 + w]);
    this.axis.call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(w / 80)), '~s'));
    const c = this.counts;
    const head = 'frequency rank (log scale; 1 = most frequent)';
    const range = c && c.length ? `${d3.format(',')(c[0])} … ${d3.format(',')(c[c.length - 1])} occurrences` : '';
    const one = range ? `${head} — ${range}` : head;
    // On a narrow map (a phone) the counts go to a second line rather than off the edge.
    const lines = range && textWidth(one) > w ? [head, range] : [one];
    this.caption
      .selectAll('tspan')
      .data(lines)
      .join('tspan')
      .attr('x', 10)
      .attr('dy', (_, i) => (i ? CAPTION_LINE : 0))
      .text((t) => t);
    this.svg.attr('height', 46 + CAPTION_LINE * (lines.length - 1));
  }
}
