// Owns the SGNS buffers on the shared GPUDevice and submits one dispatch per batch
// (one workgroup per chunk). At most two batches are in flight: while the GPU trains
// batch n, the worker prepares batch n+1 (queue-ordered writeBuffer) and reads back the
// loss partials of batch n−1 — the GPU never waits for JavaScript.
import shaderDims from './kernels/sgns.wgsl?raw';
import shaderChunks from './kernels/sgns-lane.wgsl?raw';
import shaderSubgroup from './kernels/sgns-subgroup.wgsl?raw';
import shaderCommon from './kernels/sgns-common.wgsl?raw';
import shaderCbow from './kernels/cbow.wgsl?raw';
import { META_U32, type Batch } from './plan';
import { isSoftwareAdapter, withWgslConstants } from './constants';
import { paddedDim, type ModelData } from './model';
import type { AliasTable } from './samplers';
import type { ChunkLoss, SgnsParams } from './reference';
import type { Trainer } from './trainer';

const WG = 32;
/** Invocations per workgroup of the lanes-over-chunks variant. */
const WG_CHUNKS = 4;
/** Lanes of the CBOW kernel on a software adapter: SwiftShader runs them as SIMD lanes of one thread, so few pay fewer barriers. */
const WG_CBOW_SOFTWARE = 4;

/**
 * 'dims': workgroup per chunk, lanes over dimensions, dot products reduced through workgroup
 *   memory (the kernel for real GPUs).
 * 'subgroup': one subgroup of a fixed size per chunk, lanes over dimensions, subgroupAdd and
 *   no barrier; rows re-read rather than held in per-lane arrays. On SwiftShader (subgroups of
 *   4) it trains 1.5× the pairs/s of 'chunks'; on real GPUs it is not measured yet, so they
 *   keep 'dims'.
 * 'chunks': invocation per chunk, no barriers (SwiftShader without subgroups).
 */
export type KernelVariant = 'subgroup' | 'dims' | 'chunks';

export function variantFor(g: { adapter: string; subgroupSize?: number }): KernelVariant {
  if (!isSoftwareAdapter(g.adapter)) return 'dims';
  return g.subgroupSize ? 'subgroup' : 'chunks';
}

const U = GPUBufferUsage;

/** Workgroup memory the 'dims' kernel uses besides its window cache: partial dots [WG × 51] and dots [51]. */
const DIMS_SHARED_BYTES = (WG * 51 + 51) * 4;

/** Slots of the 'dims' kernel's window cache: 2·window + 1 rows when they fit in workgroup memory, else 1 (no cache). */
export function cacheSlots(device: GPUDevice, p: SgnsParams): number {
  const slots = 2 * p.window + 1;
  return DIMS_SHARED_BYTES + slots * paddedDim(p.dim) * 4 <= device.limits.maxComputeWorkgroupStorageSize ? slots : 1;
}

export class GpuSgns implements Trainer {
  readonly blocking = false;
  /** The adapter's description (set by whoever knows it: pick.ts). */
  label = 'gpu';
  private readonly pipeline: GPUComputePipeline;
  private readonly params: GPUBuffer;
  readonly syn0: GPUBuffer;
  readonly syn1: GPUBuffer;
  private words: GPUBuffer;
  private meta: GPUBuffer;
  private readonly aliasProb: GPUBuffer;
  private readonly aliasIdx: GPUBuffer;
  private lossOut: GPUBuffer;
  private readonly staging: GPUBuffer[] = [];
  private readonly inflight: Promise<ChunkLoss>[] = [];
  private slot = 0;
  private readonly rowBytes: number;
  /** Window-cache slots of the 'dims' kernel (1: no cache). */
  cacheSlots = 1;
  /** CBOW (p.model): kernels/cbow.wgsl, a workgroup per chunk with lanes over dimensions, whatever the variant. */
  private readonly cbow: boolean;

