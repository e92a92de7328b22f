// One thread of the threaded CPU trainer: instantiates the trainer's module over the shared
// memory it is sent, then trains the slices of batches it is given (Hogwild: the rows are
// updated in place, with no locks, as word2vec.c and gensim do). The pair count trainChunks
// stores at the scratch pointer is read back here, so the engine does not race the next job.
import type { FromThread, ToThread, TrainFn } from './protocol';

type Exports = Record<TrainFn, (...args: number[]) => number>;

let ex: Exports | undefined;
let memory: WebAssembly.Memory | undefined;
const post = (m: FromThread): void => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent<ToThread>) => {
  const m = e.data;
  if (m.kind === 'init') {
    try {
      memory = m.memory;
      ex = new WebAssembly.Instance(m.module, { env: { memory } }).exports as unknown as Exports;
      post({ kind: 'ready' });
    } catch (err) {
      post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  } else if (m.kind === 'train') {
    try {
      if (!ex || !memory) throw new Error('thread not initialised');
      const loss = ex[m.fn](...m.args);
      const pairs = new Uint32Array(memory.buffer)[m.args[11] / 4];
      post({ kind: 'done', id: m.id, loss, pairs });
    } catch (err) {
      post({ kind: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  } else {
    setTimeout(() => {
      throw new Error('test: training thread killed');
    });
  }
};
