// One thread of the threaded CPU trainer: instantiates the trainer's module over the shared
// memory it is sent, then trains its share of each batch it is given, claiming chunks from the
// batch's counter (claim.ts; Hogwild: the rows are updated in place, with no locks, as
// word2vec.c and gensim do). Batches queue as messages: the next starts as this one ends.
import type { FromThread, ToThread, TrainFn } from './protocol';
import { trainClaimed } from './claim';

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
      const { loss, pairs } = trainClaimed(ex[m.fn], memory, m.args, m.claim);
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
