// One small bar chart per metric for the compared runs (a bar per run, in the run's colour),
// e.g. analogy accuracy on each evaluation file, final loss, words/s, the HN metrics. A run
// without that score gets no bar and says "–"; one whose score is not applicable (null: no
// question of the file was in its vocabulary) gets no bar and says "n/a". One legend under the charts.
import * as d3 from 'd3';

export interface ScoreMetric {
  key: string;
  label: string;
  /** The axis title, with the unit, e.g. "share of questions right (0–1)". */
  unit: string;
  higherIsBetter?: boolean;
}

export interface ScoreRun {
  id: string;
  name: string;
  colour: string;
  /** undefined: no such score; null: not applicable (never drawn as 0). */
  values: Record<string, number | null | undefined>;
}

const M = { top: 24, right: 16, bottom: 34, left: 12 };
const BAR = 18;

export class RunsScores {
  private metrics: ScoreMetric[] = [];
  private runs: ScoreRun[] = [];
  private readonly grid: d3.Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly legend: d3.Selection<HTMLUListElement, unknown, null, undefined>;
  private width = 600;

  constructor(host: HTMLElement) {
    this.grid = d3.select(host).append('div').attr('class', 'score-grid');
    this.legend = d3.select(host).append('ul').attr('class', 'chart-legend').attr('aria-label', 'runs on the score charts');
    this.width = host.clientWidth || 600;
  }

  set(metrics: ScoreMetric[], runs: ScoreRun[]): void {
    this.metrics = metrics;
    this.runs = runs;
    this.draw();
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 2) return;
    this.width = width;
    this.draw();
  }

  private draw(): void {
    // Two charts a row when there is room (≥ 560 px), else one.
    const cols = this.width >= 560 ? 2 : 1;
    const w = Math.max(180, Math.floor((this.width - (cols - 1) * 12) / cols));
    const h = M.top + M.bottom + this.runs.length * (BAR + 6);
    this.grid.selectAll('*').remove();
    for (const m of this.metrics) {
      const vals = this.runs.map((r) => r.values[m.key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const hi = d3.max(vals) ?? 1;
      const lo = Math.min(0, d3.min(vals) ?? 0);
      const x = d3
        .scaleLinear()
        .domain([lo, hi > lo ? hi : lo + 1])
        .range([M.left, w - M.right - 56])
        .nice();
      const svg = this.grid
        .append('svg')
        .attr('width', w)
        .attr('height', h)
        .attr('role', 'img')
        .attr('class', 'score-chart')
        .attr('data-metric', m.key)
        .attr('aria-label', `${m.label} of each compared run`);
      const better = m.higherIsBetter === undefined ? '' : m.higherIsBetter ? ' (higher is better)' : ' (lower is better)';
      // Narrow charts (a phone) say it shorter, so the title fits.
      const title =
        w < 420 ? m.label + (m.higherIsBetter === undefined ? '' : m.higherIsBetter ? ' ↑ better' : ' ↓ better') : m.label + better;
      svg.append('text').attr('class', 'chart-title').attr('x', M.left).attr('y', 15).text(title);
      svg
        .append('g')
        .attr('transform', `translate(0,${h - M.bottom})`)
        .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(w / 80))));
      svg
        .append('text')
        .attr('class', 'axis-title')
        .attr('x', (M.left + w - M.right - 56) / 2)
        .attr('y', h - 4)
        .attr('text-anchor', 'middle')
        .text(m.unit);
      this.runs.forEach((r, i) => {
        const v = r.values[m.key];
        const yTop = M.top + i * (BAR + 6);
        const ok = typeof v === 'number' && Number.isFinite(v);
        if (ok)
          svg
            .append('rect')
            .attr('x', x(Math.min(0, v)))
            .attr('y', yTop)
            .attr('width', Math.max(1, Math.abs(x(v) - x(0))))
            .attr('height', BAR)
            .attr('fill', r.colour)
            .attr('data-run', r.id);
        svg
          .append('text')
          .attr('x', ok ? Math.max(x(v), x(0)) + 4 : M.left)
          .attr('y', yTop + BAR - 5)
          .attr('class', 'bar-label')
          .text(ok ? fmt(v) : v === null ? 'n/a (no question in its vocabulary)' : '–');
      });
    }
    this.legend
      .selectAll('li')
      .data(this.runs, (d) => (d as ScoreRun).id)
      .join('li')
      .call((li) => {
        li.selectAll('*').remove();
        li.append('span')
          .attr('class', 'swatch')
          .style('background', (d) => d.colour);
        li.append('span').text((d) => d.name);
      });
  }
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? d3.format(',.0f')(v) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));
