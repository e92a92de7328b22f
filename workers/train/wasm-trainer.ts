// The CPU path's fast trainer: wasm/sgns.ts (AssemblyScript, WebAssembly SIMD) over one
// WebAssembly memory that holds the model while a run segment trains. Same math and RNG as
// reference.ts (dot products in float32 instead of float64); skip-gram's windows in blocks by
// default (wasm/sgns-blocked.ts: reference-blocked.ts's order, 1.4-1.6x the pairs' words per
// CPU second), or pair by pair in reference.ts's order (kernel 'pairs'). Used without
// WebGPU, and instead of the WGSL kernels on a software adapter (SwiftShader), where it
// trains several times faster; reference.ts remains the fallback where WebAssembly SIMD
// is missing.
import sgnsWasm from './wasm/sgns.ts?wasm';
import { META_U32, type Batch } from './plan';
import { paddedDim, type ModelData } from './model';
import type { AliasTable } from './samplers';
import type { ChunkLoss, SgnsParams } from './reference';
import { CPU_WASM, type Trainer, type TrainerPlan } from './trainer';
import type { TrainChunksArgs, TrainFn } from './threads/protocol';

export const PAGE = 65536;
/** The module's own static data lives below this offset. */
const BASE = PAGE;

/**
 * Skip-gram's kernel: `blocked` (wasm/sgns-blocked.ts, the default: each window as small matrix
 * products, every row read as it was before the window) or `pairs` (wasm/sgns.ts trainChunks: one
 * (context, target) pair at a time, reference.ts's order, for the bit-close test against it).
 */
export type SkipgramKernel = 'blocked' | 'pairs';

/** The module's export for an architecture and skip-gram kernel. */
export const trainFn = (p: SgnsParams, kernel: SkipgramKernel = 'blocked'): TrainFn =>
  p.model === 'cbow' ? 'trainChunksCbow' : kernel === 'blocked' ? 'trainChunksBlocked' : 'trainChunks';

interface Exports {
  trainChunks(...args: TrainChunksArgs): number;
  /** Skip-gram in blocks (wasm/sgns-blocked.ts): the same arguments; scratch as blockedScratchBytes. */
  trainChunksBlocked(...args: TrainChunksArgs): number;
  /** CBOW (wasm/cbow.ts): the same arguments; scratch holds two rows. */
  trainChunksCbow(...args: TrainChunksArgs): number;
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The compiled module, or undefined where this browser has no WebAssembly SIMD. */
export function wasmModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (
    typeof WebAssembly === 'object' && WebAssembly.validate(sgnsWasm) ? WebAssembly.compile(sgnsWasm) : Promise.resolve(undefined)
  ).catch(() => undefined);
  return compiled;
}

const align = (n: number, to = 64): number => Math.ceil(n / to) * to;

/**
 * Scratch bytes trainChunksBlocked uses (wasm/sgns-blocked.ts lays them out): the pair count, N
 * [2·window, dp] f32 and a zero row, context rows [2·window] u32, the targets' rows and ids and
 * the update list's ids and rows [4, K + 1] u32, G and its compact copy [2, 2·window, K + 1
 * rounded up to 4] f32 (G's rows are worked 4 lanes at a time).
 */
export function blockedScratchBytes(dp: number, negative: number, window: number): number {
  const maxB = 2 * window;
  const KT = negative + 1;
  const KT4 = Math.ceil(KT / 4) * 4;
  return 16 + (maxB + 1) * dp * 4 + 4 * (maxB + 4 * KT + 2 * maxB * KT4);
}

/**
 * Byte offsets in the module's memory, for one thread (WasmSgns) or N over one shared memory
 * (threaded-trainer.ts): one scratch area per thread (128-byte aligned: no false sharing), then
 * the alias table, the model and `slots` batch buffers (the threads train one while the next is
 * written), each with its claim counter (the next chunk a thread takes) on its own 128 bytes.
 * `words` and `meta` are slot 0's.
 */
export interface MemoryLayout {
  scratch: number[];
  prob: number;
  alias: number;
  syn0: number;
  syn1: number;
  words: number;
  wordsCap: number;
  meta: number;
  metaCap: number;
  slots: { words: number; meta: number; claim: number }[];
  bytes: number;
}

export function memoryLayout(p: SgnsParams, threads: number, batchWords: number, nSlots = 1): MemoryLayout {
  const rowBytes = paddedDim(p.dim) * 4;
  const pairBytes = 16 + 2 * rowBytes + 4 * (p.negative + 1) + 4 * Math.ceil((p.negative + 1) / 4) * 4; // neu1e, CBOW's context mean, targets, dots (whole f32x4s)
  const scratchBytes = align(Math.max(pairBytes, blockedScratchBytes(rowBytes / 4, p.negative, p.window)), 128);
  const scratch = Array.from({ length: threads }, (_, i) => BASE + i * scratchBytes);
  const prob = align(BASE + threads * scratchBytes);
  const alias = align(prob + p.vocab * 4);
  const syn0 = align(alias + p.vocab * 4);
  const syn1 = align(syn0 + p.vocab * rowBytes);
  const metaCap = Math.ceil(batchWords / 64) + 16;
  const slots: MemoryLayout['slots'] = [];
  let end = align(syn1 + p.vocab * rowBytes);
  for (let i = 0; i < nSlots; i++) {
    const words = end;
    const meta = align(words + batchWords * 4);
    const claim = align(meta + metaCap * META_U32 * 4, 128);
    slots.push({ words, meta, claim });
    end = claim + 128;
  }
  return { scratch, prob, alias, syn0, syn1, words: slots[0].words, wordsCap: batchWords, meta: slots[0].meta, metaCap, slots, bytes: end };
}

