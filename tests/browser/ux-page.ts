// Issue 15's browser tests (a page people understand without the README) open the app in fresh
// contexts (a fresh profile each: its own IndexedDB) and fail on any page error, console error or
// console warning. `tinyCorpus` makes a small deterministic text corpus for quick runs.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { usePace } from './pace';

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and warnings seen so far. */
  problems: string[];
}

/** A fresh context on the app at `hash` (e.g. '#panel=train'), waited until the engine answers. */
export async function openApp(
  browser: Browser,
  hash = '',
  opts: { width?: number; height?: number; pace?: boolean } = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1366, height: opts.height ?? 900 }, acceptDownloads: true });
  if (opts.pace) await usePace(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(`console ${m.type()}: ${m.text()}`)));
  await page.goto(inject('appUrl') + hash);
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 90_000 });
  return { context, page, problems };
}

/**
 * A text corpus of `sentences` × 12 words over a 300-word vocabulary with Zipf-like counts
 * (word i drawn with weight 1/(i+1)), from a fixed LCG seed: the same bytes every call.
 */
export function tinyCorpus(sentences = 2500, seed = 12345): Buffer {
  const words = Array.from({ length: 300 }, (_, i) => 'w' + i.toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]));
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < words.length; i++) cum.push((total += 1 / (i + 1)));
  let x = seed >>> 0;
  const next = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * total;
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const line: string[] = [];
    for (let w = 0; w < 12; w++) {
      const r = next();
      let i = 0;
      while (cum[i] < r) i++;
      line.push(words[i]);
    }
    lines.push(line.join(' '));
  }
  return Buffer.from(lines.join('\n') + '\n');
}
