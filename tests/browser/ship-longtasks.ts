// Long-task recorder for end-to-end tests: records PerformanceObserver 'longtask' entries from
// page start (init script) so a test can assert that the main thread never blocked > 100 ms.
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Browser, Page } from 'playwright-core';

interface LongTaskWindow {
  __longTasks?: { start: number; duration: number }[];
  /** Long animation frames over 100 ms with their scripts: what a long task was doing. */
  __longFrames?: LongFrame[];
}
export interface LongFrame {
  start: number;
  duration: number;
  scripts: { invoker: string; source: string; duration: number }[];
}
/** The fields of Chromium's PerformanceLongAnimationFrameTiming we read (not in TypeScript's DOM lib). */
interface LoafEntry extends PerformanceEntry {
  scripts: { invoker: string; sourceURL: string; sourceFunctionName: string; duration: number }[];
}

/** Call before page.goto. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskWindow;
    w.__longTasks = [];
    w.__longFrames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as LoafEntry[]) {
          if (e.duration <= 100) continue;
          const scripts = e.scripts.map((x) => ({
            invoker: x.invoker,
            source: `${x.sourceFunctionName} ${x.sourceURL.split('/').pop()}`.trim(),
            duration: Math.round(x.duration),
          }));
          w.__longFrames!.push({ start: Math.round(e.startTime), duration: Math.round(e.duration), scripts });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    }
  });
}

/** Long animation frames (> 100 ms) that started at or after `sinceMs`, with the scripts they ran. */
export async function longFrames(page: Page, sinceMs = 0): Promise<LongFrame[]> {
  return page.evaluate((t0) => ((window as unknown as LongTaskWindow).__longFrames ?? []).filter((f) => f.start >= t0), sinceMs);
}

/** Longest main-thread task so far (ms, 0 when none), and how many there were over `limitMs`. */
export async function longestTask(page: Page, limitMs = 100): Promise<{ longestMs: number; over: number; count: number }> {
  return page.evaluate((limit) => {
    const tasks = (window as unknown as LongTaskWindow).__longTasks ?? [];
    return {
      longestMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      over: tasks.filter((t) => t.duration > limit).length,
      count: tasks.length,
    };
  }, limitMs);
}

/** A renderer's threads that serve the page's main thread (the main thread itself is tid = pid). */
const PAGE_THREADS = new Set(['Compositor', 'Chrome_ChildIOT']);
const threadName = (pid: number, tid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

/**
 * The long-task measure is meant to be of the page's own main-thread work. Two things on a small
 * shared machine make a 1 ms callback show up as a 100 ms "long task" instead: SwiftShader runs
 * the "GPU" on the CPU cores the page needs (on a real GPU that work is not on the CPU at all),
 * and other jobs on the machine compete for the same 2 cores. So while we measure, the GPU
 * process's threads run at nice 19, and each renderer's main thread with its IPC and compositor
 * threads at nice -10 (needs root, as CI has; without it only the GPU part applies). The engine
 * worker's thread (DedicatedWorker) is left as it is: its work competing with the page is real. Re-checked every 500 ms because Chromium
 * starts processes and SwiftShader its threads lazily. Linux only (elsewhere it does nothing).
 */
export async function prioritiseRenderer(
  browser: Browser,
): Promise<{ stop(): Promise<void>; stats(): { gpuThreads: number; rendererThreads: number; rendererBoostRefused: number } }> {
  const stats = { gpuThreads: 0, rendererThreads: 0, rendererBoostRefused: 0 };
  if (process.platform !== 'linux') return { stop: async () => {}, stats: () => stats };
  const cdp = await browser.newBrowserCDPSession();
  const done = new Set<number>();
  let busy = false;
  const setNice = (pid: number, nice: number, ok: () => void, refused: () => void, which: (tid: number) => boolean = () => true): void => {
    for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
      if (done.has(tid) || !which(tid)) continue;
      done.add(tid);
      try {
        setPriority(tid, nice);
        ok();
      } catch {
        refused(); // not root (negative nice), or the thread ended meanwhile
      }
    }
  };
  const apply = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const info = await cdp.send('SystemInfo.getProcessInfo');
      for (const p of info.processInfo) {
        if (p.type === 'GPU')
          setNice(
            p.id,
            19,
            () => stats.gpuThreads++,
            () => {},
          );
        else if (p.type === 'renderer') {
          const page = (tid: number): boolean => tid === p.id || PAGE_THREADS.has(threadName(p.id, tid));
          setNice(
            p.id,
            -10,
            () => stats.rendererThreads++,
            () => stats.rendererBoostRefused++,
            page,
          );
        }
      }
    } catch {
      // the browser is closing, or a process ended between listing and renicing: next round
    } finally {
      busy = false;
    }
  };
  await apply();
  const timer = setInterval(() => void apply(), 500);
  return {
    async stop() {
      clearInterval(timer);
      await cdp.detach().catch(() => {});
    },
    stats: () => ({ ...stats }),
  };
}
