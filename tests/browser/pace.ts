// A browser test's hand on the engine's pace (workers/test-pace.ts): the page's engine worker
// is created with the test-hooks name, the test tells it where to park a run, waits until the
// run has parked there, acts (pause, stop, reload, hide the tab, lose the device), then releases.
// Works on any page that creates the engine worker: lab.html, the app, the built site.
import type { BrowserContext, Page } from 'playwright-core';
import type { ParkInfo, ParkRule, TestParked, TestToEngine } from '../../workers/test-pace';

interface PaceWindow {
  __pace?: { worker: Worker; parked: TestParked[] };
}

/** Call before the page loads (context or page): the engine worker gets the test hooks. */
export async function usePace(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript((name) => {
    const Native = window.Worker;
    // Every worker the page starts gets the name (only the engine reads it; the page starts the
    // engine through a blob: URL, so its script URL does not say which it is); the one that
    // answers "test-hooks-on" is the engine.
    window.Worker = class extends Native {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, { ...opts, name: opts?.name ?? name });
        this.addEventListener('message', (e: MessageEvent<{ kind?: string }>) => {
          const w = window as unknown as PaceWindow;
          if (e.data?.kind === 'test-hooks-on') w.__pace = { worker: this, parked: [] };
          else if (e.data?.kind === 'test-parked' && w.__pace?.worker === this) w.__pace.parked.push(e.data as TestParked);
        });
      }
    };
  }, 'skipgram-test-hooks');
}

const send = (page: Page, m: TestToEngine): Promise<void> =>
  page.evaluate((msg) => {
    const pace = (window as unknown as PaceWindow).__pace;
    if (!pace) throw new Error('no engine worker with test hooks on this page: call usePace before it loads');
    pace.worker.postMessage(msg);
  }, m);

/**
 * Asks the engine to park the next run that reaches `rule.point` (its `after`-th pass from now).
 * Send it before starting the run; it is used up by one park. Returns a wait for that park.
 */
export async function parkAt(page: Page, rule: ParkRule): Promise<() => Promise<ParkInfo>> {
  const seen = await page.evaluate(() => (window as unknown as PaceWindow).__pace?.parked.length ?? 0);
  await send(page, { kind: 'test-park', rule });
  return async () => {
    // A parked run stays parked until released, so this poll only waits; it never races.
    const h = await page.waitForFunction(
      (n) => {
        const p = (window as unknown as PaceWindow).__pace?.parked ?? [];
        return p.length > n ? p[n].info : undefined;
      },
      seen,
      { timeout: 300_000 },
    );
    return (await h.jsonValue()) as ParkInfo;
  };
}

/** Lets every parked run go on. */
export const release = (page: Page): Promise<void> => send(page, { kind: 'test-release' });

/**
 * Periodic checkpoints (and live snapshots) every `seconds` for runs whose caller sets no cadence
 * (the app's own runs: 5 s); 0 = at every progress report. Lasts for the page's engine worker.
 */
export const checkpointEvery = (page: Page, seconds: number | undefined): Promise<void> =>
  send(page, { kind: 'test-checkpoint-every', seconds });

/** The threaded CPU trainer's last thread dies at the run's next batch (a crash, for the dead-thread test). */
export const killThread = (page: Page): Promise<void> => send(page, { kind: 'test-kill-thread' });

/** The t-SNE worker dies at the next t-SNE run's first pace point (a crash, for the dead-worker test). */
export const killTsne = (page: Page): Promise<void> => send(page, { kind: 'test-kill-tsne' });
