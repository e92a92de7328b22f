// t-SNE to 2-D or 3-D with wasm-bhtsne (Barnes-Hut t-SNE in WebAssembly, the Rust `bhtsne`
// crate), run in time slices so progress is posted as it goes:
//   1. the crate's constructor finds each point's 3·perplexity nearest neighbours (a vantage-
//      point tree) and their affinities: one synchronous call (about 2 s at 2,000 × 16 here,
//      16-21 s at 10,000 × 50), which is why it runs in its own worker (tsne-worker.ts): the
//      engine answers a cancel at once by terminating that worker (tsne-run.ts);
//   2. the gradient iterations run a few at a time (step(k)), yielding between slices, with the
//      layout so far sent about once a second.
// The crate's thread pool (wasm-bindgen-rayon) needs cross-origin isolation, which a static
// host cannot promise; without initThreadPool rayon runs on the calling thread, so it is not started.
// Its random start is not seeded: two runs give different (equally valid) layouts.
import { CancelledError, LabError } from '../errors';
import { maxPerplexity, tsneIterations } from './tsne-input';
import { yieldToMessages } from '../lib/yield';

export interface TsneProgress {
  /** 'pca': reducing the rows to TSNE_PCA_DIMS dimensions first (rows of more dimensions only). */
  phase: 'pca' | 'affinities' | 'layout';
  done: number;
  total: number;
  /** [n, dims] f32: the layout so far (about once a second during 'layout'). */
  coords?: Float32Array;
}

export interface TsneOptions {
  dims?: 2 | 3;
  perplexity?: number;
  iterations?: number;
  /** Barnes-Hut accuracy (0: exact, larger: faster, coarser). */
  theta?: number;
}

export interface TsneHooks {
  signal?: AbortSignal;
  progress?(p: TsneProgress): void;
  /** Milliseconds of work between yields (default 60). */
  sliceMs?: number;
  /** A browser test's pace (tsne-worker.ts): awaited before the affinities and after each layout slice but the last. */
  pace?(at: 'tsne-affinities' | 'tsne-slice', p: TsneProgress): Promise<void> | undefined;
}

interface Encoder {
  step(epochs: number): number[][];
  free(): void;
}
interface Module {
  bhtSNEf32: new (data: number[][], opt: Record<string, number>) => Encoder;
}

let module: Promise<Module> | undefined;

/** The crate loaded once, on first use (its .wasm is a separate file, fetched from the site). */
function load(): Promise<Module> {
  module ??= (async () => {
    const [m, url] = await Promise.all([import('wasm-bhtsne'), import('wasm-bhtsne/wasm_bhtsne_bg.wasm?url')]);
    // Resolved against this module: the engine runs from a blob: wrapper, whose own URL is no base
    // for the root-relative path the dev server gives.
    await m.default({ module_or_path: new URL(url.default, import.meta.url) });
    return m as unknown as Module;
  })();
  return module;
}

function check(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('t-SNE cancelled');
}

/** The crate's flat output (rows of 2 numbers whatever the dimension) as [n, dims] f32. */
function flat(e: number[][], n: number, dims: number): Float32Array {
  const out = new Float32Array(n * dims);
  let o = 0;
  for (const row of e) for (const v of row) if (o < out.length) out[o++] = v;
  return out;
}

/** t-SNE of the first n rows of `rows` [≥ n, dim] (Euclidean), to [n, dims] f32. */
export async function tsne(
  rows: Float32Array,
  n: number,
  dim: number,
  opts: TsneOptions = {},
  hooks: TsneHooks = {},
): Promise<Float32Array> {
  if (n < 10) throw new LabError(`t-SNE needs at least 10 points (got ${n})`);
  const dims = opts.dims ?? 2;
  const iterations = opts.iterations ?? tsneIterations(n);
  const perplexity = Math.min(opts.perplexity ?? 30, maxPerplexity(n));
  const slice = hooks.sliceMs ?? 60;
  hooks.progress?.({ phase: 'affinities', done: 0, total: n });
  const m = await load();
  check(hooks.signal);
  await yieldToMessages();
  await hooks.pace?.('tsne-affinities', { phase: 'affinities', done: 0, total: n });
  check(hooks.signal);
  const data = Array.from({ length: n }, (_, i) => Array.from(rows.subarray(i * dim, (i + 1) * dim)));
  const enc = new m.bhtSNEf32(data, { perplexity, theta: opts.theta ?? 0.5, embedding_dim: dims });
  try {
    let done = 0;
    let per = 1; // iterations a step() call: grown until a slice takes about sliceMs
    let last: number[][] = [];
    let lastSnap = performance.now();
    while (done < iterations) {
      check(hooks.signal);
      const t0 = performance.now();
      const k = Math.min(per, iterations - done);
      last = enc.step(k);
      done += k;
      const ms = performance.now() - t0;
      if (ms < slice / 2) per = Math.min(50, per * 2);
      else if (ms > slice * 2 && per > 1) per = Math.max(1, Math.floor(per / 2));
      const now = performance.now();
      const snap = now - lastSnap > 1000 && done < iterations;
      if (snap) lastSnap = now;
      hooks.progress?.({ phase: 'layout', done, total: iterations, coords: snap ? flat(last, n, dims) : undefined });
      if (done < iterations) await hooks.pace?.('tsne-slice', { phase: 'layout', done, total: iterations });
      await yieldToMessages();
    }
    return flat(last, n, dims);
  } finally {
    enc.free();
  }
}
