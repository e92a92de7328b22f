// The threaded CPU trainer: N threads (threads/pool.ts) each instantiate wasm/sgns.ts (compiled
// for a shared memory: `?wasm-threads`) over ONE shared WebAssembly.Memory holding the model,
// and train their own contiguous slice of every batch's chunks, Hogwild (no locks on the rows,
// as word2vec.c and gensim). Each chunk carries its learning rate and RNG seed (plan.ts), so the
// schedule and the pairs are the one-thread path's; the batch's loss and pairs are the sums of
// the threads'. Skip-gram (in blocks: wasm/sgns-blocked.ts) and CBOW alike. Only the order of row updates differs, so the vectors are equal in quality, not
// bit-exact. Needs crossOriginIsolated (a shared memory); pick.ts falls back to one thread.
import sgnsThreadsWasm from './wasm/sgns.ts?wasm-threads';
import { META_U32, type Batch } from './plan';
import { paddedDim, type ModelData } from './model';
import type { AliasTable } from './samplers';
import type { ChunkLoss, SgnsParams } from './reference';
import { CPU_WASM, type Trainer, type TrainerPlan } from './trainer';
import { InlinePool, WorkerPool, type ThreadPool } from './threads/pool';
import type { TrainChunksArgs } from './threads/protocol';
import { TEST_HOOKS, testPace } from '../test-pace';

import { PAGE, memoryLayout, trainFn, type MemoryLayout } from './wasm-trainer';

/** The label of a run on `n` threads: `cpu · WebAssembly SIMD · 2 threads`. */
export const threadsLabel = (n: number): string => `${CPU_WASM} · ${n} thread${n === 1 ? '' : 's'}`;

/** Why threads cannot run here, or undefined when they can (a shared memory needs cross-origin isolation). */
export function threadsUnavailable(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || (typeof crossOriginIsolated === 'boolean' && !crossOriginIsolated)) {
    return 'this page is not cross-origin isolated (its server sends no COOP/COEP headers and the service worker that adds them is not active), so the browser allows no shared memory';
  }
  return undefined;
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The shared-memory module, or undefined where WebAssembly SIMD or threads are missing. */
export function threadsModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (
    typeof WebAssembly === 'object' && WebAssembly.validate(sgnsThreadsWasm)
      ? WebAssembly.compile(sgnsThreadsWasm)
      : Promise.resolve(undefined)
  ).catch(() => undefined);
  return compiled;
}

/** Thread i's chunks of a batch of `nChunks`: contiguous slices, sizes differing by at most one. */
export function sliceChunks(nChunks: number, threads: number): { start: number; count: number }[] {
  const base = Math.floor(nChunks / threads);
  const extra = nChunks % threads;
  const out: { start: number; count: number }[] = [];
  let start = 0;
  for (let i = 0; i < threads; i++) {
    const count = base + (i < extra ? 1 : 0);
    out.push({ start, count });
    start += count;
  }
  return out;
}

