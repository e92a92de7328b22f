// How a thread trains its share of a batch: it takes the batch's chunks one at a time from a
// counter in the shared memory (Atomics.add), so a thread the OS holds back (two cores shared
// with the engine thread, which plans the next batch meanwhile) takes fewer chunks instead of
// keeping the others waiting at the batch's end. One thread alone takes them all in order: the
// one-thread trainer's order, bit for bit. Used by thread-worker.ts and InlinePool (pool.ts).
import { META_U32 } from '../constants';
import type { ChunkLoss } from '../reference';
import type { TrainChunksArgs } from './protocol';

/**
 * Calls `train` (trainChunks' signature) on one chunk at a time of the batch `args` describes
 * (meta at args[9], args[10] chunks), each claimed from the u32 counter at byte `claim`, until
 * none is left; the sums of the calls' losses and pair counts.
 */
export function trainClaimed(
  train: (...args: number[]) => number,
  memory: WebAssembly.Memory,
  args: TrainChunksArgs,
  claim: number,
): ChunkLoss {
  const i32 = new Int32Array(memory.buffer);
  const [syn0, syn1, dp, V, K, window, prob, alias, words, meta, nChunks, scratch] = args;
  let loss = 0;
  let pairs = 0;
  for (let c = Atomics.add(i32, claim >> 2, 1); c < nChunks; c = Atomics.add(i32, claim >> 2, 1)) {
    loss += train(syn0, syn1, dp, V, K, window, prob, alias, words, meta + c * META_U32 * 4, 1, scratch);
    pairs += i32[scratch >> 2] >>> 0;
  }
  return { loss, pairs };
}
