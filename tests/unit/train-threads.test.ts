// The threaded CPU trainer's layout without the threads: N instances of the shared-memory module
// over one WebAssembly.Memory, each with its own scratch area, claiming chunks from the batch's
// counter, run one after another (InlinePool: the first takes every chunk). In that order the
// result must be the one-thread trainer's bit for bit (same chunks, same order), with the batch's
// loss and pairs the sums of the chunks'.
// Real concurrency (Hogwild) is tested in Chromium: tests/browser/train-threads.test.ts.
import { describe, expect, it } from 'vitest';
import { ArraySource, BatchPlanner, startPosition, type Schedule } from '../../workers/train/plan';
import { buildAliasTable } from '../../workers/train/samplers';
import { initModel } from '../../workers/train/model';
import type { SgnsParams } from '../../workers/train/reference';
import { WasmSgns } from '../../workers/train/wasm-trainer';
import { ThreadedSgns, threadsLabel, threadsModule } from '../../workers/train/threaded-trainer';
import { zipfIds } from '../zipf-ids';

function zipfCorpus(n: number, vocab: number, seed: number): { ids: Uint32Array; counts: number[] } {
  const ids = zipfIds(n, vocab, seed);
  const counts = new Array<number>(vocab).fill(0);
  for (const w of ids) counts[w]++;
  return { ids, counts: counts.map((c) => Math.max(1, c)) };
}

describe('threaded CPU trainer (its threads in turn on one thread)', () => {
  it('the shared-memory module compiles here', async () => {
    expect(await threadsModule()).toBeInstanceOf(WebAssembly.Module);
  });

  it.each([
    { threads: 1, vocab: 20, dim: 10, window: 3, negative: 4, words: 20_000, sample: 0 },
    { threads: 2, vocab: 800, dim: 100, window: 5, negative: 5, words: 60_000, sample: 1e-3 },
    { threads: 3, vocab: 300, dim: 33, window: 8, negative: 15, words: 30_000, sample: 1e-2 },
    { threads: 2, vocab: 300, dim: 33, window: 5, negative: 5, words: 30_000, sample: 1e-3, model: 'cbow' as const },
  ])('equals the one-thread trainer: %o', async ({ threads, vocab, dim, window, negative, words, sample, model }) => {
    const { ids, counts } = zipfCorpus(words, vocab, 7);
    const p: SgnsParams = { vocab, dim, window, negative, ...(model ? { model } : {}) };
    const table = buildAliasTable(counts);
    const sched: Schedule = { seed: 5, epochs: 2, alpha: 0.025, minAlpha: 0.0001, chunkWords: 256, batchWords: 1 << 14 };
    const planner = new BatchPlanner(new ArraySource(ids), counts, sample, sched);
    const m0 = initModel({ vocab, dim }, 2);
    const one = (await WasmSgns.create(p, table, m0, sched.batchWords))!;
    const many = (await ThreadedSgns.create(p, table, m0, sched.batchWords, threads, true))!;
    expect(many.label).toBe(threadsLabel(threads));
    const pos = startPosition();
    let batches = 0;
    for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
      const r = one.train(b);
      const t = await (await many.submit(b)).done;
      expect(t.pairs).toBe(r.pairs);
      expect(Math.abs(t.loss - r.loss) / r.loss).toBeLessThan(1e-12); // only the sum's order differs
      batches++;
    }
    expect(batches).toBeGreaterThan(1);
    const a = one.readModel();
    const b = await many.readModel();
    expect(b.syn0).toEqual(a.syn0);
    expect(b.syn1).toEqual(a.syn1);
    expect(b.syn0.buffer).toBeInstanceOf(ArrayBuffer); // a copy out of the shared memory (IndexedDB stores no SharedArrayBuffer)
  });

  it('a thread that dies fails the batch in flight and every later one with a message that the checkpoint is kept', async () => {
    const { ids, counts } = zipfCorpus(20_000, 50, 3);
    const p: SgnsParams = { vocab: 50, dim: 8, window: 2, negative: 3 };
    const t = (await ThreadedSgns.create(p, buildAliasTable(counts), initModel({ vocab: 50, dim: 8 }, 1), 1 << 14, 2, true))!;
    const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
      seed: 1,
      epochs: 1,
      alpha: 0.025,
      minAlpha: 0.0001,
      chunkWords: 256,
      batchWords: 1 << 12,
    });
    const pos = startPosition();
    await (
      await t.submit((await planner.next(pos))!)
    ).done;
    (t as unknown as { pool: { kill(i: number): void } }).pool.kill(1);
    const { done } = await t.submit((await planner.next(pos))!);
    await expect(done).rejects.toThrow(/training thread 2 stopped.*last checkpoint is kept/);
    await expect(t.submit((await planner.next(pos))!)).rejects.toThrow(/training thread 2 stopped/);
  });
});
