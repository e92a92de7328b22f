// `auto` by measurement: before a run, each candidate trainer (the GPU kernels, the threaded CPU
// trainer, the one-thread CPU trainer) trains the corpus's first batches on its own copy of the
// initial model for a share of ~1.5 s, and the fastest in corpus words per second runs. The run
// itself starts from the initial weights, so its results do not depend on the calibration. The
// choice is cached (calibrate-cache.ts: in memory and IndexedDB) per adapter, thread count and
// settings shape. No storage or browser API here: the page imports calibrationText, tests run it in Node.
import { SENTENCE_WORDS, type Batch } from './plan';
import type { ModelData } from './model';
import type { TrainerKind, TrainerPlan } from './trainer';

/** Milliseconds all the candidates together may take. */
export const CALIBRATION_BUDGET_MS = 1500;
/**
 * Kept words per calibration batch: one sentence (a batch holds whole sentences), so a slow
 * trainer (the kernels on SwiftShader) spends little more than its share on its one warm-up batch.
 */
export const CALIBRATION_BATCH_WORDS = SENTENCE_WORDS;

/** One trainer's measured speed. */
export interface CalibrationFigure {
  /** 'GPU kernels', 'CPU 2 threads', 'CPU 1 thread'. */
  label: string;
  /** Corpus words per second on the first batches (0: it failed). */
  wordsPerSec: number;
}

/** What the run's result and the Train panel say about the choice. */
export interface Calibration {
  trainers: CalibrationFigure[];
  /** The label of the trainer that runs. */
  chosen: string;
  /** True when the choice came from the cache (the figures are the cached measurement's). */
  cached: boolean;
  /** Seconds this run spent measuring (0 when cached). */
  seconds: number;
}

/**
 * What the cache keys on: the adapter, whether the page may share memory (the one-thread CPU path
 * trains on a thread of its own only then), the thread count and the settings' shape.
 */
export interface CalibrationShape {
  adapter: string;
  isolated: boolean;
  threads: number;
  dim: number;
  window: number;
  negative: number;
  model: string;
  vocab: number;
}

/** Vocabulary sizes within a factor of √2 share a bucket (a power of two, rounded). */
export const vocabBucket = (v: number): number => 2 ** Math.round(Math.log2(Math.max(1, v)));

export function calibrationKey(s: CalibrationShape): string {
  // c2: since the one-thread CPU path trains off the engine thread where it can (choices cached before are measured again).
  return [
    'c2',
    s.adapter,
    s.isolated ? 'shared' : 'unshared',
    `t${s.threads}`,
    `d${s.dim}`,
    `w${s.window}`,
    `n${s.negative}`,
    s.model,
    `v${vocabBucket(s.vocab)}`,
  ].join('|');
}

/** The panel's and result's name of a plan's trainer. */
export function calibrationLabel(kind: TrainerKind, threads: number): string {
  if (kind === 'gpu') return 'GPU kernels';
  if (kind === 'threads') return `CPU ${threads} thread${threads === 1 ? '' : 's'}`;
  return kind === 'js' ? 'CPU 1 thread (JavaScript)' : 'CPU 1 thread';
}

/** "GPU kernels 0.2M words/s · CPU 2 threads 0.9M words/s → CPU 2 threads" (and "(cached)"). */
export function calibrationText(c: Calibration): string {
  const speed = (w: number): string =>
    w <= 0 ? 'failed' : w >= 1e6 ? `${(w / 1e6).toFixed(1)}M words/s` : `${Math.round(w / 1e3)}k words/s`;
  const figures = c.trainers.map((t) => `${t.label} ${speed(t.wordsPerSec)}`).join(' · ');
  return `${figures} → ${c.chosen}${c.cached ? ' (measured before, cached)' : ''}`;
}

export interface CalibrationCache {
  get(key: string): Promise<Omit<Calibration, 'cached' | 'seconds'> | undefined>;
  set(key: string, c: Omit<Calibration, 'cached' | 'seconds'>): Promise<void>;
}

/** A cache in memory only (tests). */
export function memoryCache(): CalibrationCache {
  const m = new Map<string, Omit<Calibration, 'cached' | 'seconds'>>();
  return { get: (k) => Promise.resolve(m.get(k)), set: (k, c) => Promise.resolve(void m.set(k, c)) };
}