export class WasmSgns implements Trainer {
  readonly label = CPU_WASM;
  readonly blocking = true;
  private readonly memory: WebAssembly.Memory;
  private readonly ex: Exports;
  private readonly dp: number;
  private readonly scratch: number;
  private readonly prob: number;
  private readonly alias: number;
  private readonly syn0: number;
  private readonly syn1: number;
  private readonly words: number;
  private readonly wordsCap: number;
  private readonly meta: number;
  private readonly metaCap: number;

  private constructor(
    module: WebAssembly.Module,
    private readonly p: SgnsParams,
    table: AliasTable,
    model: ModelData,
    batchWords: number,
    private readonly fn: TrainFn,
  ) {
    this.dp = paddedDim(p.dim);
    const L = memoryLayout(p, 1, batchWords);
    [this.scratch] = L.scratch;
    ({ prob: this.prob, alias: this.alias, syn0: this.syn0, syn1: this.syn1, words: this.words } = L);
    ({ wordsCap: this.wordsCap, meta: this.meta, metaCap: this.metaCap } = L);
    const bytes = L.bytes;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    this.ex = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as Exports;
    this.f32().set(table.prob, this.prob / 4);
    this.u32().set(table.alias, this.alias / 4);
    this.writeModel(model);
  }

  /**
   * A trainer holding a copy of `model`; undefined without WebAssembly SIMD or when the
   * browser refuses a memory that large (then the reference trainer runs on the model as is).
   */
  static async create(
    p: SgnsParams,
    table: AliasTable,
    model: ModelData,
    batchWords: number,
    kernel: SkipgramKernel = 'blocked',
  ): Promise<WasmSgns | undefined> {
    const module = await wasmModule();
    if (!module) return undefined;
    try {
      return new WasmSgns(module, p, table, model, batchWords, trainFn(p, kernel));
    } catch (e) {
      if (e instanceof RangeError) return undefined; // WebAssembly.Memory: out of memory
      throw e;
    }
  }

  private f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  private u32(): Uint32Array {
    return new Uint32Array(this.memory.buffer);
  }

  /** Trains every chunk of a batch in order (synchronous). */
  train(b: Batch): ChunkLoss {
    if (b.nWords > this.wordsCap || b.nChunks > this.metaCap) {
      throw new Error(`batch of ${b.nWords} words / ${b.nChunks} chunks exceeds the trainer's ${this.wordsCap} / ${this.metaCap}`);
    }
    const u32 = this.u32();
    u32.set(b.words.subarray(0, b.nWords), this.words / 4);
    u32.set(b.meta.subarray(0, b.nChunks * META_U32), this.meta / 4);
    const p = this.p;
    const loss = this.ex[this.fn](
      this.syn0,
      this.syn1,
      this.dp,
      p.vocab,
      p.negative,
      p.window,
      this.prob,
      this.alias,
      this.words,
      this.meta,
      b.nChunks,
      this.scratch,
    );
    return { loss, pairs: this.u32()[this.scratch / 4] };
  }

  submit(b: Batch): Promise<{ done: Promise<ChunkLoss> }> {
    return Promise.resolve({ done: Promise.resolve(this.train(b)) });
  }

  writeModel(m: ModelData): void {
    const n = this.p.vocab * this.dp;
    const f32 = this.f32();
    f32.set(m.syn0.subarray(0, n), this.syn0 / 4);
    f32.set(m.syn1.subarray(0, n), this.syn1 / 4);
  }

  /** The memory goes with the object; nothing to free by hand. */
  release(): void {}

  /** A copy of the model as trained so far. */
  readModel(): ModelData {
    const n = this.p.vocab * this.dp;
    const f32 = this.f32();
    return { syn0: f32.slice(this.syn0 / 4, this.syn0 / 4 + n), syn1: f32.slice(this.syn1 / 4, this.syn1 / 4 + n) };
  }
}

/**
 * Trainers in WebAssembly SIMD, or undefined where the module does not compile here (no SIMD).
 * A trainer the browser cannot give memory for falls back to the reference (RangeError).
 */
export async function wasmPlan(
  p: SgnsParams,
  table: AliasTable,
  batchWords = 1 << 14,
  fallback?: TrainerPlan,
): Promise<TrainerPlan | undefined> {
  if (!(await wasmModule())) return undefined;
  return {
    kind: 'wasm',
    label: CPU_WASM,
    batchWords,
    create: async (model) =>
      (await WasmSgns.create(p, table, model, batchWords)) ??
      (fallback ? fallback.create(model) : Promise.reject(new Error('no memory for the WebAssembly trainer'))),
  };
}