export class ThreadedSgns implements Trainer {
  readonly label: string;
  /** The threads train while the engine thread plans the next batch; Pause and Stop get in between batches. */
  readonly blocking = false;
  private readonly dp: number;
  private readonly L: MemoryLayout;
  /** The batch in flight: the next submit waits for it (one batch buffer in the memory). */
  private inflight: Promise<unknown> = Promise.resolve();
  private failed?: unknown;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly pool: ThreadPool,
    private readonly p: SgnsParams,
    table: AliasTable,
    model: ModelData,
    L: MemoryLayout,
  ) {
    this.dp = paddedDim(p.dim);
    this.L = L;
    this.label = threadsLabel(pool.size);
    new Float32Array(memory.buffer).set(table.prob, L.prob / 4);
    new Uint32Array(memory.buffer).set(table.alias, L.alias / 4);
    this.writeModel(model);
  }

  /**
   * A trainer on `threads` threads holding a copy of `model`; undefined where the module does not
   * compile or the browser refuses a shared memory that large. `inline`: instances on this thread
   * that run the slices in order (tests: equal to the one-thread trainer bit for bit).
   */
  static async create(
    p: SgnsParams,
    table: AliasTable,
    model: ModelData,
    batchWords: number,
    threads: number,
    inline = false,
  ): Promise<ThreadedSgns | undefined> {
    const module = await threadsModule();
    if (!module) return undefined;
    const L = memoryLayout(p, threads, batchWords);
    const pages = Math.ceil(L.bytes / PAGE);
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    } catch (e) {
      if (e instanceof RangeError) return undefined; // out of memory
      throw e;
    }
    const pool = inline ? new InlinePool(module, memory, threads) : await WorkerPool.create(module, memory, threads);
    return new ThreadedSgns(memory, pool, p, table, model, L);
  }

  async submit(b: Batch): Promise<{ done: Promise<ChunkLoss> }> {
    await this.inflight;
    if (this.failed) throw this.failed;
    const L = this.L;
    if (b.nWords > L.wordsCap || b.nChunks > L.metaCap) {
      throw new Error(`batch of ${b.nWords} words / ${b.nChunks} chunks exceeds the trainer's ${L.wordsCap} / ${L.metaCap}`);
    }
    const u32 = new Uint32Array(this.memory.buffer);
    u32.set(b.words.subarray(0, b.nWords), L.words / 4);
    u32.set(b.meta.subarray(0, b.nChunks * META_U32), L.meta / 4);
    const p = this.p;
    const jobs: TrainChunksArgs[] = sliceChunks(b.nChunks, this.pool.size)
      .filter((s) => s.count > 0)
      .map((s, i) => [
        L.syn0,
        L.syn1,
        this.dp,
        p.vocab,
        p.negative,
        p.window,
        L.prob,
        L.alias,
        L.words,
        L.meta + s.start * META_U32 * 4,
        s.count,
        L.scratch[i],
      ]);
    if (TEST_HOOKS && testPace.killThread) {
      testPace.killThread = false;
      this.pool.kill(this.pool.size - 1);
    }
    const done = this.pool.run(trainFn(p), jobs).then((rs) => {
      let loss = 0;
      let pairs = 0;
      for (const r of rs) {
        loss += r.loss;
        pairs += r.pairs;
      }
      return { loss, pairs };
    });
    this.inflight = done.catch((e: unknown) => void (this.failed = e));
    return { done };
  }

  writeModel(m: ModelData): void {
    const n = this.p.vocab * this.dp;
    const f32 = new Float32Array(this.memory.buffer);
    f32.set(m.syn0.subarray(0, n), this.L.syn0 / 4);
    f32.set(m.syn1.subarray(0, n), this.L.syn1 / 4);
  }

  /** A copy (in ordinary, unshared memory: checkpoints go to IndexedDB) of the model as trained so far. */
  async readModel(): Promise<ModelData> {
    await this.inflight;
    const n = this.p.vocab * this.dp;
    const f32 = new Float32Array(this.memory.buffer);
    return { syn0: f32.slice(this.L.syn0 / 4, this.L.syn0 / 4 + n), syn1: f32.slice(this.L.syn1 / 4, this.L.syn1 / 4 + n) };
  }

  /** Ends the threads; the memory goes with the object. */
  release(): void {
    this.pool.close();
  }
}

/**
 * Trainers on `threads` threads, or undefined where the shared-memory module does not compile
 * here. A trainer the browser cannot give a shared memory for falls back to `fallback` (one thread).
 */
export async function threadsPlan(
  p: SgnsParams,
  table: AliasTable,
  threads: number,
  batchWords: number,
  fallback?: TrainerPlan,
): Promise<TrainerPlan | undefined> {
  if (!(await threadsModule())) return undefined;
  return {
    kind: 'threads',
    label: threadsLabel(threads),
    batchWords,
    create: async (model) =>
      (await ThreadedSgns.create(p, table, model, batchWords, threads)) ??
      (fallback ? fallback.create(model) : Promise.reject(new Error('no shared memory for the threaded trainer'))),
  };
}