/** A stream of the corpus's first batches, with the corpus words each covers. */
export interface BatchStream {
  next(): Promise<{ batch: Batch; words: number } | undefined>;
}

export interface CalibrateArgs {
  /** The candidates, with their labels for the figures. */
  plans: { plan: TrainerPlan; label: string }[];
  /** A fresh copy of the run's initial model. */
  model(): ModelData;
  /** The corpus's first batches, from the start each call. */
  batches(batchWords: number): BatchStream;
  key: string;
  cache: CalibrationCache;
  budgetMs?: number;
  /** Milliseconds (performance.now by default; a fake clock in tests). */
  now?(): number;
}

/** Chunks of the warm-up batch: enough to compile and run every pipeline, cheap on a slow trainer. */
const WARMUP_CHUNKS = 4;

/** The first `chunks` chunks of a batch, with the corpus words they cover (in proportion). */
function head(b: { batch: Batch; words: number }, chunks: number): { batch: Batch; words: number } {
  if (b.batch.nChunks <= chunks) return b;
  return { batch: { ...b.batch, nChunks: chunks }, words: (b.words * chunks) / b.batch.nChunks };
}

/** Timed batches a candidate gets even past its share (up to twice it): the first runs baseline-tier code. */
const MIN_TIMED_BATCHES = 3;
/** A candidate is done early once a timed batch shows it under this share of the fastest candidate so far. */
const CLEARLY_SLOWER = 0.5;

type Planned = { batch: Batch; words: number; planMs: number };
type Replay = (batchWords: number) => { next(): Promise<Planned | undefined> };

/**
 * The corpus's first batches planned once and replayed to every candidate, each with the time its
 * planning took: the first to ask for a batch plans it, the others get it from memory.
 */
function replayed(batches: CalibrateArgs['batches'], now: () => number): Replay {
  const memo = new Map<number, { source: BatchStream; items: (Planned | undefined)[] }>();
  return (batchWords) => {
    let m = memo.get(batchWords);
    if (!m) memo.set(batchWords, (m = { source: batches(batchWords), items: [] }));
    const { source, items } = m;
    let i = 0;
    return {
      next: async () => {
        if (i === items.length) {
          const t0 = now();
          const b = await source.next();
          items.push(b && { ...b, planMs: now() - t0 });
        }
        return items[i++];
      },
    };
  };
}

/**
 * Times one candidate within its share: a few chunks to warm up (compile), then one-sentence
 * batches; once one has been timed and a batch of the plan's own size (the GPU's are 13 times
 * bigger: a real GPU needs them to be busy) fits in what is left of the share, batches of that
 * size. The figure is the fastest batch's, so the first batches' slower code (V8 runs WebAssembly
 * in its baseline tier until the hot functions are optimised, hence MIN_TIMED_BATCHES) and the
 * stalls a busy machine puts into a batch now and then are left out. A trainer that trains on the
 * engine thread (`blocking`) is charged each batch's planning, as in the run; the others plan the
 * next batch while they train. `bestSoFar`: the fastest candidate's figure before this one.
 */
