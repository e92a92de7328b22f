// Submits tfjs's pending WebGPU commands before the trainer submits its own, so tfjs
// ops recorded earlier (e.g. neighbour searches over zero-copy views of syn0) run first.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

export function flushTfjs(backend: WebGPUBackend): void {
  backend.ensureCommandEncoderReady(); // submitQueue() needs an encoder; an empty one is cheap
  backend.endComputePassEncoder();
  backend.submitQueue();
}
