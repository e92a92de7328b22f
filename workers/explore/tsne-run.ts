// The engine's side of a t-SNE map: starts a fresh t-SNE worker (tsne-worker.ts) for the run,
// forwards its progress, and on cancel terminates it and answers at once (the crate's
// neighbour/affinity call cannot be interrupted inside its own thread). A worker that dies or
// cannot start fails the run with a LabError; the engine itself is untouched.
// A browser test's park points 'tsne-affinities' and 'tsne-slice' (test-pace.ts) work in the
// engine only, so the worker is paced from here: it waits at each point until the engine,
// once the test has released its park there, says go.
import { CancelledError, LabError, type WireError } from '../errors';
import { TEST_HOOKS, parkPoint, testPace } from '../test-pace';
import { spawnModuleWorker } from '../spawn';
import type { TsneHooks, TsneOptions } from './tsne';
import type { FromTsne, ToTsne } from './tsne-worker';
import tsneWorkerUrl from './tsne-worker.ts?worker&url';

export interface TsneRun {
  /** [n, dims] f32 */
  coords: Float32Array;
  /** The rows' dimension when they were reduced to TSNE_PCA_DIMS by PCA first. */
  reducedFrom?: number;
}

const died = (why: string): LabError =>
  new LabError(`the t-SNE worker stopped (${why}); the map was not changed. Draw it again, or with fewer words.`, 'state');

/** A bad input the worker refused (e.g. fewer than 10 points) as it was; anything else (the crate's panic, out of memory) as a dead worker. */
const fromWorker = (e: WireError): LabError => (e.code === 'bad-input' ? new LabError(e.message, 'bad-input') : died(e.message));

/** t-SNE of the first n rows of `rows` [n, dim] (transferred: the caller's copy is emptied) in a worker of its own. */
export function tsneInWorker(
  rows: Float32Array,
  n: number,
  dim: number,
  opts: TsneOptions,
  hooks: Pick<TsneHooks, 'signal' | 'progress'>,
): Promise<TsneRun> {
  const { signal } = hooks;
  if (signal?.aborted) return Promise.reject(new CancelledError('t-SNE cancelled'));
  return new Promise<TsneRun>((resolve, reject) => {
    let w: Worker;
    try {
      w = spawnModuleWorker(tsneWorkerUrl);
    } catch (e) {
      reject(died(`it could not start: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    let over = false;
    const end = (): void => {
      over = true;
      w.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (over) return;
      end();
      reject(new CancelledError('t-SNE cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const send = (m: ToTsne, transfer: Transferable[] = []): void => w.postMessage(m, transfer);
    w.onmessage = (e: MessageEvent<FromTsne>) => {
      if (over) return;
      const m = e.data;
      if (m.kind === 'progress') hooks.progress?.(m.progress);
      else if (m.kind === 'pace') {
        hooks.progress?.(m.progress);
        const { done, total } = m.progress;
        void Promise.resolve(TEST_HOOKS ? parkPoint(m.point, { done, total }) : undefined).then(() => {
          if (over) return;
          const die = TEST_HOOKS && testPace.killTsne; // a test's crash, used up here
          testPace.killTsne = false;
          send(die ? { kind: 'test-die' } : { kind: 'go' });
        });
      } else if (m.kind === 'done') {
        end();
        resolve({ coords: m.coords, reducedFrom: m.reducedFrom });
      } else {
        end();
        reject(fromWorker(m.error));
      }
    };
    // An uncaught error, a script that failed to load, or the tab out of memory: the worker is gone.
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      if (over) return;
      end();
      reject(died(e.message || 'it failed'));
    };
    w.onmessageerror = () => {
      if (over) return;
      end();
      reject(died('a message could not be read'));
    };
    send({ kind: 'run', rows, n, dim, opts, paced: TEST_HOOKS }, [rows.buffer]);
  });
}
