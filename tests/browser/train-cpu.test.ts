// Without WebGPU (Chromium started with WebGPU switched off), the app says so in a banner,
// the Train panel says training runs on the CPU, and a run on the bundled sample still
// trains (WebAssembly SIMD) to the end.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium({ noWebGpu: true });
  page = await (await browser.newContext()).newPage();
  await page.goto(inject('appUrl'));
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
}, 120_000);
afterAll(() => browser?.close());

it('no WebGPU: banners, and training runs on the CPU to the end', async () => {
  // (Chromium keeps navigator.gpu with WebGPU switched off; requestAdapter() gives null.)
  expect(await page.evaluate(async () => !!(await navigator.gpu?.requestAdapter()))).toBe(false);
  expect(await page.locator('header .banner.warn').first().textContent()).toMatch(/No WebGPU here.*still works on the CPU/s);

  await page.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' }).click();
  await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
  await page.click('#tab-train');
  expect(await page.textContent('[data-testid=train-cpu]')).toMatch(/training runs on the CPU/);

  const panel = page.locator('#panel-train');
  await panel.getByLabel('dimensions', { exact: true }).fill('16');
  await panel.getByLabel('epochs', { exact: true }).fill('1');
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await page.waitForFunction(() => parseFloat(document.querySelector('[data-testid=train-done]')?.textContent ?? '') > 0, null, {
    timeout: 120_000,
  });
  // The automatic trainer: the CPU path on one thread per core (the dev server is cross-origin isolated).
  expect(await page.textContent('[data-testid=train-adapter]')).toMatch(/^cpu · WebAssembly SIMD( · \d+ threads)?$/);
  await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
    timeout: 400_000,
  });
  expect(await page.textContent('[data-testid=train-result]')).toMatch(/^Trained [\d,]+ vectors/);
  const loss = parseFloat((await page.textContent('[data-testid=train-loss]')) ?? '');
  expect(loss).toBeGreaterThan(0);
  expect(loss).toBeLessThan(6 * Math.LN2); // learnt something: below an untrained model's loss
}, 500_000);
