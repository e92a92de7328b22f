// The CPU path's WebAssembly SIMD trainer (wasm/sgns.ts, compiled by the Vite plugin)
// against the reference trainer: fed the same batches (so the same pairs, windows and
// negatives), they count the same pairs and agree on loss and vectors within float32
// rounding, including rows padded to a multiple of 4 and negatives equal to the word. The
// pair kernel against reference.ts; the blocked kernel (the default: wasm/sgns-blocked.ts) against
// reference-blocked.ts, its order in float64, with targets drawn twice and contexts repeated.
import { describe, expect, it } from 'vitest';
import { ArraySource, BatchPlanner, startPosition, type Schedule } from '../../workers/train/plan';
import { buildAliasTable } from '../../workers/train/samplers';
import { initModel, paddedDim } from '../../workers/train/model';
import { trainBatch, type ChunkLoss, type SgnsParams } from '../../workers/train/reference';
import { trainBatchBlocked } from '../../workers/train/reference-blocked';
import type { Batch } from '../../workers/train/plan';
import type { AliasTable } from '../../workers/train/samplers';
import type { ModelData } from '../../workers/train/model';
import { WasmSgns, wasmModule, type SkipgramKernel } from '../../workers/train/wasm-trainer';
import { zipfIds } from '../zipf-ids';

function zipfCorpus(n: number, vocab: number, seed: number): { ids: Uint32Array; counts: number[] } {
  const ids = zipfIds(n, vocab, seed);
  const counts = new Array<number>(vocab).fill(0);
  for (const w of ids) counts[w]++;
  return { ids, counts: counts.map((c) => Math.max(1, c)) };
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('WebAssembly SIMD trainer', () => {
  it('compiles here (Node has WebAssembly SIMD)', async () => {
    expect(await wasmModule()).toBeInstanceOf(WebAssembly.Module);
  });

  const cases = [
    { vocab: 20, dim: 10, window: 3, negative: 4, words: 20_000, sample: 0 }, // tiny vocab: negatives often equal the word or each other; padded rows
    { vocab: 800, dim: 100, window: 5, negative: 5, words: 60_000, sample: 1e-3 },
    { vocab: 300, dim: 33, window: 8, negative: 15, words: 30_000, sample: 1e-2 },
  ];
  type Reference = (m: ModelData, p: SgnsParams, table: AliasTable, b: Batch) => ChunkLoss;

  /** Trains the kernel and `reference` on the same batches: equal pairs, loss and vectors within float32 rounding. */
  async function agrees(c: (typeof cases)[number], kernel: SkipgramKernel | undefined, reference: Reference): Promise<void> {
    const { vocab, dim, window, negative, words, sample } = c;
    const { ids, counts } = zipfCorpus(words, vocab, 7);
    const p: SgnsParams = { vocab, dim, window, negative };
    const table = buildAliasTable(counts);
    const sched: Schedule = { seed: 5, epochs: 2, alpha: 0.025, minAlpha: 0.0001, chunkWords: 256, batchWords: 1 << 14 };
    const planner = new BatchPlanner(new ArraySource(ids), counts, sample, sched);
    const ref = initModel({ vocab, dim }, 2);
    const wasm = (await WasmSgns.create(p, table, ref, sched.batchWords, kernel))!;
    expect(wasm).toBeDefined();
    const pos = startPosition();
    let batches = 0;
    let totalPairs = 0;
    for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
      const r = reference(ref, p, table, b);
      const w = wasm.train(b);
      expect(w.pairs).toBe(r.pairs);
      expect(Math.abs(w.loss - r.loss) / r.loss).toBeLessThan(1e-5);
      batches++;
      totalPairs += r.pairs;
    }
    expect(batches).toBeGreaterThan(1);
    expect(totalPairs).toBeGreaterThan(words);
    const m = wasm.readModel();
    const dp = paddedDim(dim);
    expect(m.syn0.length).toBe(vocab * dp);
    expect(maxAbsDiff(m.syn0, ref.syn0)).toBeLessThan(2e-4);
    expect(maxAbsDiff(m.syn1, ref.syn1)).toBeLessThan(2e-4);
    // padding stays zero
    for (let w = 0; w < vocab; w++) for (let d = dim; d < dp; d++) expect(m.syn0[w * dp + d]).toBe(0);
    // the rows moved: this is not two untouched models agreeing
    expect(maxAbsDiff(m.syn1, new Float32Array(m.syn1.length))).toBeGreaterThan(0.01);
  }

  it.each(cases)('the pair kernel agrees with the reference trainer batch by batch: %o', (c) => agrees(c, 'pairs', trainBatch));

  it.each(cases)('the blocked kernel (the default) agrees with the blocked reference batch by batch: %o', (c) =>
    agrees(c, undefined, trainBatchBlocked),
  );

  it('the blocked order is not the pair order: the two references part beyond float32 rounding', async () => {
    const { ids, counts } = zipfCorpus(20_000, 20, 7);
    const p: SgnsParams = { vocab: 20, dim: 10, window: 3, negative: 4 };
    const table = buildAliasTable(counts);
    const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
      seed: 5,
      epochs: 1,
      alpha: 0.025,
      minAlpha: 0.0001,
      chunkWords: 256,
      batchWords: 1 << 14,
    });
    const a = initModel({ vocab: 20, dim: 10 }, 2);
    const b = { syn0: a.syn0.slice(), syn1: a.syn1.slice() };
    const pos = startPosition();
    for (let batch = await planner.next(pos); batch; batch = await planner.next(pos)) {
      trainBatch(a, p, table, batch);
      trainBatchBlocked(b, p, table, batch);
    }
    expect(maxAbsDiff(a.syn1, b.syn1)).toBeGreaterThan(1e-3); // so agreeing within 2e-4 above says which order ran
  });

  it('holds its own copy: the model it was given and the copies it returns do not change under it', async () => {
    const { ids, counts } = zipfCorpus(20_000, 50, 3);
    const p: SgnsParams = { vocab: 50, dim: 8, window: 2, negative: 3 };
    const m0 = initModel({ vocab: 50, dim: 8 }, 1);
    const before = m0.syn0.slice();
    const wasm = (await WasmSgns.create(p, buildAliasTable(counts), m0, 1 << 14))!;
    const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
      seed: 1,
      epochs: 1,
      alpha: 0.025,
      minAlpha: 0.0001,
      chunkWords: 256,
      batchWords: 1 << 14,
    });
    const pos = startPosition();
    wasm.train((await planner.next(pos))!);
    const snap = wasm.readModel();
    const snapCopy = snap.syn0.slice();
    wasm.train((await planner.next(pos))!);
    expect(m0.syn0).toEqual(before);
    expect(snap.syn0).toEqual(snapCopy);
    expect(wasm.readModel().syn0).not.toEqual(snapCopy);
  });

  it('a model too large for one WebAssembly memory (over 4 GiB) gives no trainer, so the reference trainer runs', async () => {
    const p: SgnsParams = { vocab: 3_000_000, dim: 200, window: 5, negative: 5 }; // 2 × 2.4 GB of rows
    const empty = { syn0: new Float32Array(0), syn1: new Float32Array(0) };
    const table = { prob: new Float32Array(0), alias: new Uint32Array(0) };
    expect(await WasmSgns.create(p, table, empty, 1 << 14)).toBeUndefined();
  });
});
