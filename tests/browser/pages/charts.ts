// Test page: every chart class of the Train, Corpus and Predict panels drawn with fixed data at a
// given width, in a host of the panel's height, so a test reads what each says (title, axis
// titles, legends, tick labels) and where its words sit (inside the chart, never clipped).
// `window.drawCharts(width)` draws them all and returns how many.
import { LossChart } from '../../../src/charts/loss-chart';
import { RankFrequencyChart } from '../../../src/charts/rank-frequency';
import { HnProbsChart } from '../../../src/charts/hn-probs';
import { HnLossChart } from '../../../src/charts/hn-loss';
import { HnConfusionChart } from '../../../src/charts/hn-confusion';
import { HnImportanceChart, IMPORTANCE_EXTRA } from '../../../src/charts/hn-importance';
import { HnReliabilityChart } from '../../../src/charts/hn-reliability';
import { PointsHistogram } from '../../../src/charts/hn-histogram';
import { LengthScatter } from '../../../src/charts/hn-scatter';
import { SlotChart } from '../../../src/charts/hn-slots';
import type { EpochLog } from '../../../workers/hn/model';

const LABELS = ['1–9', '10–99', '100–999', '1000+'];

function host(name: string, width: number, height: number): HTMLDivElement {
  const d = document.createElement('div');
  d.dataset.chart = name;
  d.style.width = `${width}px`;
  d.style.height = `${height}px`;
  d.style.margin = '8px 0';
  document.body.appendChild(d);
  return d;
}

const epochs = (n: number): EpochLog[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: 1 - 0.05 * i, valLoss: 1.02 - 0.03 * i + 0.004 * i * i }));

function drawCharts(width: number): number {
  document.body.replaceChildren();
  const loss = new LossChart(host('train-loss', width, 240));
  loss.resize(width, 240);
  // 2 epochs of the bundled sample (about 1.16 M corpus words a run), half done.
  loss.reset(
    Array.from({ length: 60 }, (_, i) => ({ at: (i + 1) / 120, loss: 4.1 - 1.5 * Math.exp(-i / 8) + 0.002 * i })),
    2 * 1_161_192,
  );
  const rank = new RankFrequencyChart(host('rank-frequency', width, 220));
  rank.resize(width, 220);
  rank.reset(Array.from({ length: 400 }, (_, i) => ({ rank: i + 1, count: Math.round(60_000 / (i + 1)) })));
  const probs = new HnProbsChart(host('hn-probs', width, 70 + 28 * 4));
  probs.resize(width, 70 + 28 * 4);
  probs.reset({ labels: LABELS, probs: [0.52, 0.33, 0.14, 0.01] });
  for (const n of [1, 2, 3, 5, 12, 40]) {
    const c = new HnLossChart(host(`hn-loss-${n}`, width, 200));
    c.resize(width, 200);
    c.reset(epochs(n));
  }
  const confusion = new HnConfusionChart(host('hn-confusion', width, 112 + 36 * 4));
  confusion.resize(width, 112 + 36 * 4);
  confusion.reset({
    labels: LABELS,
    matrix: [
      [1200, 400, 0, 0],
      [500, 600, 0, 0],
      [120, 300, 0, 0],
      [1, 4, 0, 0],
    ],
  });
  const bars = ['title vector', 'domain (target statistic)', 'author (target statistic)', 'hour (UTC)', 'weekday', 'title length'];
  const imp = new HnImportanceChart(host('hn-importance', width, IMPORTANCE_EXTRA + 18 * bars.length));
  imp.resize(width, 0);
  imp.reset({ bars: bars.map((name, i) => ({ name, share: 0.4 / (i + 1) })) });
  const rel = new HnReliabilityChart(host('hn-reliability', width, 260));
  rel.resize(width, 260);
  const bin = (confidence: number, accuracy: number, n: number) => ({ confidence, accuracy, n });
  rel.reset({ before: [bin(0.4, 0.35, 300), bin(0.6, 0.52, 500)], after: [bin(0.4, 0.4, 320), bin(0.6, 0.58, 480)] });
  const hist = new PointsHistogram(host('hn-histogram', width, 240));
  hist.resize(width, 240);
  hist.reset({
    bins: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map((lo) => ({ lo, hi: lo * 2, count: Math.round(8000 / Math.sqrt(lo)) })),
    targets: [
      { lo: 0, hi: 10, label: '1–9', count: 8203, share: 0.51 },
      { lo: 10, hi: 100, label: '10–99', count: 5573, share: 0.35 },
      { lo: 100, hi: 1000, label: '100–999', count: 2197, share: 0.14 },
      { lo: 1000, hi: null, label: '1000+', count: 27, share: 0.002 },
    ],
  });
  const hours = new SlotChart(host('hn-hours', width, 200), 'hour of day (UTC)');
  hours.resize(width, 200);
  hours.reset(Array.from({ length: 24 }, (_, h) => ({ label: String(h), posts: 400 + 30 * h, median: 4 + (h % 5) })));
  const scatter = new LengthScatter(host('hn-scatter', width, 260));
  scatter.resize(width, 260);
  const n = 2000;
  scatter.reset({
    length: Uint16Array.from({ length: n }, (_, i) => 10 + ((i * 37) % 70)),
    points: Int32Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 3000)),
  });
  return document.querySelectorAll('[data-chart]').length;
}

Object.assign(window, { drawCharts });
