// Shared steps of the Predict panel's browser tests: a slice of the shared HN file (plus one post
// with markup in its title), seeded random vectors for its title words, and getting both into the
// page (vectors through the engine's import, posts through the Data section's file input).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { FileServer } from '../../scripts/harness';
import { sharedData } from '../shared-data';
import { text8Words } from '../../workers/lib/text8';

export const q = (id: string): string => `[data-testid=${id}]`;
// A post whose title holds markup once its entities are decoded: it must be shown as text.
export const HTML_TITLE = 'Rust compiler &lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;';

/** The first `n` records of the shared file plus one with markup in its title. */
export function postsSlice(n: number): string {
  const lines = readFileSync(sharedData('hn-posts-2015-2016.csv'), 'utf8').split('\n');
  return [...lines.slice(0, n + 1), `99999999,"${HTML_TITLE}",https://github.com/a/b,150,20,someone,9/10/2015 12:00`].join('\n') + '\n';
}

/** 16-d random (seeded) vectors for the words of those titles (≥ 2 times): enough to train and to find similar titles. */
export function vectorsFor(csv: string): string {
  const counts = new Map<string, number>();
  for (const line of csv.split('\n').slice(1))
    for (const w of text8Words(line.split(',')[1] ?? '')) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts].filter(([, c]) => c >= 2).map(([w]) => w);
  let s = 7;
  const r = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
  return `${words.length} 16\n` + words.map((w) => `${w} ${Array.from({ length: 16 }, () => r().toFixed(4)).join(' ')}`).join('\n') + '\n';
}

/** Vectors `name` (served by `files`; for the words of `vectorsOf`, default the posts) imported on the page's engine,
 *  posts `csv` imported through the Data section, and the vectors chosen in the model section. */
export async function loadPostsAndVectors(
  page: Page,
  files: FileServer,
  csv: string,
  name: string,
  posts: RegExp,
  vectorsOf = csv,
): Promise<void> {
  const url = files.add(name, { body: vectorsFor(vectorsOf) });
  await page.evaluate(`(async () => { const { engine } = await import('/src/engine.svelte.ts');
    await engine.call('importVectors', { url: ${JSON.stringify(url)}, name: ${JSON.stringify(name)} }); })()`);
  await page
    .locator(`${q('hn-import')} input[type=file]`)
    .setInputFiles({ name: 'hn-slice.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: /^Import \d/ }).click();
  await page.locator(q('model-dataset')).filter({ hasText: posts }).waitFor({ timeout: 60_000 });
  await page.locator(`${q('model-section')} button:text("↻")`).click();
  const value = await page.locator(`${q('model-vectors')} option`, { hasText: name }).getAttribute('value');
  await page.locator(q('model-vectors')).selectOption(value!);
}
