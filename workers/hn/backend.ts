// The tfjs backend the HN model trains on. The net is small (a batch is [256, ~135] · [135, 64]), so
// per-op dispatch and read-backs dominate: on a software WebGPU adapter (SwiftShader) one epoch of
// the 12.8k training posts took 20–50 s. tfjs's WebAssembly backend (XNNPACK kernels, SIMD) runs it in
// ~0.8 s and tfjs's plain-JavaScript 'cpu' backend in 3–4 s (Node, this machine), so on a software
// adapter, and without WebGPU, the fit runs on 'wasm'; on a real GPU it stays on WebGPU.
// The .wasm files are served from our own origin (Vite `?url` assets; CSP 'wasm-unsafe-eval').
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { currentGpu } from '../gpu';

/** What the runner and the run record say trained the model. */
export type HnBackend = 'wasm' | 'webgpu' | 'cpu';

let wasmReady: Promise<boolean> | undefined;
/** Why the WebAssembly backend did not start, when it did not (the fit then says so in a notice). */
let wasmFailure: string | undefined;
export const hnBackendNotice = (): string | undefined =>
  wasmFailure && `tfjs's WebAssembly backend did not start (${wasmFailure}): the model trained on tfjs's slower JavaScript CPU backend.`;

/** Registers tfjs's WebAssembly backend once (one thread: these matrices are too small to share out). */
function initWasm(): Promise<boolean> {
  wasmReady ??= (async () => {
    // Threads would need a pthread pool of nested workers for matrices a single core finishes in microseconds.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // Absolute URLs: the engine runs from a blob: wrapper (workers/spawn.ts), against which '/…' does not resolve.
    const abs = (u: string) => new URL(u, import.meta.url).href;
    setWasmPaths({
      'tfjs-backend-wasm.wasm': abs(wasmPlain),
      'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
      'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreaded),
    });
    const current = tf.getBackend();
    try {
      if (!(await tf.setBackend('wasm'))) wasmFailure = 'it failed to initialise';
    } catch (e) {
      wasmFailure = e instanceof Error ? e.message : String(e);
    } finally {
      await tf.setBackend(current);
    }
    return wasmFailure === undefined;
  })();
  return wasmReady;
}

/** The backend for the HN fit: WebGPU on a hardware adapter, else WebAssembly (tfjs 'cpu' if it fails to start). */
export async function hnBackendFor(): Promise<HnBackend> {
  const g = currentGpu();
  if (g && !g.software) return 'webgpu';
  return (await initWasm()) ? 'wasm' : 'cpu';
}

/**
 * Runs `fn` with tfjs on the HN backend, then puts the engine's backend back. tfjs has one global
 * backend: a tensor made on the other one is moved on first use, so an explore query that arrives
 * meanwhile still answers (on the CPU), only more slowly.
 */
export async function onHnBackend<T>(fn: (backend: HnBackend) => Promise<T>): Promise<T> {
  const want = await hnBackendFor();
  const before = tf.getBackend();
  if (want !== before) await tf.setBackend(want);
  try {
    return await fn(want);
  } finally {
    if (tf.getBackend() !== before) await tf.setBackend(before);
  }
}
