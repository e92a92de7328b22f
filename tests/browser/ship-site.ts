// The built site for the ship tests: `vite build` into a folder of this test process (or
// SHIP_DIST=<dir>, e.g. CI's dist/), served under a sub-path by scripts/serve-dist.ts, and pages
// opened with watchers for console errors and warnings (page and workers), CSP violations, page errors,
// failed requests and responses >= 400.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { ROOT } from '../../scripts/harness';
import { serveDist, type DistServer } from '../../scripts/serve-dist';
import { recordLongTasks } from './ship-longtasks';

export const SUB = '/some/sub/path/';

export interface ShipSite {
  site: DistServer;
  outDir: string;
  close(): Promise<void>;
}

/** Builds (unless SHIP_DIST names a build) and serves it under SUB. */
export async function shipSite(): Promise<ShipSite> {
  const given = process.env.SHIP_DIST ? resolve(process.env.SHIP_DIST) : undefined;
  const outDir = given ?? resolve(ROOT, `.lab-out/ship-dist-${process.pid}`);
  if (!given || !existsSync(resolve(outDir, 'index.html'))) {
    await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const site = await serveDist(outDir, SUB);
  return {
    site,
    outDir,
    async close() {
      await site.close();
      if (!given) rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** JavaScript of a build: raw and gzipped bytes over every .js file (page and worker). */
export function jsSize(outDir: string): { files: number; bytes: number; gzipBytes: number } {
  const out = { files: 0, bytes: 0, gzipBytes: 0 };
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.js')) {
        const b = readFileSync(p);
        out.files++;
        out.bytes += b.length;
        out.gzipBytes += gzipSync(b, { level: 9 }).length;
      }
    }
  };
  walk(outDir);
  return out;
}

export interface Watched {
  page: Page;
  /** Console errors and warnings (page and workers), CSP violations, page errors, failed requests,
   * responses >= 400 — all should stay empty. */
  problems: string[];
}

/** Collects a worker's console errors and warnings, and logs its CSP violations there (a worker's
 * violations fire in the worker, never on the page). */
async function watchWorker(w: Worker, problems: string[]): Promise<void> {
  w.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`worker console ${m.type()}: ${m.text()}`);
  });
  await w
    .evaluate(() => {
      self.addEventListener('securitypolicyviolation', (e) =>
        console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI}`),
      );
    })
    .catch(() => {}); // a worker that already ended
}

/** A new page with problem watchers, a long-task recorder and a time-to-interactive mark. */
export async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('worker', (w) => void watchWorker(w, problems));
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  // ERR_ABORTED is the app ending its own request (the ingest's helper worker is terminated once
  // the text has arrived; Chromium may not have closed the request yet): not a failure a user sees.
  // Blocked (CSP), refused and failed requests have other codes and are problems.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  // Time to interactive: navigation start → the adapter line or the no-WebGPU banner appears
  // (the engine worker has answered `hello`, so every panel can act).
  await page.addInitScript(() => {
    // Chromium logs a violation to the console too; the event also names the directive.
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI}`),
    );
    const w = window as unknown as { __tti?: number };
    const mo = new MutationObserver(() => {
      if (w.__tti === undefined && document.querySelector('[data-testid=adapter], .banner.warn')) {
        w.__tti = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  });
  await recordLongTasks(page);
  return { page, problems };
}

/** Navigates and waits for the engine to answer (adapter line or no-WebGPU banner). */
export async function openApp(page: Page, url: string, opts: { isolated?: boolean } = {}): Promise<void> {
  await page.goto(url);
  // The built site is cross-origin isolated by its service worker (scripts/isolation.ts): on a
  // context's first visit the page reloads once under it. Wait for that, so a test never acts on
  // the page that is about to go. `isolated: false`: a context where service workers are blocked.
  if (opts.isolated ?? true) await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
}

export async function ttiMs(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as { __tti?: number }).__tti);
}
