// One interface for every trainer — the WGSL kernels (gpu-trainer.ts), the WebAssembly SIMD
// trainer on one thread (wasm-trainer.ts) or several over one shared memory (threaded-trainer.ts)
// and the TypeScript reference (reference.ts); pick.ts chooses among them. The run loop (loop.ts)
// only knows this interface.
import type { Batch } from './plan';
import type { ModelData } from './model';
import type { AliasTable } from './samplers';
import type { ChunkLoss, SgnsParams } from './reference';

/** A trainer's kind: the GPU kernels, the CPU path in WebAssembly SIMD (one thread or several), or the plain-TypeScript reference. */
export type TrainerKind = 'gpu' | 'wasm' | 'threads' | 'js';

/** One trainer holding a model while a run segment trains. */
export interface Trainer {
  /** What trained, for the result and the panel (the GPU adapter, or `cpu · WebAssembly SIMD`). */
  readonly label: string;
  /**
   * True when `submit` trains on the calling thread before it returns (the CPU path on the engine
   * thread: no cross-origin isolation, or the reference): the loop then accounts each batch at once
   * and yields now and then so Pause and Stop get in. The GPU kernels and the threaded trainer
   * (the one-thread CPU path on an isolated page too) train while the loop plans the next batch.
   */
  readonly blocking: boolean;
  /** Queues (or trains) one batch; `done` resolves with its loss once it has trained. */
  submit(b: Batch): Promise<{ done: Promise<ChunkLoss> }>;
  /** A copy of the model as trained so far (after every submitted batch). */
  readModel(): ModelData | Promise<ModelData>;
  /** Replaces the model the trainer holds. */
  writeModel(m: ModelData): void;
  /** Frees what the trainer holds (GPU buffers, WebAssembly memory); it is not used afterwards. */
  release(): void;
}

/** A way to make trainers of one kind: what the run loop gets from pickTrainer(). */
export interface TrainerPlan {
  kind: TrainerKind;
  /** The label its trainers will have. */
  label: string;
  /** Kept words per batch (the GPU wants big ones; the CPU path small ones, for prompt Pause). */
  batchWords: number;
  /** A trainer holding a copy of `model`. */
  create(model: ModelData): Promise<Trainer>;
  /**
   * After a segment failed with `e`: true when a new trainer can be made to continue from the last
   * checkpoint (the GPU device was lost and a new one was acquired), else false (the run fails).
   */
  recover?(e: unknown): Promise<boolean>;
  /** Drops what the plan listens to (the GPU's device-lost listener) when the run ends. */
  dispose?(): void;
}

/** What a plan needs to make trainers. */
export interface TrainerSpec {
  params: SgnsParams;
  table: AliasTable;
}

/** The labels of the CPU path's two trainers. */
export const CPU_WASM = 'cpu · WebAssembly SIMD';
export const CPU_JS = 'cpu · JavaScript';
