// Long-task recorder for end-to-end tests: records PerformanceObserver 'longtask' entries from
// page start (init script) so a test can assert that the main thread never blocked > 100 ms.
import type { Page } from 'playwright-core';

interface LongTaskWindow { __longTasks?: { start: number; duration: number }[] }

/** Call before page.goto. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
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
