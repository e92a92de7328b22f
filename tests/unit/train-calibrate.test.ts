// `auto` by measurement (workers/train/calibrate.ts) in Node with fake trainers on a fake clock:
// the faster of two trainers made fast and slow on purpose is chosen whatever their order, the
// candidates together stay within the budget, each trains a fresh copy of the initial model, the
// choice is cached per shape (a second call measures nothing and says cached), a candidate that
// fails counts 0 words/s, and the plans not chosen are disposed.
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  calibrationKey,
  calibrationLabel,
  calibrationText,
  memoryCache,
  vocabBucket,
  type BatchStream,
  type CalibrateArgs,
} from '../../workers/train/calibrate';
import type { Batch } from '../../workers/train/plan';
import type { ModelData } from '../../workers/train/model';
import type { TrainerKind, TrainerPlan } from '../../workers/train/trainer';

/** A clock the fake trainers advance: no test here waits on real time. */
const clock = (): { now: () => number; advance: (ms: number) => void } => {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
};

const WORDS_PER_BATCH = 10_000;
const batches = (): BatchStream => {
  let n = 0;
  const batch = { words: new Uint32Array(4), nWords: 4, meta: new Uint32Array(8), nChunks: 1, alpha: 0.025 } as Batch;
  return { next: () => Promise.resolve(n++ < 1000 ? { batch, words: WORDS_PER_BATCH } : undefined) };
};

interface Fake {
  plan: TrainerPlan;
  created: ModelData[];
  disposed: () => boolean;
  batches: () => number;
}

/** A trainer of `wordsPerSec` (plus `compileMs` on its first batch); `fail` throws on create. */
function fake(kind: TrainerKind, wordsPerSec: number, c: ReturnType<typeof clock>, o: { compileMs?: number; fail?: boolean } = {}): Fake {
  const created: ModelData[] = [];
  let disposed = false;
  let trained = 0;
  const plan: TrainerPlan = {
    kind,
    label: kind,
    batchWords: 1 << 14,
    create: (model) => {
      if (o.fail) return Promise.reject(new Error('no device'));
      created.push(model);
      model.syn0[0] = 99; // a trainer writes into what it holds: the next candidate must get a fresh copy
      let first = true;
      return Promise.resolve({
        label: kind,
        blocking: true,
        submit: () => {
          c.advance((first ? (o.compileMs ?? 0) : 0) + (WORDS_PER_BATCH / wordsPerSec) * 1000);
          first = false;
          trained++;
          return Promise.resolve({ done: Promise.resolve({ loss: 0, pairs: 1 }) });
        },
        readModel: () => model,
        writeModel: () => {},
        release: () => {},
      });
    },
    dispose: () => void (disposed = true),
  };
  return { plan, created, disposed: () => disposed, batches: () => trained };
}

const initial = (): ModelData => ({ syn0: new Float32Array(8).fill(0.25), syn1: new Float32Array(8) });

/** calibrate()'s arguments for these plans and labels on clock `c` (key 'k', a fresh cache, the fixed batches unless `extra` says otherwise). */
const planArgs = (
  plans: TrainerPlan[],
  labels: string[],
  c: ReturnType<typeof clock>,
  extra: Partial<CalibrateArgs> = {},
): CalibrateArgs => ({
  plans: plans.map((plan, i) => ({ plan, label: labels[i] })),
  model: initial,
  batches,
  key: 'k',
  cache: memoryCache(),
  now: c.now,
  ...extra,
});
const args = (fakes: Fake[], labels: string[], c: ReturnType<typeof clock>, extra: Partial<CalibrateArgs> = {}): CalibrateArgs =>
  planArgs(
    fakes.map((f) => f.plan),
    labels,
    c,
    extra,
  );

