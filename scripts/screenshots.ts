// Screenshots of every panel with real content (tests/browser/full-app.ts: a corpus ingested, a
// run trained, a map, HN posts and a fitted model) at 1366×900 and 390×844, full page, as PNGs:
//   npx tsx scripts/screenshots.ts /tmp/shots [--hn ../shared/data/hn-posts-2015-2016.csv]
// Files: <folder>/<panel>-<width>x<height>.png. Uses the app's dev server and Debian's Chromium
// the way the browser tests do (scripts/harness.ts).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, ROOT, startVite } from './harness';
import { openFullApp, PANELS, showPanel } from '../tests/browser/full-app';

const SIZES = [
  [1366, 900],
  [390, 844],
] as const;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--'));
  if (!out) throw new Error('usage: tsx scripts/screenshots.ts <folder> [--hn posts.csv]');
  const hnAt = args.indexOf('--hn');
  const hn = hnAt >= 0 ? args[hnAt + 1] : resolve(ROOT, '../shared/data/hn-posts-2015-2016.csv');
  mkdirSync(out, { recursive: true });
  const vite = await startVite();
  const browser = await launchChromium();
  try {
    console.error('filling every panel…');
    const app = await openFullApp(browser, vite.url, hn);
    const written: string[] = [];
    for (const [width, height] of SIZES) {
      await app.page.setViewportSize({ width, height });
      for (const id of PANELS) {
        await showPanel(app.page, id);
        // Two frames: the charts' ResizeObservers have redrawn at the new width.
        await app.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const path = resolve(out, `${id}-${width}x${height}.png`);
        await app.page.screenshot({ path, fullPage: true });
        written.push(path);
        console.error(path);
      }
    }
    if (app.problems.length) console.error('page problems:\n' + app.problems.join('\n'));
    console.log(JSON.stringify({ files: written, problems: app.problems }));
  } finally {
    await browser.close();
    await vite.server.close();
  }
}

main().catch((e: unknown) => {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
