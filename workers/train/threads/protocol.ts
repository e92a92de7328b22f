// Messages between the threaded trainer (../threaded-trainer.ts, in the engine worker) and its
// thread workers (thread-worker.ts). Every thread instantiates the same module over one shared
// WebAssembly.Memory; a job is a thread's share of a batch: chunks claimed one at a time from the
// batch's counter and trained by the module's trainChunks with the thread's own scratch area
// (claim.ts).

/** trainChunks' 12 arguments, in order (see ../wasm/sgns.ts): pointers into the shared memory and sizes (a job's: the whole batch). */
export type TrainChunksArgs = [
  syn0: number,
  syn1: number,
  dp: number,
  V: number,
  K: number,
  window: number,
  prob: number,
  alias: number,
  words: number,
  meta: number,
  nChunks: number,
  scratch: number,
];

/** The module's exports of that signature: skip-gram by pairs or in blocks (the default), CBOW. */
export type TrainFn = 'trainChunks' | 'trainChunksBlocked' | 'trainChunksCbow';

export type ToThread =
  | { kind: 'init'; module: WebAssembly.Module; memory: WebAssembly.Memory }
  /** `fn`: the module's export for the run's architecture (skip-gram, or CBOW: wasm/cbow.ts). */
  | { kind: 'train'; id: number; fn: TrainFn; args: TrainChunksArgs; claim: number }
  /** Test hook (only sent when TEST_HOOKS): the thread throws outside any handler, as a crashed thread would. */
  | { kind: 'test-die' };

export type FromThread =
  { kind: 'ready' } | { kind: 'done'; id: number; loss: number; pairs: number } | { kind: 'error'; id?: number; message: string };
