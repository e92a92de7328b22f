// The engine worker's entry: dispatches typed requests to the areas' handlers,
// answers with result / error / progress, and honours cancel requests.
import type { FromEngine, Handlers, Commands, ToEngine, Request, EngineEvent, Handler, CommandName } from './protocol';
import { toWire } from './errors';
import { initCompute } from './gpu';
import { corpusHandlers } from './corpus/handlers';
import { warmInflater } from './corpus/ingest';
import { trainHandlers } from './train/handlers';
import { exploreHandlers } from './explore/handlers';
import { hnHandlers } from './hn/handlers';
import { runsHandlers } from './runs/handlers';
import { sweepsHandlers } from './sweeps/handlers';
import { TEST_HOOKS, onTestMessage } from './test-pace';

const handlers: Handlers<Commands> = {
  hello: async () => (await Promise.all([initCompute(), warmInflater()]))[0],
  ...corpusHandlers,
  ...trainHandlers,
  ...exploreHandlers,
  ...hnHandlers,
  ...runsHandlers,
  ...sweepsHandlers,
};

// The decompression helper a first ingest will use, started while nothing else runs.
void warmInflater();

const running = new Map<number, AbortController>();
const post = (m: FromEngine): void => self.postMessage(m);
const emit = (event: EngineEvent): void => post({ kind: 'event', event });

async function run(req: Request): Promise<void> {
  const ctl = new AbortController();
  running.set(req.id, ctl);
  try {
    // The request's args and the handler are both keyed by req.type; TS cannot
    // correlate the two through the union, so the lookup is widened once here.
    const handler = handlers[req.type] as Handler<CommandName>;
    const result = await handler(req.args as never, {
      signal: ctl.signal,
      emit,
      progress: (progress) => post({ kind: 'progress', id: req.id, progress }),
    });
    post({ kind: 'result', id: req.id, result });
  } catch (e) {
    post({ kind: 'error', id: req.id, error: toWire(e) });
  } finally {
    running.delete(req.id);
  }
}

self.onmessage = (ev: MessageEvent<ToEngine>) => {
  const m = ev.data;
  if (TEST_HOOKS && onTestMessage(m)) return; // a browser test's pacing (workers/test-pace.ts), never the app's
  if (m.kind === 'cancel') running.get(m.id)?.abort();
  else void run(m);
};
