// Gradient-boosted trees for the HN bins: histogram boosting with a multiclass softmax (one tree
// per class a round), trees grown best-first up to maxLeaves, early stopping on a validation set.
// The algorithm is scikit-learn's HistGradientBoostingClassifier (1.2) without categorical splits
// or missing values: the same bin thresholds (midpoints of distinct values, or "midpoint"
// percentiles), float32 gradients/hessians, float64 histograms, gain −G²/(H+λ) terms, leaf value
// −G/(H+λ)·lr — so tests/unit/hn-gbdt.test.ts checks it against scikit-learn's predictions.
// Why not a library: ydf-training 0.0.1 trains in one blocking wasm call (no cancel, no progress,
// no settings, its own random validation split; 26 s for 32 rounds at this size), and ml-xgboost
// (xgboost built with emscripten 1.37) runs out of wasm memory at 13k × 110 and uses eval (our CSP).
import { CancelledError, LabError } from '../errors';
import { TEST_HOOKS, parkPoint } from '../test-pace';

export interface GbdtOpts {
  learningRate: number;
  maxLeaves: number; // leaves per tree (best-first growth)
  maxDepth: number; // 0 = unlimited
  minSamplesLeaf: number;
  l2: number; // λ on leaf values
  maxBins: number; // ≤ 255 bins per feature
  maxRounds: number; // upper bound; early stopping usually ends sooner
  patience: number; // rounds without a better validation log loss before stopping
  subsample: number; // share of rows each round (1 = all; < 1 draws them with `seed`)
  seed: number;
}

// Chosen on the validation part of the shared file's time split (the training 80%'s newest 10%;
// scripts/hn-tune.ts, 24 settings, 5-epoch text8-prefix vectors): lr 0.1 / 7 leaves / 20 per leaf /
// λ 1 reached validation log loss 0.9465 in 41 rounds, the best (lr 0.05, same) 0.9462 in 68 rounds
// at 1.6× the time; 31 leaves overfit (0.953–0.956).
export const DEFAULT_GBDT: GbdtOpts = {
  learningRate: 0.1,
  maxLeaves: 7,
  maxDepth: 0,
  minSamplesLeaf: 20,
  l2: 1,
  maxBins: 255,
  maxRounds: 400,
  patience: 10,
  subsample: 1,
  seed: 1,
};

/** One tree, as flat node arrays; a leaf has feature −1. Goes left when x[feature] ≤ threshold. */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export interface GbdtModel {
  d: number;
  k: number;
  baseline: Float64Array; // [k] log class prior (raw scores before any tree)
  trees: Tree[]; // round r, class c at r * k + c
  importance: Float64Array; // [d] total split gain per feature
  rounds: number; // rounds kept (the best validation round)
  valLoss: number[]; // validation log loss after each round (empty without a validation set)
}

const MIN_HESSIAN = 1e-3; // sklearn's min_hessian_to_split

/** Bin thresholds of one column (sklearn's _find_binning_thresholds). values: the column's training values. */
export function binThresholds(values: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= maxBins) return Float64Array.from(distinct.slice(1), (v, i) => (distinct[i] + v) * 0.5);
  const out = new Float64Array(maxBins - 1);
  const n = sorted.length;
  for (let q = 1; q < maxBins; q++) {
    const h = ((n - 1) * q) / maxBins; // numpy percentile, method "midpoint"
    out[q - 1] = (sorted[Math.floor(h)] + sorted[Math.ceil(h)]) * 0.5;
  }
  return out;
}

/** Bin of x: the number of thresholds below it (x ≤ t[i] → bin ≤ i). */
function binOfValue(t: Float64Array, x: number): number {
  let lo = 0,
    hi = t.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (x <= t[m]) hi = m;
    else lo = m + 1;
  }
  return lo;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  gl: number;
  hl: number;
  nl: number;
}
interface Node {
  idx: Uint32Array;
  g: number;
  h: number;
  depth: number;
  hist: Float64Array;
  cnt: Uint32Array;
  split: Split | null;
  id: number;
}

/** Grows one tree on binned columns. bins: [d][n] bin ids; g, h: [n] float32 gradients/hessians of this class. */
class Grower {
  readonly feature: number[] = [];
  readonly bin: number[] = [];
  readonly left: number[] = [];
  readonly right: number[] = [];
  readonly value: number[] = [];
  constructor(
    private readonly bins: Uint8Array[],
    private readonly nb: number,
    private readonly g: Float32Array,
    private readonly h: Float32Array,
    private readonly o: GbdtOpts,
    private readonly importance: Float64Array,
  ) {}

  private newNode(): number {
    this.feature.push(-1);
    this.bin.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    return this.feature.length - 1;
  }

  /** Histograms [d, nb] of gradient and hessian sums (interleaved) and counts over rows idx. */
  private histogram(idx: Uint32Array): { hist: Float64Array; cnt: Uint32Array } {
    const { nb, g, h } = this;
    const hist = new Float64Array(this.bins.length * nb * 2),
      cnt = new Uint32Array(this.bins.length * nb);
    for (let f = 0; f < this.bins.length; f++) {
      const col = this.bins[f],
        o = f * nb;
      for (let t = 0; t < idx.length; t++) {
        const i = idx[t],
          b = o + col[i];
        hist[2 * b] += g[i];
        hist[2 * b + 1] += h[i];
        cnt[b]++;
      }
    }
    return { hist, cnt };
  }

