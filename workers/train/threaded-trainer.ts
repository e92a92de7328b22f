// The threaded CPU trainer: N threads (threads/pool.ts) each instantiate wasm/sgns.ts (compiled
// for a shared memory: `?wasm-threads`) over ONE shared WebAssembly.Memory holding the model,
// and share every batch's chunks, each thread claiming the next one as it finishes one
// (threads/claim.ts), Hogwild (no locks on the rows, as word2vec.c and gensim). The memory holds
// two batches: the engine writes the next one while the threads train this one, and the threads
// go on to it without waiting for the engine. Each chunk carries its learning rate and RNG seed
// (plan.ts), so the schedule and the pairs are the one-thread path's; the batch's loss and pairs
// are the sums of the threads'. Skip-gram (in blocks: wasm/sgns-blocked.ts) and CBOW alike. With
// N threads only the order of row updates differs, so the vectors are equal in quality, not
// bit-exact; one thread takes every chunk in order, so on one thread (the one-thread CPU path on an
// isolated page, pick.ts) they are the one-thread trainer's bit for bit. Needs crossOriginIsolated
// (a shared memory); pick.ts falls back to one thread on the engine thread.
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

/**
 * Batch buffers in the shared memory: the threads train one while the next waits, queued as a
 * message, so they go from batch to batch without waiting for the engine thread (which shares the
 * cores and is not always scheduled at once). Two threads on two cores, text8-prefix: the threads'
 * idle time per run went from 1.3–2.0 s to 0.7–0.8 s of about 9 s; 3 and 6 buffers gave the same.
 * Pause waits for at most these.
 */
const BATCH_SLOTS = 2;

export class ThreadedSgns implements Trainer {
  /** `cpu · WebAssembly SIMD · 2 threads`; the one-thread CPU path on its thread is labelled as the one-thread trainer. */
  label: string;
  /** The threads train while the engine thread plans the next batch; Pause and Stop get in between batches. */
  readonly blocking = false;
  private readonly dp: number;
  private readonly L: MemoryLayout;
  /** The batch in flight in each of the memory's batch buffers: a submit to a buffer waits for its last. */
  private readonly inflight: Promise<unknown>[];
  private nextSlot = 0;
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
    this.inflight = L.slots.map(() => Promise.resolve());
    this.label = threadsLabel(pool.size);
    new Float32Array(memory.buffer).set(table.prob, L.prob / 4);
    new Uint32Array(memory.buffer).set(table.alias, L.alias / 4);
    this.writeModel(model);
  }

  /**
   * A trainer on `threads` threads holding a copy of `model`; undefined where the module does not
   * compile or the browser refuses a shared memory that large; rejects when a thread does not start.
   * `inline`: instances on this thread that run the jobs in order, the first taking every chunk
   * (tests: equal to the one-thread trainer bit for bit).
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
    const L = memoryLayout(p, threads, batchWords, BATCH_SLOTS);
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
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % this.inflight.length;
    await this.inflight[slot];
    if (this.failed) throw this.failed;
    const L = this.L;
    if (b.nWords > L.wordsCap || b.nChunks > L.metaCap) {
      throw new Error(`batch of ${b.nWords} words / ${b.nChunks} chunks exceeds the trainer's ${L.wordsCap} / ${L.metaCap}`);
    }
    const { words, meta, claim } = L.slots[slot];
    const u32 = new Uint32Array(this.memory.buffer);
    u32.set(b.words.subarray(0, b.nWords), words / 4);
    u32.set(b.meta.subarray(0, b.nChunks * META_U32), meta / 4);
    Atomics.store(new Int32Array(this.memory.buffer), claim / 4, 0); // no thread reads it until the jobs below
    const p = this.p;
    const jobs = L.scratch.map((scratch): TrainChunksArgs => [
      L.syn0,
      L.syn1,
      this.dp,
      p.vocab,
      p.negative,
      p.window,
      L.prob,
      L.alias,
      words,
      meta,
      b.nChunks,
      scratch,
    ]);
    if (TEST_HOOKS && testPace.killThread) {
      testPace.killThread = false;
      this.pool.kill(this.pool.size - 1);
    }
    const done = this.pool.run(trainFn(p), jobs, claim).then((rs) => {
      let loss = 0;
      let pairs = 0;
      for (const r of rs) {
        loss += r.loss;
        pairs += r.pairs;
      }
      return { loss, pairs };
    });
    this.inflight[slot] = done.catch((e: unknown) => void (this.failed = e));
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
    await Promise.all(this.inflight);
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
 * `as`: the plan's kind and label when it stands for another (the one-thread CPU path, pick.ts).
 */
export async function threadsPlan(
  p: SgnsParams,
  table: AliasTable,
  threads: number,
  batchWords: number,
  fallback?: TrainerPlan,
  as: Pick<TrainerPlan, 'kind' | 'label'> = { kind: 'threads', label: threadsLabel(threads) },
): Promise<TrainerPlan | undefined> {
  if (!(await threadsModule())) return undefined;
  return {
    ...as,
    batchWords,
    create: async (model) => {
      // No shared memory that large, or a thread that would not start: the fallback trains (its label says so).
      const t = await ThreadedSgns.create(p, table, model, batchWords, threads).catch((e: unknown) => {
        if (fallback) return undefined;
        throw e;
      });
      if (!t) return fallback ? fallback.create(model) : Promise.reject(new Error('no shared memory for the threaded trainer'));
      t.label = as.label;
      return t;
    },
  };
}
