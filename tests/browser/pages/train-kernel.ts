// Test page: trains the same tiny corpus with the WGSL kernel (one chunk per dispatch,
// so the order is deterministic) and with the TypeScript reference, and reports the
// largest difference of the updated vectors and of the loss.
import { initCompute, currentGpu } from '../../../workers/gpu';
import { ArraySource, BatchPlanner } from '../../../workers/train/plan';
import { buildAliasTable } from '../../../workers/train/samplers';
import { initModel } from '../../../workers/train/model';
import { trainChunk, type SgnsParams } from '../../../workers/train/reference';
import { GpuSgns, type KernelVariant } from '../../../workers/train/gpu-trainer';
import { META_U32, type Batch } from '../../../workers/train/plan';
import { zipfIds } from '../../zipf-ids';
import type { ModelKind } from '../../../workers/settings';

export interface KernelCheck {
  adapter: string;
  chunks: number;
  pairs: number;
  maxDiff0: number;
  maxDiff1: number;
  maxAbs1: number;
  lossGpu: number;
  lossRef: number;
  /** Window-cache slots the 'dims' kernel used (1: none). */
  cacheSlots: number;
}

async function check(
  dim: number,
  negative: number,
  variant: KernelVariant,
  windowCache = true,
  model: ModelKind = 'skipgram',
): Promise<KernelCheck> {
  const info = await initCompute();
  const g = currentGpu();
  if (!g) throw new Error('no WebGPU: ' + (info.reason ?? ''));
  const vocab = 40;
  const counts = Array.from({ length: vocab }, (_, i) => Math.round(400 / (i + 1)) + 1);
  let x = 12345;
  const ids = new Uint32Array(1500).map(() => ((x = (x * 1103515245 + 12345) >>> 0), (x >>> 8) % vocab));
  const p: SgnsParams = { vocab, dim, window: 3, negative, model };
  const table = buildAliasTable(counts);
  const planner = new BatchPlanner(new ArraySource(ids), counts, 0.01, {
    seed: 7,
    epochs: 2,
    alpha: 0.05,
    minAlpha: 0.001,
    chunkWords: 64,
    batchWords: 10_000,
  });
  const ref = initModel({ vocab, dim }, 3);
  const gpu = new GpuSgns(
    g.device,
    p,
    table,
    { syn0: ref.syn0.slice(), syn1: ref.syn1.slice() },
    () => {},
    variant,
    g.subgroupSize,
    windowCache,
  );
  const pos = { epoch: 0, sentence: 0, chunkCounter: 0, wordsDone: 0 };
  let lossGpu = 0,
    lossRef = 0,
    pairs = 0,
    chunks = 0;
  for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
    for (let k = 0; k < b.nChunks; k++) {
      const one: Batch = { ...b, meta: b.meta.slice(k * META_U32, (k + 1) * META_U32), nChunks: 1 };
      const r = trainChunk(ref, p, table, one, 0);
      const { done } = await gpu.submit(one);
      const gl = await done;
      lossRef += r.loss;
      lossGpu += gl.loss;
      pairs += r.pairs;
      chunks++;
      if (gl.pairs !== r.pairs) throw new Error(`pairs differ in chunk ${chunks}: ${gl.pairs} vs ${r.pairs}`);
    }
  }
  const out = await gpu.readModel();
  gpu.destroy();
  let maxDiff0 = 0,
    maxDiff1 = 0,
    maxAbs1 = 0;
  for (let i = 0; i < ref.syn0.length; i++) maxDiff0 = Math.max(maxDiff0, Math.abs(out.syn0[i] - ref.syn0[i]));
  for (let i = 0; i < ref.syn1.length; i++) {
    maxDiff1 = Math.max(maxDiff1, Math.abs(out.syn1[i] - ref.syn1[i]));
    maxAbs1 = Math.max(maxAbs1, Math.abs(ref.syn1[i]));
  }
  return { adapter: g.adapter, chunks, pairs, maxDiff0, maxDiff1, maxAbs1, lossGpu, lossRef, cacheSlots: gpu.cacheSlots };
}

/**
 * Kernel speed alone (no IndexedDB, no planner in the loop): words/s of `variant` on a
 * Zipf-like synthetic corpus with the default settings, batches prepared up front.
 */
async function bench(
  variant: KernelVariant,
  dim = 100,
  words = 400_000,
): Promise<{ variant: KernelVariant; adapter: string; wordsPerSec: number; pairsPerSec: number }> {
  await initCompute();
  const g = currentGpu();
  if (!g) throw new Error('no WebGPU');
  const vocab = 22_000;
  const ids = zipfIds(words, vocab, 42);
  const counts = new Float64Array(vocab).fill(1);
  for (const i of ids) counts[i]++;
  const p: SgnsParams = { vocab, dim, window: 5, negative: 5 };
  const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
    seed: 1,
    epochs: 1,
    alpha: 0.025,
    minAlpha: 0.0001,
    chunkWords: 256,
    batchWords: 1 << 17,
  });
  const batches: Batch[] = [];
  const pos = { epoch: 0, sentence: 0, chunkCounter: 0, wordsDone: 0 };
  for (let b = await planner.next(pos); b; b = await planner.next(pos))
    batches.push({ ...b, words: b.words.slice(), meta: b.meta.slice() });
  const model = initModel({ vocab, dim }, 1);
  const gpu = new GpuSgns(g.device, p, buildAliasTable(counts), model, () => {}, variant, g.subgroupSize);
  await (
    await gpu.submit(batches[0])
  ).done; // compile + warm
  const t0 = performance.now();
  let n = 0,
    pairs = 0;
  const dones: Promise<{ pairs: number }>[] = [];
  for (const b of batches.slice(1)) {
    dones.push((await gpu.submit(b)).done);
    n += b.nWords;
  }
  for (const d of dones) pairs += (await d).pairs;
  const s = (performance.now() - t0) / 1000;
  gpu.destroy();
  return { variant, adapter: g.adapter, wordsPerSec: Math.round(n / s), pairsPerSec: Math.round(pairs / s) };
}

(window as unknown as { kernelCheck: typeof check }).kernelCheck = check;
(window as unknown as { kernelBench: typeof bench }).kernelBench = bench;
