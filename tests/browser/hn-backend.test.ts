// On a software WebGPU adapter (SwiftShader, as here) the HN model trains on tfjs's WebAssembly
// backend: the fit says so, its .wasm comes from our own origin with no console warning or failed
// request, and a second fit on it (the backend already started) gives the same figures.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { gotoLab, launchChromium } from '../../scripts/harness';
import { watchedPage } from './ship-site';
import { callOn } from './lab';
import { postsSlice } from './predict-page';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 120_000);
afterAll(() => browser?.close());

it('trains the HN model on WebAssembly under SwiftShader, twice with the same figures', async () => {
  const { page, problems } = await watchedPage(await browser.newContext());
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm') && r.url().includes('tfjs-backend-wasm')) wasm.push(r.url());
  });
  await gotoLab(page, inject('appUrl'));
  const call = callOn(page);
  const args = { train: { text: postsSlice(800) }, maxEpochs: 2, seed: 1, save: false };
  const a = await call('hnClassify', args);
  if (!a.ok) throw new Error(a.error.message);
  expect(a.result.settings.backend).toBe('wasm');
  expect(a.result.notices.join(' ')).not.toMatch(/WebAssembly backend did not start/);
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.every((u) => u.startsWith(new URL(inject('appUrl')).origin))).toBe(true);
  const b = await call('hnClassify', args);
  if (!b.ok) throw new Error(b.error.message);
  expect(b.result.settings.backend).toBe('wasm');
  expect(b.result.model.metrics.logLoss).toBe(a.result.model.metrics.logLoss);
  // lab.html has no favicon: Chromium's own request for it 404s (Playwright reports no response for it).
  expect(
    problems.filter((m) => m !== 'console error: Failed to load resource: the server responded with a status of 404 (Not Found)'),
  ).toEqual([]);
}, 240_000);
