// pickTrainer(): the one place that chooses a run's trainer from the user's choice and what
// this browser has — WebGPU (and whether its adapter is a software one), WebAssembly SIMD, and
// cross-origin isolation (the threaded trainer's shared memory; without it one thread and a notice).
// 'auto' measures (calibrate.ts) when there is more than one candidate.
import { currentGpu, initCompute, onDeviceLost } from '../gpu';
import { LabError } from '../errors';
import { GpuSgns, variantFor } from './gpu-trainer';
import { flushTfjs } from './tfjs-flush';
import { referencePlan, type SgnsParams } from './reference';
import { wasmPlan } from './wasm-trainer';
import { threadsPlan, threadsUnavailable } from './threaded-trainer';
import type { AliasTable } from './samplers';
import type { TrainerChoice } from './commands';
import type { TrainerPlan } from './trainer';
import { calibrate, calibrationKey, calibrationLabel, type CalibrateArgs, type Calibration } from './calibrate';

/** Kept words per GPU batch: thousands of chunks per submit. */
export const GPU_BATCH_WORDS = 1 << 17;
/** Kept words per CPU batch: Pause is answered between batches (after at most two on training threads). */
export const CPU_BATCH_WORDS = 1 << 14;

/** The WGSL kernels on the engine's GPUDevice; after a lost device, a new device and trainer from the last checkpoint. */
export function gpuPlan(p: SgnsParams, table: AliasTable, adapter: string): TrainerPlan {
  let lost = false;
  const unlisten = onDeviceLost(() => (lost = true));
  return {
    kind: 'gpu',
    label: adapter,
    batchWords: GPU_BATCH_WORDS,
    create: (model) => {
      const g = currentGpu();
      if (!g) return Promise.reject(new LabError('WebGPU device is not available', 'gpu'));
      const t = new GpuSgns(g.device, p, table, model, () => flushTfjs(g.backend), variantFor(g), g.subgroupSize);
      t.label = g.adapter;
      return Promise.resolve(t);
    },
    recover: async () => {
      await new Promise((r) => setTimeout(r, 100)); // let device.lost settle
      if (!lost && currentGpu()) return false;
      lost = false;
      await initCompute();
      return !!currentGpu();
    },
    dispose: () => void unlisten(),
  };
}

/**
 * The CPU path on one thread: WebAssembly SIMD, else the reference. Where the page may share
 * memory, the one thread is a training thread of its own (the threaded trainer on one thread: the
 * same chunks in the same order, so the same vectors bit for bit), and the engine thread plans the
 * next batches and writes checkpoints meanwhile instead of in turn with training: text8-prefix,
 * 5 epochs, 899k and 939k words/s against 695k and 751k on the engine thread, alternated (later
 * runs of the build: 954k, 949k, 893k).
 */
export async function cpuPlan(p: SgnsParams, table: AliasTable): Promise<TrainerPlan> {
  const js = referencePlan(p, table, CPU_BATCH_WORDS);
  const engine = (await wasmPlan(p, table, CPU_BATCH_WORDS, js)) ?? js;
  if (engine.kind !== 'wasm' || threadsUnavailable()) return engine;
  return (await threadsPlan(p, table, 1, CPU_BATCH_WORDS, engine, { kind: engine.kind, label: engine.label })) ?? engine;
}

/** How many CPU threads a run asks for, and where to say that it gets one only. */
export interface ThreadOptions {
  threads: number;
  notice?(message: string): void;
}

/**
 * The CPU path on `threads` threads: the threaded trainer, or one thread where the page is not
 * cross-origin isolated (said in a notice) or the shared-memory module does not compile. Under
 * 'auto' (`force` false) one thread asked for is the one-thread trainer.
 */
export async function threadedPlan(p: SgnsParams, table: AliasTable, o: ThreadOptions, force: boolean): Promise<TrainerPlan> {
  const one = await cpuPlan(p, table);
  if (o.threads <= 1 && !force) return one;
  const why = threadsUnavailable();
  if (why) {
    o.notice?.(`Training on one thread instead of ${o.threads}: ${why}.`);
    return one;
  }
  const t = await threadsPlan(p, table, o.threads, CPU_BATCH_WORDS, one);
  if (!t) o.notice?.(`Training on one thread instead of ${o.threads}: this browser has no WebAssembly threads.`);
  return t ?? one;
}

/**
 * The trainers a choice allows here, fastest-first by expectation: 'gpu' the kernels (WebGPU
 * required), 'cpu' the CPU path on one thread, 'threads' on `o.threads`, 'auto' the kernels and
 * the CPU path on `o.threads` where WebGPU is there (calibration picks), else the CPU path.
 */
export async function candidateTrainers(
  choice: TrainerChoice,
  p: SgnsParams,
  table: AliasTable,
  o: ThreadOptions = { threads: 1 },
): Promise<{ plans: TrainerPlan[]; software: boolean; adapter?: string }> {
  if (choice === 'cpu') return { plans: [await cpuPlan(p, table)], software: false };
  if (choice === 'threads') return { plans: [await threadedPlan(p, table, o, true)], software: false };
  const info = await initCompute();
  if (choice === 'gpu' && !info.webgpu) throw new LabError('the GPU trainer was asked for, but this browser has no WebGPU', 'gpu');
  const gpu = info.webgpu ? gpuPlan(p, table, info.adapter) : undefined;
  if (choice === 'gpu' && gpu) return { plans: [gpu], software: !!info.software, adapter: info.adapter };
  const cpu = await threadedPlan(p, table, o, false);
  // Under 'auto' the threaded trainer is measured against one thread too.
  const one = cpu.kind === 'threads' && choice === 'auto' ? [await cpuPlan(p, table)] : [];
  return { plans: [...(gpu ? [gpu] : []), cpu, ...one], software: !!info.software, adapter: info.webgpu ? info.adapter : 'no WebGPU' };
}

/**
 * The run's trainer: the only candidate, or under 'auto' the fastest candidate measured on the
 * corpus's first batches (calibrate.ts; cached per adapter, threads and settings shape).
 */
export async function chooseTrainer(
  choice: TrainerChoice,
  p: SgnsParams,
  table: AliasTable,
  o: ThreadOptions,
  m: Pick<CalibrateArgs, 'model' | 'batches' | 'cache' | 'budgetMs' | 'now'>,
): Promise<{ plan: TrainerPlan; calibration?: Calibration }> {
  const { plans, adapter } = await candidateTrainers(choice, p, table, o);
  if (choice !== 'auto' || plans.length < 2) return { plan: plans[0] };
  const key = calibrationKey({
    adapter: adapter ?? '',
    isolated: !threadsUnavailable(),
    threads: o.threads,
    dim: p.dim,
    window: p.window,
    negative: p.negative,
    model: p.model ?? 'skipgram',
    vocab: p.vocab,
  });
  return calibrate({ ...m, key, plans: plans.map((plan) => ({ plan, label: calibrationLabel(plan.kind, o.threads) })) });
}

/** The run's trainer: the only candidate, or under 'auto' the kernels unless the adapter is a software one (no measurement). */
export async function pickTrainer(choice: TrainerChoice, p: SgnsParams, table: AliasTable, o?: ThreadOptions): Promise<TrainerPlan> {
  const { plans, software } = await candidateTrainers(choice, p, table, o);
  const pick = plans.length > 1 && software ? plans[1] : plans[0];
  // (the one-thread plan after the threaded one is only there to be measured)
  for (const q of plans) if (q !== pick) q.dispose?.();
  return pick;
}
