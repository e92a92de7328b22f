// The t-SNE worker, started by the engine for each t-SNE map (tsne-run.ts): rows in, progress
// and the layout so far out, the layout at the end. Its own thread because the crate's
// neighbour/affinity step is one synchronous call of up to a minute; the engine cancels a run by
// terminating this worker, so Cancel never waits for that call.
// Rows of more than TSNE_PCA_DIMS dimensions are reduced by PCA here first (tsne-input.ts).
import { toWire, type WireError } from '../errors';
import { tsne, type TsneOptions, type TsneProgress } from './tsne';
import { TSNE_PCA_DIMS, pcaReduce } from './tsne-input';

export type TsnePacePoint = 'tsne-affinities' | 'tsne-slice';

export type ToTsne =
  /** rows: [n, dim] f32 (transferred). paced: wait for 'go' at each pace point (a browser test's pace only). */
  | { kind: 'run'; rows: Float32Array; n: number; dim: number; opts: TsneOptions; paced: boolean }
  | { kind: 'go' }
  /** Test only: the worker throws outside any handler (a crash). */
  | { kind: 'test-die' };

export type FromTsne =
  | { kind: 'progress'; progress: TsneProgress }
  /** At a pace point, waiting for 'go' (paced runs only). */
  | { kind: 'pace'; point: TsnePacePoint; progress: TsneProgress }
  /** coords: [n, dims] f32; reducedFrom: the rows' dimension when PCA reduced them to TSNE_PCA_DIMS. */
  | { kind: 'done'; coords: Float32Array; reducedFrom?: number }
  | { kind: 'error'; error: WireError };

const post = (m: FromTsne): void => {
  const buf = m.kind === 'done' ? m.coords.buffer : m.kind === 'progress' ? m.progress.coords?.buffer : undefined;
  (self as unknown as Worker).postMessage(m, buf ? [buf] : []);
};

let go: (() => void) | undefined;

async function run(m: Extract<ToTsne, { kind: 'run' }>): Promise<void> {
  let { rows, dim } = m;
  const reducedFrom = dim > TSNE_PCA_DIMS && m.n > TSNE_PCA_DIMS ? dim : undefined;
  if (reducedFrom) {
    post({ kind: 'progress', progress: { phase: 'pca', done: 0, total: m.n } });
    rows = pcaReduce(rows, m.n, dim);
    dim = TSNE_PCA_DIMS;
  }
  const pace = m.paced
    ? (point: TsnePacePoint, progress: TsneProgress): Promise<void> =>
        new Promise<void>((resolve) => {
          go = resolve;
          post({ kind: 'pace', point, progress });
        })
    : undefined;
  const coords = await tsne(rows, m.n, dim, m.opts, { progress: (progress) => post({ kind: 'progress', progress }), pace });
  post({ kind: 'done', coords, reducedFrom });
}

self.onmessage = (e: MessageEvent<ToTsne>) => {
  const m = e.data;
  if (m.kind === 'go') (go?.(), (go = undefined));
  else if (m.kind === 'test-die')
    setTimeout(() => {
      throw new Error('test: the t-SNE worker was killed');
    });
  else run(m).catch((err: unknown) => post({ kind: 'error', error: toWire(err) }));
};
