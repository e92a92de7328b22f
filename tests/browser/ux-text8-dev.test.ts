// Issue 15 item 9: "Load text8 (31 MB)" under `npm start` with no text8.zip beside the project.
// The dev server (scripts/text8-dev.ts) downloads it from its public URL on first use — here a local
// server standing in for mattmahoney.net (SKIPGRAM_TEXT8_UPSTREAM) — streaming it to the page with
// its length (progress) while it writes it to disk (SKIPGRAM_TEXT8_CACHE); the next load is served
// from that copy with the upstream gone. No network (connection refused) and an upstream 404 give
// the page's clear message, with the reason, and leave nothing on disk.
// Fails on the main before this change: the route answered 404 whenever no local copy existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { zipSync } from 'fflate';
import { gate, launchChromium, startFileServer, startVite, type FileServer } from '../../scripts/harness';
import { tinyCorpus } from './tiny-corpus';

const ENV = ['TEXT8_PATH', 'SKIPGRAM_TEXT8_UPSTREAM', 'SKIPGRAM_TEXT8_CACHE'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const dir = mkdtempSync(join(tmpdir(), 'text8-dev-'));
// 2 MB of text, stored (level 0: the length is the bytes sent): past the ingest's first 1 MB chunk, so
// a progress report comes while the upstream is held.
const zip = zipSync({ text8: new Uint8Array(tinyCorpus(40_000)) }, { level: 0 });

let browser: Browser;
let vite: { server: ViteDevServer; url: string };
let upstream: FileServer;

beforeAll(async () => {
  delete process.env.TEXT8_PATH;
  upstream = await startFileServer();
  // A Vite server of this test's own: the route reads these variables on each request.
  vite = await startVite();
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await vite?.server.close();
  await upstream?.close();
  for (const k of ENV) saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]);
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(vite.url);
  await page.locator('#panel-corpus').getByText('None yet.').waitFor({ timeout: 120_000 });
  return { page, problems };
}

const loadText8 = (page: Page) => page.getByRole('button', { name: 'Load text8 (31 MB)' }).click();
const alertText = (page: Page) => page.locator('#panel-corpus [role=alert]').textContent({ timeout: 60_000 });

describe('text8 under the dev server', () => {
  it('first use: downloaded from the public URL, streamed with its length, kept on disk; then served from disk', async () => {
    const held = gate();
    const cache = join(dir, 'first', 'text8.zip');
    process.env.SKIPGRAM_TEXT8_CACHE = cache;
    writeFileSync(join(dir, 'upstream.zip'), zip); // a held route streams a file (scripts/harness.ts)
    process.env.SKIPGRAM_TEXT8_UPSTREAM = upstream.add('dc/text8.zip', {
      path: join(dir, 'upstream.zip'),
      hold: { bytes: 1_500_000, gate: held },
    });
    mkdirSync(join(dir, 'first'));
    const { page, problems } = await open();
    await loadText8(page);
    await held.reached; // the upstream has sent 1.5 MB and waits
    // The page already reads the stream, with the upstream's length for its progress bar; nothing is cached yet.
    const bar = page.locator('[data-testid=ingest-progress] progress');
    await bar.waitFor({ timeout: 60_000 });
    expect(Number(await bar.getAttribute('max'))).toBe(zip.length);
    expect(existsSync(cache)).toBe(false);
    held.release();
    await page.getByTestId('corpus-stats').waitFor({ timeout: 120_000 });
    expect(await page.locator('#panel-corpus .list li').first().textContent()).toMatch(/480,000 words/);
    expect(new Uint8Array(readFileSync(cache))).toEqual(zip);
    expect(readdirSync(join(dir, 'first'))).toEqual(['text8.zip']); // no .part left

    // Upstream gone: the copy on disk answers.
    await upstream.close();
    const again = await page.evaluate(async () => {
      const r = await fetch('./data/text8.zip');
      return { status: r.status, bytes: (await r.arrayBuffer()).byteLength };
    });
    expect(again).toEqual({ status: 200, bytes: zip.length });
    expect(problems).toEqual([]);
    upstream = await startFileServer();
  }, 300_000);

  it('no network (connection refused): the clear message with the reason, nothing kept', async () => {
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => r(p)); // a port nobody listens on
      });
    });
    process.env.SKIPGRAM_TEXT8_CACHE = join(dir, 'refused.zip');
    process.env.SKIPGRAM_TEXT8_UPSTREAM = `http://127.0.0.1:${port}/dc/text8.zip`;
    const { page } = await open();
    await loadText8(page);
    const text = await alertText(page);
    expect(text).toMatch(/HTTP 502 could not download text8 from http:\/\/127\.0\.0\.1:\d+\/dc\/text8\.zip \(ECONNREFUSED\)/);
    expect(text).toMatch(/Download http:\/\/mattmahoney\.net\/dc\/text8\.zip \(31 MB\) and pick it as a local file/);
    expect(readdirSync(dir).filter((f) => f.startsWith('refused'))).toEqual([]);
  });

  it('an upstream 404: said, with the status, nothing kept', async () => {
    process.env.SKIPGRAM_TEXT8_CACHE = join(dir, 'missing.zip');
    process.env.SKIPGRAM_TEXT8_UPSTREAM = upstream.url + 'no/such/text8.zip';
    const { page } = await open();
    await loadText8(page);
    const text = await alertText(page);
    expect(text).toMatch(/HTTP 502 could not download text8 from http:\/\/127\.0\.0\.1:\d+\/no\/such\/text8\.zip \(HTTP 404\)/);
    expect(text).toMatch(/pick it as a local file/);
    expect(readdirSync(dir).filter((f) => f.startsWith('missing'))).toEqual([]);
  });
});