  private bestSplit(n: Node): Split | null {
    const { nb, o } = this;
    const l2 = o.l2;
    const parent = (n.g * n.g) / (n.h + l2 + 1e-15);
    let best: Split | null = null;
    for (let f = 0; f < this.bins.length; f++) {
      let gl = 0,
        hl = 0,
        nl = 0;
      for (let b = 0; b < nb - 1; b++) {
        const at = f * nb + b;
        gl += n.hist[2 * at];
        hl += n.hist[2 * at + 1];
        nl += n.cnt[at];
        if (nl < o.minSamplesLeaf) continue;
        if (n.idx.length - nl < o.minSamplesLeaf) break;
        if (hl < MIN_HESSIAN) continue;
        const hr = n.h - hl;
        if (hr < MIN_HESSIAN) break;
        const gr = n.g - gl;
        const gain = (gl * gl) / (hl + l2 + 1e-15) + (gr * gr) / (hr + l2 + 1e-15) - parent;
        if (gain > 0 && (!best || gain > best.gain)) best = { gain, feature: f, bin: b, gl, hl, nl };
      }
    }
    return best;
  }

  private leaf(n: Node): void {
    this.value[n.id] = (-n.g / (n.h + this.o.l2 + 1e-15)) * this.o.learningRate;
  }

  /** Node of rows idx with given sums; finds its split unless it must stay a leaf. */
  private node(idx: Uint32Array, g: number, h: number, depth: number, hc: { hist: Float64Array; cnt: Uint32Array }): Node {
    const n: Node = { idx, g, h, depth, ...hc, split: null, id: this.newNode() };
    const tooDeep = this.o.maxDepth > 0 && depth >= this.o.maxDepth;
    if (!tooDeep && idx.length >= 2 * this.o.minSamplesLeaf) n.split = this.bestSplit(n);
    return n;
  }

  grow(rows: Uint32Array): void {
    let g = 0,
      h = 0;
    for (const i of rows) {
      g += this.g[i];
      h += this.h[i];
    }
    const open: Node[] = [this.node(rows, g, h, 0, this.histogram(rows))];
    let leaves = 1;
    while (open.length) {
      // Best-first: split the open node with the largest gain (the first of equals, as sklearn's heap).
      let at = -1;
      for (let j = 0; j < open.length; j++) if (open[j].split && (at < 0 || open[j].split!.gain > open[at].split!.gain)) at = j;
      if (at < 0 || leaves >= this.o.maxLeaves) break;
      const n = open.splice(at, 1)[0];
      const s = n.split!;
      const col = this.bins[s.feature];
      const li = new Uint32Array(s.nl),
        ri = new Uint32Array(n.idx.length - s.nl);
      let a = 0,
        b = 0;
      for (const i of n.idx)
        if (col[i] <= s.bin) li[a++] = i;
        else ri[b++] = i;
      this.feature[n.id] = s.feature;
      this.bin[n.id] = s.bin;
      this.importance[s.feature] += s.gain;
      // The smaller child's histogram directly, the larger's by subtraction from the parent's.
      const small = li.length <= ri.length ? li : ri;
      const hs = this.histogram(small);
      const hb = { hist: n.hist.map((v, j) => v - hs.hist[j]), cnt: n.cnt.map((v, j) => v - hs.cnt[j]) };
      const [hl, hr] = small === li ? [hs, hb] : [hb, hs];
      const L = this.node(li, s.gl, s.hl, n.depth + 1, hl);
      const R = this.node(ri, n.g - s.gl, n.h - s.hl, n.depth + 1, hr);
      this.left[n.id] = L.id;
      this.right[n.id] = R.id;
      open.push(L, R);
      leaves++;
      for (const c of [L, R]) if (!c.split) this.leaf(c);
    }
    for (const n of open) this.leaf(n); // split found but not taken (leaf budget spent): a leaf
  }
}

/** Seeded xorshift32 in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function softmaxInto(raw: Float64Array, i: number, k: number, p: Float64Array): void {
  let mx = -Infinity;
  for (let c = 0; c < k; c++) mx = Math.max(mx, raw[i * k + c]);
  let z = 0;
  for (let c = 0; c < k; c++) z += p[c] = Math.exp(raw[i * k + c] - mx);
  for (let c = 0; c < k; c++) p[c] /= z;
}

function addTree(t: Tree, x: Float32Array, d: number, n: number, raw: Float64Array, k: number, c: number): void {
  for (let i = 0; i < n; i++) {
    let j = 0;
    while (t.feature[j] >= 0) j = x[i * d + t.feature[j]] <= t.threshold[j] ? t.left[j] : t.right[j];
    raw[i * k + c] += t.value[j];
  }
}

export interface GbdtSet {
  x: Float32Array /* [n, d] row-major */;
  y: Int32Array;
}

