// Test page: the loss of one large GPU batch (65 k words, hundreds of workgroups)
// against the reference trainer's f64 sum on the same batch. The learning rate is tiny, so
// the Hogwild order does not matter and the two losses must agree to float precision;
// a single float32 accumulator over the same terms is reported for comparison.
import { initCompute, currentGpu } from '../../../workers/gpu';
import { ArraySource, BatchPlanner, startPosition } from '../../../workers/train/plan';
import { buildAliasTable } from '../../../workers/train/samplers';
import { initModel } from '../../../workers/train/model';
import { trainBatch, type SgnsParams } from '../../../workers/train/reference';
import { GpuSgns, type KernelVariant } from '../../../workers/train/gpu-trainer';

export interface LossCheck {
  words: number;
  chunks: number;
  pairs: number;
  pairsGpu: number;
  lossRef: number;
  lossGpu: number;
  /** The reference's terms summed in one float32 accumulator (what the loss must not be). */
  lossF32: number;
  /** The kernels' softplus(0) (= ln 2 exactly in f64) as this adapter's log/exp compute it. */
  softplus0: number;
}

/** Runs the kernels' softplus expression on the adapter for x = 0 (read from a buffer). */
async function gpuSoftplus0(device: GPUDevice): Promise<number> {
  const code = `
    @group(0) @binding(0) var<storage, read_write> io: array<f32>;
    fn softplus(x: f32) -> f32 { return max(x, 0.0) + log(1.0 + exp(-abs(x))); }
    @compute @workgroup_size(1) fn main() { io[1] = softplus(io[0]); }`;
  const pipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
  });
  const io = device.createBuffer({ size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const out = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(io, 0, new Float32Array([0, 0]));
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(
    0,
    device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: io } }] }),
  );
  pass.dispatchWorkgroups(1);
  pass.end();
  enc.copyBufferToBuffer(io, 0, out, 0, 8);
  device.queue.submit([enc.finish()]);
  await out.mapAsync(GPUMapMode.READ);
  const v = new Float32Array(out.getMappedRange())[1];
  out.destroy();
  io.destroy();
  return v;
}

async function check(variant: KernelVariant): Promise<LossCheck> {
  const info = await initCompute();
  const g = currentGpu();
  if (!g) throw new Error('no WebGPU: ' + (info.reason ?? ''));
  const vocab = 3000;
  let x = 987654321;
  const ids = new Uint32Array(65_000).map(
    () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), Math.min(vocab - 1, Math.floor(vocab ** ((x >>> 8) / 2 ** 24)) - 1)),
  );
  const counts = new Float64Array(vocab).fill(1);
  for (const i of ids) counts[i]++;
  const p: SgnsParams = { vocab, dim: 16, window: 5, negative: 5 };
  const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
    seed: 1,
    epochs: 1,
    alpha: 1e-6,
    minAlpha: 1e-6,
    chunkWords: 256,
    batchWords: 1 << 17,
  });
  const batch = (await planner.next(startPosition()))!;
  const table = buildAliasTable(counts);
  const model = initModel({ vocab, dim: p.dim }, 1);
  const gpu = new GpuSgns(g.device, p, table, { syn0: model.syn0.slice(), syn1: model.syn1.slice() }, () => {}, variant, g.subgroupSize);
  const { done } = await gpu.submit(batch);
  const r = await done;
  gpu.destroy();
  const ref = trainBatch(model, p, table, batch);
  // syn1 starts at zero and moves by ~1e-9: every term is −log σ(0) = ln 2.
  const terms = Math.round(ref.loss / Math.LN2);
  let f32 = 0;
  const ln2 = Math.fround(Math.LN2);
  for (let i = 0; i < terms; i++) f32 = Math.fround(f32 + ln2);
  const softplus0 = await gpuSoftplus0(g.device);
  return {
    words: batch.nWords,
    chunks: batch.nChunks,
    pairs: ref.pairs,
    pairsGpu: r.pairs,
    lossRef: ref.loss,
    lossGpu: r.loss,
    lossF32: f32,
    softplus0,
  };
}

(window as unknown as { lossCheck: typeof check }).lossCheck = check;
