// The words every chart carries (issue 15 item 10): a title, axis titles with units, and a
// one-line legend. SVG text with its own size and colour, so a chart reads the same in any panel
// (the Runs panel's CSS styles the same class names). Tests find them by class.
import * as d3 from 'd3';

type Parent<E extends SVGElement> = d3.Selection<E, unknown, null, undefined>;
type Text = d3.Selection<SVGTextElement, unknown, null, undefined>;

/** Height a title takes at the top of a chart, px. */
export const TITLE_H = 18;
/** Height an x-axis title takes under the tick labels, px. */
export const AXIS_TITLE_H = 14;

/** The chart's title, at its top left; returns it (set `x` where the plot starts). */
export const chartTitle = <E extends SVGElement>(svg: Parent<E>, text: string): Text =>
  svg
    .append('text')
    .attr('class', 'chart-title')
    .attr('y', 13)
    .attr('font-size', 13)
    .attr('font-weight', 600)
    .attr('fill', '#111827')
    .text(text);

/** An axis title: 'x' centred under the plot, 'y' rotated along its left edge, 'y2' along its right edge. */
export const axisTitle = <E extends SVGElement>(svg: Parent<E>, text: string): Text =>
  svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', '#4b5563').text(text);

/** Places an axis title: x centred at (x0..x1) on baseline y; a y title rotated, centred on (y0..y1) at x. */
export function placeX(t: Text, x0: number, x1: number, y: number): void {
  t.attr('transform', null)
    .attr('x', (x0 + x1) / 2)
    .attr('y', y);
}
export function placeY(t: Text, x: number, y0: number, y1: number): void {
  t.attr('x', 0)
    .attr('y', 0)
    .attr('transform', `translate(${x},${(y0 + y1) / 2}) rotate(-90)`);
}

/** A one-line legend in small text (plain words, or swatches drawn by the caller before it). */
export const legendText = <E extends SVGElement>(svg: Parent<E>, text: string): Text =>
  svg.append('text').attr('class', 'chart-legend-text').attr('font-size', 11).attr('fill', '#4b5563').text(text);

/** Width of `text` at `fontSize` px in the page's font, for margins that fit their labels. */
export function textWidth(host: Element, text: string, fontSize = 12): number {
  const svg = d3.select(host).append('svg').attr('width', 0).attr('height', 0).style('position', 'absolute');
  const t = svg.append('text').attr('font-size', fontSize).text(text);
  const w = (t.node() as SVGTextElement).getComputedTextLength();
  svg.remove();
  // Not laid out (a hidden host): about 0.6 em a character.
  return w > 0 ? w : text.length * fontSize * 0.6;
}

/**
 * Tick labels in SI units per tick (0, 500, 2k, 1.5M). Not `axis.ticks(n, '~s')` on a linear scale:
 * d3 then formats every tick with the largest tick's prefix, and 0 reads "0k".
 */
export const si = (v: d3.NumberValue): string => d3.format('~s')(v);