/**
 * Fits the boosted trees on `train` (x [n, d]); with `val`, stops after `patience` rounds without a
 * better validation log loss and keeps the best round. Yields to the event loop after every round
 * and after every tree, so a cancel (signal) is answered within one tree (≈ tens of ms at 16k × 110).
 */
export async function fitGbdt(
  train: GbdtSet,
  d: number,
  k: number,
  opts: Partial<GbdtOpts>,
  val?: GbdtSet,
  signal?: AbortSignal,
  onRound?: (round: number, valLoss: number) => void,
): Promise<GbdtModel> {
  const o: GbdtOpts = { ...DEFAULT_GBDT, ...opts };
  const n = train.y.length;
  if (n < 2 || !(o.maxBins >= 2 && o.maxBins <= 255) || o.maxLeaves < 2)
    throw new LabError('gradient boosting needs 2+ rows, 2–255 bins and 2+ leaves');
  // Bin every column: thresholds from the training values; bins [d][n] u8.
  const thresholds: Float64Array[] = [],
    bins: Uint8Array[] = [];
  const colVals = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) colVals[i] = train.x[i * d + f];
    const t = binThresholds(colVals, o.maxBins);
    thresholds.push(t);
    bins.push(Uint8Array.from(colVals, (v) => binOfValue(t, v)));
  }
  const nb = o.maxBins;
  const counts = new Float64Array(k);
  for (const c of train.y) counts[c]++;
  const baseline = Float64Array.from(counts, (c) => Math.log(Math.min(Math.max(c / n, 10 * 2.220446049250313e-16), 1)));
  const raw = new Float64Array(n * k),
    vraw = new Float64Array(val ? val.y.length * k : 0);
  for (let i = 0; i < n; i++) raw.set(baseline, i * k);
  for (let i = 0; val && i < val.y.length; i++) vraw.set(baseline, i * k);
  const g = Array.from({ length: k }, () => new Float32Array(n)),
    h = Array.from({ length: k }, () => new Float32Array(n));
  const p = new Float64Array(k);
  const trees: Tree[] = [],
    importance = new Float64Array(d),
    valLoss: number[] = [];
  const rnd = rng(o.seed);
  let best = Infinity,
    bestRound = 0,
    since = 0;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < o.maxRounds; r++) {
    if (TEST_HOOKS) await parkPoint('gbdt-round', { round: r }); // a browser test's pace (workers/test-pace.ts)
    if (signal?.aborted) throw new CancelledError();
    for (let i = 0; i < n; i++) {
      softmaxInto(raw, i, k, p);
      for (let c = 0; c < k; c++) {
        g[c][i] = p[c] - (train.y[i] === c ? 1 : 0);
        h[c][i] = p[c] * (1 - p[c]);
      }
    }
    const rows = o.subsample < 1 ? all.filter(() => rnd() < o.subsample) : all;
    for (let c = 0; c < k; c++) {
      const gr = new Grower(bins, nb, g[c], h[c], o, importance);
      gr.grow(rows);
      const tree: Tree = {
        feature: Int32Array.from(gr.feature),
        left: Int32Array.from(gr.left),
        right: Int32Array.from(gr.right),
        value: Float64Array.from(gr.value),
        threshold: Float64Array.from(gr.feature, (f, j) => (f >= 0 ? thresholds[f][gr.bin[j]] : 0)),
      };
      trees.push(tree);
      addTree(tree, train.x, d, n, raw, k, c);
      if (val) addTree(tree, val.x, d, val.y.length, vraw, k, c);
      // A cancel is answered within one tree (a round is k trees: on a loaded machine, seconds).
      await new Promise<void>((res) => setTimeout(res, 0));
      if (signal?.aborted) throw new CancelledError();
    }
    if (val) {
      let ll = 0;
      for (let i = 0; i < val.y.length; i++) {
        softmaxInto(vraw, i, k, p);
        ll -= Math.log(Math.max(p[val.y[i]], 1e-15));
      }
      ll /= val.y.length;
      valLoss.push(ll);
      onRound?.(r + 1, ll);
      if (ll < best - 1e-6) {
        best = ll;
        bestRound = r + 1;
        since = 0;
      } else if (++since >= o.patience) break;
    } else {
      bestRound = r + 1;
      onRound?.(r + 1, NaN);
    }
    await new Promise<void>((res) => setTimeout(res, 0)); // let a cancel message in
  }
  trees.length = bestRound * k;
  return { d, k, baseline, trees, importance, rounds: bestRound, valLoss };
}

/** Probabilities [n, k] row-major of rows x [n, d]. */
export function predictGbdt(m: GbdtModel, x: Float32Array, n: number): Float32Array {
  const raw = new Float64Array(n * m.k);
  for (let i = 0; i < n; i++) raw.set(m.baseline, i * m.k);
  m.trees.forEach((t, j) => addTree(t, x, m.d, n, raw, m.k, j % m.k));
  const out = new Float32Array(n * m.k),
    p = new Float64Array(m.k);
  for (let i = 0; i < n; i++) {
    softmaxInto(raw, i, m.k, p);
    for (let c = 0; c < m.k; c++) out[i * m.k + c] = p[c];
  }
  return out;
}