describe('calibrate', () => {
  it('chooses the faster of a fast and a slow trainer, in either order, within the budget', async () => {
    for (const order of [0, 1]) {
      const c = clock();
      const slow = fake('gpu', 200_000, c, { compileMs: 150 });
      const fast = fake('threads', 900_000, c);
      const fakes = order ? [fast, slow] : [slow, fast];
      const labels = order ? ['CPU 2 threads', 'GPU kernels'] : ['GPU kernels', 'CPU 2 threads'];
      const { plan, calibration } = await calibrate(args(fakes, labels, c));
      expect(plan).toBe(fast.plan);
      expect(calibration.chosen).toBe('CPU 2 threads');
      expect(calibration.cached).toBe(false);
      const byLabel = Object.fromEntries(calibration.trainers.map((t) => [t.label, t.wordsPerSec]));
      // The warm-up batch (compile included) is not in the figure.
      expect(byLabel['GPU kernels']).toBe(200_000);
      expect(byLabel['CPU 2 threads']).toBe(900_000);
      expect(calibration.trainers.map((t) => t.label)).toEqual(labels);
      // Each candidate stops once its share (1.5 s / 2) is spent: at most one batch over.
      expect(c.now()).toBeLessThanOrEqual(1500 + (WORDS_PER_BATCH / 200_000) * 1000 + (WORDS_PER_BATCH / 900_000) * 1000);
      expect(slow.batches()).toBeGreaterThan(1);
      expect(slow.disposed()).toBe(true);
      expect(fast.disposed()).toBe(false);
      // Every candidate trained its own fresh copy of the initial model.
      for (const f of fakes) expect(f.created[0].syn0[1]).toBe(0.25);
      expect(slow.created[0]).not.toBe(fast.created[0]);
      expect(calibrationText(calibration)).toContain('→ CPU 2 threads');
      expect(calibration.seconds).toBe(c.now() / 1000);
    }
  });

  it('measures each trainer at its speed once warm, charging batch planning to a trainer on the engine thread only', async () => {
    const c = clock();
    // A stream's first batch costs 40 ms to plan (an IndexedDB read), the others 2 ms each; the
    // threads' first three timed batches run at a fifth of their speed (baseline-tier WebAssembly).
    const planning = (): BatchStream => {
      const inner = batches();
      let n = 0;
      return { next: () => (c.advance(n++ ? 2 : 40), inner.next()) };
    };
    let gpuBatches = 0;
    const tiered = (kind: TrainerKind, wordsPerSec: number, slowBatches: number, blocking: boolean): TrainerPlan => ({
      kind,
      label: kind,
      batchWords: 10_000,
      create: () => {
        let n = 0;
        return Promise.resolve({
          label: kind,
          blocking,
          submit: () => {
            if (kind === 'gpu') gpuBatches++;
            c.advance((WORDS_PER_BATCH / (n++ <= slowBatches ? wordsPerSec / 5 : wordsPerSec)) * 1000);
            return Promise.resolve({ done: Promise.resolve({ loss: 0, pairs: 1 }) });
          },
          readModel: initial,
          writeModel: () => {},
          release: () => {},
        });
      },
    });
    const gpu = tiered('gpu', 50_000, -1, false);
    const threads = tiered('threads', 1_000_000, 3, false);
    const one = tiered('wasm', 800_000, 0, true);
    const r = await calibrate(
      planArgs([gpu, threads, one], ['GPU kernels', 'CPU 2 threads', 'CPU 1 thread'], c, { batches: planning, key: 't' }),
    );
    // One thread: 12.5 ms a batch plus 2 ms of planning; the threads plan while they train.
    expect(r.calibration.trainers).toEqual([
      { label: 'GPU kernels', wordsPerSec: 50_000 },
      { label: 'CPU 2 threads', wordsPerSec: 1_000_000 },
      { label: 'CPU 1 thread', wordsPerSec: Math.round(WORDS_PER_BATCH / 0.0145) },
    ]);
    expect(r.calibration.chosen).toBe('CPU 2 threads');
    // The GPU, measured last, stops after one timed batch (under half the CPU's speed).
    expect(gpuBatches).toBe(2);
    expect(c.now()).toBeLessThanOrEqual(1500 + 30);
  });

  it('caches the choice per shape: a second run measures nothing and says cached', async () => {
    const cache = memoryCache();
    const c = clock();
    const gpu = fake('gpu', 2_000_000, c);
    const one = fake('wasm', 500_000, c);
    const first = await calibrate(args([gpu, one], ['GPU kernels', 'CPU 1 thread'], c, { cache }));
    expect(first.plan).toBe(gpu.plan);
    expect(first.calibration.cached).toBe(false);

    const c2 = clock();
    const gpu2 = fake('gpu', 100, c2);
    const one2 = fake('wasm', 100, c2);
    const second = await calibrate(args([gpu2, one2], ['GPU kernels', 'CPU 1 thread'], c2, { cache }));
    expect(second.plan).toBe(gpu2.plan);
    expect(second.calibration).toEqual({ ...first.calibration, cached: true, seconds: 0 });
    expect(gpu2.created.length + one2.created.length).toBe(0);
    expect(one2.disposed()).toBe(true);
    expect(calibrationText(second.calibration)).toContain('cached');

    // Another shape (key) or another set of candidates is measured again.
    const other = await calibrate(args([gpu2, one2], ['GPU kernels', 'CPU 1 thread'], c2, { cache, key: 'k2' }));
    expect(other.calibration.cached).toBe(false);
    const three = fake('threads', 100, c2);
    const more = await calibrate(args([gpu2, three, one2], ['GPU kernels', 'CPU 2 threads', 'CPU 1 thread'], c2, { cache }));
    expect(more.calibration.cached).toBe(false);
  });

  it('counts a candidate that fails as 0 words/s and does not cache a run where all fail', async () => {
    const cache = memoryCache();
    const c = clock();
    const broken = fake('gpu', 5_000_000, c, { fail: true });
    const cpu = fake('wasm', 300_000, c);
    const r = await calibrate(args([broken, cpu], ['GPU kernels', 'CPU 1 thread'], c, { cache }));
    expect(r.plan).toBe(cpu.plan);
    expect(r.calibration.trainers[0]).toEqual({ label: 'GPU kernels', wordsPerSec: 0 });
    expect(calibrationText(r.calibration)).toContain('GPU kernels failed');

    const all = await calibrate(
      args([broken, fake('wasm', 1, c, { fail: true })], ['GPU kernels', 'CPU 1 thread'], c, { key: 'z', cache }),
    );
    expect(all.plan).toBe(broken.plan);
    expect(await cache.get('z')).toBeUndefined();
  });

  it('times a trainer with big batches (a GPU) on batches of its own size once one fits in its share', async () => {
    const c = clock();
    // Corpus words per batch = 1.5 × its kept words; each submit costs `overheadMs` plus its words at `rate`.
    const sized = (batchWords: number): BatchStream => {
      let n = 0;
      const batch = {
        words: new Uint32Array(4),
        nWords: batchWords,
        meta: new Uint32Array(8),
        nChunks: Math.ceil(batchWords / 256),
        alpha: 0.025,
      } as Batch;
      return { next: () => Promise.resolve(n++ < 1000 ? { batch, words: batchWords * 1.5 } : undefined) };
    };
    const costly = (kind: TrainerKind, batchWords: number, overheadMs: number, rate: number): TrainerPlan => ({
      kind,
      label: kind,
      batchWords,
      create: () =>
        Promise.resolve({
          label: kind,
          blocking: kind !== 'gpu',
          submit: (b: Batch) => {
            c.advance(overheadMs + ((b.nWords * 1.5 * Math.min(1, b.nChunks / Math.ceil(b.nWords / 256))) / rate) * 1000);
            return Promise.resolve({ done: Promise.resolve({ loss: 0, pairs: 1 }) });
          },
          readModel: initial,
          writeModel: () => {},
          release: () => {},
        }),
    });
    // On one-sentence batches the GPU's 5 ms a submit halves it (~1.0M words/s < the CPU's 1.2M); on its own 128k batches ~1.8M.
    const gpu = costly('gpu', 1 << 17, 5, 2_000_000);
    const cpu = costly('threads', 1 << 14, 0, 1_200_000);
    const r = await calibrate(planArgs([gpu, cpu], ['GPU kernels', 'CPU 2 threads'], c, { batches: sized, key: 'g' }));
    expect(r.calibration.chosen).toBe('GPU kernels');
    expect(r.calibration.trainers[0].wordsPerSec).toBeGreaterThan(1_700_000);
    expect(r.calibration.trainers[1].wordsPerSec).toBe(1_200_000);
  });

  it('keys on adapter, isolation, threads, dim, window, negative, model and the vocabulary bucket', () => {
    const s = {
      adapter: 'google swiftshader',
      isolated: true,
      threads: 2,
      dim: 100,
      window: 5,
      negative: 5,
      model: 'skipgram',
      vocab: 22_541,
    };
    expect(calibrationKey(s)).toBe(calibrationKey({ ...s, vocab: 20_000 }));
    for (const d of [
      { adapter: 'nvidia' },
      { isolated: false },
      { threads: 4 },
      { dim: 50 },
      { window: 8 },
      { negative: 10 },
      { model: 'cbow' },
      { vocab: 71_000 },
    ])
      expect(calibrationKey({ ...s, ...d })).not.toBe(calibrationKey(s));
    expect(vocabBucket(22_541)).toBe(16_384);
    expect(calibrationLabel('threads', 2)).toBe('CPU 2 threads');
    expect(calibrationLabel('wasm', 2)).toBe('CPU 1 thread');
    expect(calibrationLabel('gpu', 2)).toBe('GPU kernels');
  });
});