async function measure(
  a: CalibrateArgs,
  batches: Replay,
  plan: TrainerPlan,
  shareMs: number,
  bestSoFar: number,
  now: () => number,
): Promise<number> {
  const start = now();
  const t = await plan.create(a.model());
  try {
    const train = async (b: { batch: Batch; words: number } | undefined): Promise<number | undefined> => {
      if (!b || b.batch.nChunks === 0) return undefined;
      await (
        await t.submit(b.batch)
      ).done;
      return b.words;
    };
    const small = batches(Math.min(plan.batchWords, CALIBRATION_BATCH_WORDS));
    const first = await small.next();
    const warm = await train(first && head(first, WARMUP_CHUNKS));
    if (warm === undefined) return 0;
    const warmed = now();
    let best: number | undefined;
    let timedBatches = 0;
    // WebAssembly's first batches run baseline-tier code; the GPU's pipelines compiled in the warm-up.
    const judgeAfter = plan.kind === 'gpu' ? 1 : MIN_TIMED_BATCHES;
    const done = (): boolean => timedBatches >= judgeAfter && best !== undefined && bestSoFar > 0 && best < CLEARLY_SLOWER * bestSoFar;
    // The next batch is started only if one more like the last ends within the share (twice it
    // while fewer than MIN_TIMED_BATCHES have been timed).
    const fits = (lastMs: number): boolean => now() - start + lastMs <= (timedBatches < MIN_TIMED_BATCHES ? 2 : 1) * shareMs;
    const timed = async (stream: ReturnType<Replay>, ok: (batchMs: number) => boolean): Promise<void> => {
      let lastMs = 0;
      while (!done() && fits(lastMs)) {
        const next = await stream.next();
        const before = now();
        const w = await train(next);
        if (w === undefined || !next) break;
        lastMs = now() - before;
        const ms = lastMs + (t.blocking ? next.planMs : 0);
        timedBatches++;
        if (ms > 0) best = Math.max(best ?? 0, w / (ms / 1000));
        if (!ok(lastMs)) break;
      }
    };
    const ratio = plan.batchWords / CALIBRATION_BATCH_WORDS;
    let bigFits = false;
    // (A CPU trainer's own batches hold one sentence too: its batches stay these.)
    await timed(small, (ms) => !(bigFits = ratio >= 2 && now() - start + ms * ratio <= shareMs));
    if (bigFits) await timed(batches(plan.batchWords), () => true);
    // Only the warm-up fitted: its time, compile included, is the figure.
    return best ?? warm / Math.max(1e-6, (warmed - start) / 1000);
  } finally {
    t.release();
  }
}

/**
 * The fastest plan and the figures: from the cache when this shape was measured before with the
 * same candidates, else measured now (a candidate that fails counts 0 words/s). The plans not
 * chosen are disposed.
 */
export async function calibrate(a: CalibrateArgs): Promise<{ plan: TrainerPlan; calibration: Calibration }> {
  const now = a.now ?? (() => performance.now());
  const labels = a.plans.map((p) => p.label);
  const pick = (label: string): TrainerPlan => {
    const chosen = a.plans.find((p) => p.label === label)?.plan ?? a.plans[0].plan;
    for (const p of a.plans) if (p.plan !== chosen) p.plan.dispose?.();
    return chosen;
  };
  const hit = await a.cache.get(a.key);
  if (hit && hit.trainers.length === labels.length && hit.trainers.every((t, i) => t.label === labels[i]) && labels.includes(hit.chosen))
    return { plan: pick(hit.chosen), calibration: { ...hit, cached: true, seconds: 0 } };
  const began = now();
  const budget = a.budgetMs ?? CALIBRATION_BUDGET_MS;
  const batches = replayed(a.batches, now);
  // The GPU kernels are measured last (the figures keep the candidates' order): its compile can
  // take much of the budget on a software adapter, and once a batch shows it clearly slower than a
  // CPU trainer it stops.
  const order = a.plans.map((_, i) => i).sort((i, j) => Number(a.plans[i].plan.kind === 'gpu') - Number(a.plans[j].plan.kind === 'gpu'));
  const figures = new Array<number>(a.plans.length).fill(0);
  for (const [n, i] of order.entries()) {
    // Each candidate's share is what is left of the budget over the candidates left (at least a
    // tenth of the budget): time a candidate did not use goes to the next.
    const share = Math.max(budget / 10, (budget - (now() - began)) / (order.length - n));
    figures[i] = await measure(a, batches, a.plans[i].plan, share, Math.max(0, ...figures), now).catch(() => 0);
  }
  const trainers: CalibrationFigure[] = a.plans.map(({ label }, i) => ({ label, wordsPerSec: Math.round(figures[i]) }));
  // The first of the fastest (the candidates come GPU first, then more threads before fewer).
  const best = trainers.reduce((b, t) => (t.wordsPerSec > b.wordsPerSec ? t : b), trainers[0]);
  const measured = { trainers, chosen: best.label };
  // A run where every candidate failed is not cached: the next one measures again.
  if (best.wordsPerSec > 0) await a.cache.set(a.key, measured);
  return { plan: pick(best.label), calibration: { ...measured, cached: false, seconds: (now() - began) / 1000 } };
}