  constructor(
    readonly device: GPUDevice,
    readonly p: SgnsParams,
    table: AliasTable,
    model: ModelData,
    private readonly beforeSubmit: () => void = () => {},
    readonly variant: KernelVariant = 'dims',
    /** The device's fixed subgroup size, for the 'subgroup' variant. */
    subgroupSize = 0,
    /** 'dims': keep the window's input rows in workgroup memory when they fit (tests turn it off to check both paths). */
    windowCache = true,
  ) {
    const dp = paddedDim(p.dim);
    if (dp / 4 > WG * 8) throw new Error(`dim ${p.dim} is above the kernel's limit of ${WG * 32}`);
    this.rowBytes = dp * 4;
    this.cbow = p.model === 'cbow';
    if (variant === 'dims' && windowCache && !this.cbow) this.cacheSlots = cacheSlots(device, p);
    const wgCbow = variant === 'dims' ? WG : WG_CBOW_SOFTWARE;
    if (variant === 'subgroup' && !subgroupSize) throw new Error('the subgroup kernel needs the device subgroup size');
    const code = this.cbow
      ? shaderCommon + shaderCbow.replace('__NV__', String(Math.ceil(dp / 4 / wgCbow)))
      : variant === 'subgroup'
        ? 'enable subgroups;\n' +
          shaderCommon +
          shaderSubgroup
            .replace('__NV__', String(Math.ceil(dp / 4 / subgroupSize)))
            .replace('__NF__', String(Math.floor(dp / 4 / subgroupSize)))
        : variant === 'dims'
          ? shaderCommon + shaderDims.replace('__S__', String(this.cacheSlots)).replace('__DP4__', String(dp / 4))
          : shaderCommon + shaderChunks;
    const module = device.createShaderModule({ code: withWgslConstants(code) });
    this.pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: {
        module,
        entryPoint: 'main',
        constants: { WG: this.cbow ? wgCbow : variant === 'dims' ? WG : variant === 'subgroup' ? subgroupSize : WG_CHUNKS },
      },
    });
    const mk = (size: number, usage: number): GPUBuffer => device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    this.params = mk(32, U.UNIFORM | U.COPY_DST);
    this.syn0 = mk(p.vocab * this.rowBytes, U.STORAGE | U.COPY_SRC | U.COPY_DST);
    this.syn1 = mk(p.vocab * this.rowBytes, U.STORAGE | U.COPY_SRC | U.COPY_DST);
    this.aliasProb = mk(p.vocab * 4, U.STORAGE | U.COPY_DST);
    this.aliasIdx = mk(p.vocab * 4, U.STORAGE | U.COPY_DST);
    this.words = mk(16, U.STORAGE | U.COPY_DST);
    this.meta = mk(16, U.STORAGE | U.COPY_DST);
    this.lossOut = mk(16, U.STORAGE | U.COPY_SRC);
    device.queue.writeBuffer(this.aliasProb, 0, table.prob);
    device.queue.writeBuffer(this.aliasIdx, 0, table.alias);
    this.writeModel(model);
  }

  writeModel(m: ModelData): void {
    this.device.queue.writeBuffer(this.syn0, 0, m.syn0);
    this.device.queue.writeBuffer(this.syn1, 0, m.syn1);
  }

  private ensure(buf: GPUBuffer, bytes: number, usage: number): GPUBuffer {
    if (buf.size >= bytes) return buf;
    buf.destroy();
    return this.device.createBuffer({ size: Math.ceil((bytes * 1.5) / 16) * 16, usage });
  }

  /** Queues one batch (waiting while two are in flight); `done` resolves with its loss. */
  async submit(b: Batch): Promise<{ done: Promise<ChunkLoss> }> {
    if (this.inflight.length >= 2) await this.inflight[0];
    const d = this.device;
    this.words = this.ensure(this.words, b.nWords * 4, U.STORAGE | U.COPY_DST);
    this.meta = this.ensure(this.meta, b.nChunks * META_U32 * 4, U.STORAGE | U.COPY_DST);
    this.lossOut = this.ensure(this.lossOut, b.nChunks * 8, U.STORAGE | U.COPY_SRC);
    d.queue.writeBuffer(this.words, 0, b.words, 0, b.nWords);
    d.queue.writeBuffer(this.meta, 0, b.meta, 0, b.nChunks * META_U32);
    const p = this.p;
    d.queue.writeBuffer(this.params, 0, new Uint32Array([p.vocab, paddedDim(p.dim) / 4, p.window, p.negative, b.nChunks, 0, 0, 0]));
    const slot = this.slot++ % 2;
    let stage = this.staging[slot];
    if (!stage || stage.size < b.nChunks * 8) {
      stage?.destroy();
      stage = this.staging[slot] = d.createBuffer({ size: Math.ceil((b.nChunks * 8 * 1.5) / 16) * 16, usage: U.MAP_READ | U.COPY_DST });
    }
    const bind = d.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [this.params, this.syn0, this.syn1, this.words, this.meta, this.aliasProb, this.aliasIdx, this.lossOut].map(
        (buffer, binding) => ({ binding, resource: { buffer } }),
      ),
    });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(this.variant === 'chunks' && !this.cbow ? Math.ceil(b.nChunks / WG_CHUNKS) : b.nChunks);
    pass.end();
    enc.copyBufferToBuffer(this.lossOut, 0, stage, 0, b.nChunks * 8);
    this.beforeSubmit(); // tfjs's pending commands go first (they may read syn0 views)
    d.queue.submit([enc.finish()]);
    const n = b.nChunks;
    const done = stage.mapAsync(GPUMapMode.READ, 0, n * 8).then(() => {
      const f = new Float32Array(stage.getMappedRange(0, n * 8));
      let loss = 0;
      let pairs = 0;
      for (let i = 0; i < n; i++) ((loss += f[2 * i]), (pairs += f[2 * i + 1]));
      stage.unmap();
      return { loss, pairs };
    });
    this.inflight.push(done);
    void done.finally(() => this.inflight.splice(this.inflight.indexOf(done), 1)).catch(() => {});
    return { done };
  }

  /** Copies syn0 and syn1 back to the CPU. */
  async readModel(): Promise<ModelData> {
    const bytes = this.syn0.size;
    const d = this.device;
    const s0 = d.createBuffer({ size: bytes, usage: U.MAP_READ | U.COPY_DST });
    const s1 = d.createBuffer({ size: bytes, usage: U.MAP_READ | U.COPY_DST });
    const enc = d.createCommandEncoder();
    enc.copyBufferToBuffer(this.syn0, 0, s0, 0, bytes);
    enc.copyBufferToBuffer(this.syn1, 0, s1, 0, bytes);
    d.queue.submit([enc.finish()]);
    await Promise.all([s0.mapAsync(GPUMapMode.READ), s1.mapAsync(GPUMapMode.READ)]);
    const n = (this.p.vocab * this.rowBytes) / 4;
    const out = { syn0: new Float32Array(s0.getMappedRange()).slice(0, n), syn1: new Float32Array(s1.getMappedRange()).slice(0, n) };
    s0.destroy();
    s1.destroy();
    return out;
  }

  release(): void {
    this.destroy();
  }

  destroy(): void {
    for (const b of [
      this.params,
      this.syn0,
      this.syn1,
      this.words,
      this.meta,
      this.aliasProb,
      this.aliasIdx,
      this.lossOut,
      ...this.staging,
    ])
      b.destroy();
  }
}
