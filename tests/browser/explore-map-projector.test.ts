// What Embedding Projector users expect of the map, through the app's real Explore panel in
// Chromium (issue 15 items 13 and 5): no legend before a map, t-SNE with progress and a prompt
// Cancel (paced by the engine's park point, not the clock), t-SNE of 10,000 cancelled in its
// uninterruptible affinity step (its own worker is terminated) and a crashed t-SNE worker, the 3-D view (rotate by buttons,
// keys, drag and wheel; 20,000 points' frame times printed, not asserted), colour by a pasted
// word list and by k-means clusters with their legends, spherize, and the follow-training map
// after its run ends.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startFileServer, type FileServer } from '../../scripts/harness';
import { ExploreUi, clusteredBin, csvRows, measureRotate } from './map-page';
import { checkpointEvery, killTsne, parkAt, release, usePace } from './pace';

const N_ALL = 20_000;
const DIM = 16;
const CLUSTERS = 20;

let browser: Browser;
let page: Page;
let files: FileServer;
let ui: ExploreUi;
const problems: string[] = [];

beforeAll(async () => {
  files = await startFileServer();
  browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  await usePace(context);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    // Chromium's hint about this test's own pixel readbacks (ui.pixels, signature) is not the page's.
    if ((m.type() === 'error' || m.type() === 'warning') && !/willReadFrequently/.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(inject('appUrl'));
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 150_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\npage errors: ${problems.join('; ')}`);
  });
  ui = new ExploreUi(page);
  await ui.open();
  await ui.importUrl(files.add('clusters.bin', { body: clusteredBin(N_ALL, DIM, CLUSTERS) }), N_ALL);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await files?.close();
});

async function centre(): Promise<{ x: number; y: number }> {
  await ui.canvas.scrollIntoViewIfNeeded();
  const b = (await ui.canvas.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

const legend = (): { rank: ReturnType<Page['getByTestId']>; category: ReturnType<Page['getByTestId']> } => ({
  rank: ui.card.getByTestId('rank-legend'),
  category: ui.card.getByTestId('category-legend'),
});

describe('the map as Embedding Projector users expect it', () => {
  it('before any map: no legend, no scale, "No map yet"', async () => {
    await expect.poll(() => ui.card.getByText(/^\s*No map yet/).isVisible()).toBe(true);
    expect(await legend().rank.isVisible()).toBe(false);
    expect(await legend().category.isVisible()).toBe(false);
    expect(await ui.card.locator('svg').first().isVisible()).toBe(false); // no scale drawn (it said 1–2 before)
  });

  it('t-SNE: progress while it runs, the layout drawn, more than 10,000 refused, Cancel answered at once', async () => {
    const slice = await parkAt(page, { point: 'tsne-slice', after: 2 });
    const drawing = ui.draw('tsne', 600);
    await slice();
    await expect.poll(() => ui.status.textContent()).toMatch(/^t-SNE: iteration \d+ \/ 1000…$/);
    expect(await ui.card.getByRole('button', { name: 'Cancel' }).isEnabled()).toBe(true);
    await release(page);
    const t0 = Date.now();
    const summary = await drawing;
    expect(summary).toMatch(/^t-SNE of 600 of 20,000 words in [\d.]+ s \(perplexity 30, Barnes-Hut\)\.$/);
    console.log(JSON.stringify({ tsneUi: { n: 600, iterations: 1000, secondsAfterPark: (Date.now() - t0) / 1000, summary } }));
    expect((await ui.pixels()).ink).toBeGreaterThan(300);
    // The clusters come apart: a word's map neighbours are mostly of its own cluster (i mod 20).
    const csv = csvRows((await ui.download(ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }))).text).slice(1);
    expect(csv).toHaveLength(600);
    const pts = csv.map((r) => [Number(r[1]), Number(r[2])]);
    let same = 0;
    pts.forEach((p, i) => {
      let best = -1,
        bd = Infinity;
      pts.forEach((q, j) => {
        const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
        if (j !== i && d < bd) ((bd = d), (best = j));
      });
      if (best % CLUSTERS === i % CLUSTERS) same++;
    });
    expect(same / 600).toBeGreaterThan(0.9);

    await ui.draw('tsne', 10_001, 30_000);
    expect(await ui.card.getByTestId('map-error').textContent()).toMatch(/t-SNE is limited to 10,000 points here/);

    // Parked in its layout, cancelled there: the next slice sees the cancel.
    await page.getByTestId('map-n').fill('2000');
    const parked = await parkAt(page, { point: 'tsne-slice', after: 1 });
    await ui.card.getByRole('button', { name: 'Draw map' }).click();
    await parked();
    await expect.poll(() => ui.status.textContent()).toMatch(/^t-SNE: iteration \d+ \/ 1000…$/);
    const tc = Date.now();
    await ui.card.getByRole('button', { name: 'Cancel' }).click();
    await release(page);
    await expect
      .poll(() => ui.status.textContent(), { timeout: 10_000 })
      .toMatch(/^t-SNE cancelled at iteration \d+ of 1000\. The map (shows the unfinished layout|was not changed)\.$/);
    console.log(JSON.stringify({ tsneCancelMs: Date.now() - tc }));
    expect(await ui.card.getByRole('button', { name: 'Cancel' }).isEnabled()).toBe(false);
    expect(await ui.draw('pca', 1000, 30_000)).toMatch(/^PCA of 1,000 of 20,000/);
  });

  it('t-SNE of 10,000: Cancel in the affinity step is answered at once; a crashed t-SNE worker is a clear error; t-SNE runs again after both', async () => {
    // The run's own worker waits just before the crate's one uninterruptible call (each point's
    // neighbours and affinities) and is not released: only a Cancel that does not wait for that
    // call can be answered.
    const parked = await parkAt(page, { point: 'tsne-affinities' });
    await ui.card.locator('select').first().selectOption('tsne');
    await page.getByTestId('map-n').fill('10000');
    await ui.card.getByRole('button', { name: 'Draw map' }).click();
    expect(await parked()).toEqual({ done: 0, total: 10_000 });
    await expect.poll(() => ui.status.textContent()).toBe("t-SNE: each word's neighbours and their affinities…");
    const cancel = ui.card.getByRole('button', { name: 'Cancel' });
    const tc = Date.now();
    await cancel.click();
    await expect
      .poll(() => ui.status.textContent())
      .toBe("t-SNE cancelled while finding each word's neighbours and their affinities. The map was not changed.");
    console.log(JSON.stringify({ tsneCancelInAffinitiesMs: Date.now() - tc, n: 10_000 }));
    expect(await cancel.isEnabled()).toBe(false);
    expect(await ui.card.getByRole('button', { name: 'Draw map' }).isEnabled()).toBe(true);
    await release(page); // the park's "go" finds no worker: it was terminated
    // The next run starts a new worker.
    expect(await ui.draw('tsne', 300)).toMatch(/^t-SNE of 300 of 20,000 words in [\d.]+ s \(perplexity 30, Barnes-Hut\)\.$/);

    // A t-SNE worker that dies (here at its first pace point, before the affinities): a clear error, the engine goes on.
    await killTsne(page);
    await ui.draw('tsne', 300, 60_000);
    expect(await ui.card.getByTestId('map-error').textContent()).toMatch(
      /the t-SNE worker stopped \(.*killed.*\); the map was not changed\. Draw it again, or with fewer words\./,
    );
    expect(await cancel.isEnabled()).toBe(false);
    expect(await ui.draw('pca', 1000, 30_000)).toMatch(/^PCA of 1,000 of 20,000/);
    expect(await ui.draw('tsne', 300)).toMatch(/^t-SNE of 300 of 20,000 words in /);
    expect(problems).toEqual([]);
  });

  it('3-D: three components, turned by buttons, keys, drag and wheel; 20,000 points rotate (frame times printed)', async () => {
    await ui.shape({ threeD: true });
    const summary = await ui.draw('pca', N_ALL);
    expect(summary).toMatch(
      /^PCA of 20,000 of 20,000 words in [\d.]+ s; the three axes explain [\d.]+%, [\d.]+% and [\d.]+% of the variance\.$/,
    );
    expect(await page.getByTestId('word-map').getAttribute('data-dims')).toBe('3');
    expect((await ui.pixels()).ink).toBeGreaterThan(2000);
    const csv = await ui.download(ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }));
    expect(csv.name).toMatch(/^map-pca-3d-.*-20000\.csv$/);
    const rows = csvRows(csv.text);
    expect(rows[0]).toEqual(['word', 'x', 'y', 'z', 'rank', 'count']);
    expect(new Set(rows.slice(1).map((r) => r[3])).size).toBeGreaterThan(1000);

    const controls = page.getByTestId('map-3d-controls');
    let before = await ui.signature();
    for (const name of ['⟲ Rotate left', 'Rotate right ⟳', 'Tilt up', 'Tilt down', 'Zoom in', 'Zoom out']) {
      await controls.getByRole('button', { name, exact: true }).click();
      const now = await ui.signature();
      expect(now, name).not.toBe(before);
      before = now;
    }
    await ui.canvas.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await ui.signature()).not.toBe(before);
    before = await ui.signature();
    const c = await centre();
    await page.mouse.move(c.x, c.y);
    await page.mouse.wheel(0, -300);
    expect(await ui.signature()).not.toBe(before);

    const idle = await measureRotate(ui.canvas, c, 'idle');
    const rotate = await measureRotate(ui.canvas, c, 'rotate');
    const fps = +(1000 / rotate.frameMs.median).toFixed(1);
    console.log(JSON.stringify({ map3dRotate: { points: N_ALL, fps, idle, rotate } }));
    expect(idle.drawMs.count).toBe(0);
    expect(rotate.drawMs.count).toBeGreaterThan(150); // the drag turned the view on (almost) every frame
    // Back to 2-D for the tests after.
    await ui.shape({ threeD: false });
  });

  it('colour by a pasted word list and by k-means clusters, each with its legend; back to frequency', async () => {
    await ui.draw('pca', 2000);
    const by = ui.card.getByTestId('map-colour-by');
    await by.selectOption('list');
    await ui.card.getByTestId('map-list').fill('w1, w5\nw60 nothere');
    await ui.card.getByRole('button', { name: 'Highlight' }).click();
    await expect
      .poll(() => ui.card.getByTestId('map-colour-note').textContent())
      .toBe('3 of 4 listed words are on the map; not on it: nothere.');
    expect(await legend().rank.isVisible()).toBe(false);
    expect(await legend().category.getByTestId('legend-item').allTextContents()).toEqual(['other words (1,997)', 'in the list (3)']);
    expect((await ui.pixels()).red).toBeGreaterThan(10);

    await by.selectOption('cluster');
    await ui.card.getByTestId('map-k').fill('5');
    await ui.card.getByRole('button', { name: 'Cluster', exact: true }).click();
    await expect.poll(() => ui.card.getByTestId('map-colour-note').textContent()).toMatch(/^5 clusters of 2,000 words in \d+ iterations/);
    const items = await legend().category.getByTestId('legend-item').allTextContents();
    expect(items).toHaveLength(5);
    items.forEach((t, i) => expect(t).toMatch(new RegExp(`^cluster ${i + 1} \\([\\d,]+\\)$`)));
    expect(items.reduce((a, t) => a + Number(/\(([\d,]+)\)/.exec(t)![1].replace(',', '')), 0)).toBe(2000);
    expect(await legend().category.textContent()).toMatch(/k-means cluster \(k = 5, seed 1, cosine\)/);
    expect((await ui.colours(200)).length).toBeGreaterThanOrEqual(5);
    // Seeded: the same k and seed colour the same picture.
    const sig = await ui.signature();
    await ui.card.getByRole('button', { name: 'Cluster', exact: true }).click();
    await expect.poll(() => ui.card.getByTestId('map-colour-note').textContent()).toMatch(/^5 clusters/);
    expect(await ui.signature()).toBe(sig);

    await by.selectOption('rank');
    expect(await legend().rank.isVisible()).toBe(true);
    expect(await legend().category.isVisible()).toBe(false);
    expect(await legend().rank.locator('svg text').last().textContent()).toMatch(/frequency rank \(log scale/);
  });

  it('spherize: the vectors are centred and normalised before PCA', async () => {
    const plain = csvRows((await ui.download(ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }))).text).slice(1);
    await ui.shape({ spherize: true });
    expect(await ui.draw('pca', 2000)).toMatch(/^PCA of 2,000 of 20,000 words \(spherized\) in [\d.]+ s; the two axes explain/);
    const sph = await ui.download(ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }));
    expect(sph.name).toMatch(/^map-pca-spherized-.*-2000\.csv$/);
    const rows = csvRows(sph.text).slice(1);
    // Unit vectors (centred on a mean of length ≪ 1) projected onto unit axes: about ±1 at
    // most; the raw clusters' centres lie farther out.
    const far = (rs: string[][]): number => Math.max(...rs.flatMap((r) => [Math.abs(Number(r[1])), Math.abs(Number(r[2]))]));
    console.log(JSON.stringify({ spherize: { farthestRaw: far(plain), farthestSpherized: far(rows) } }));
    expect(far(rows)).toBeLessThan(1.5);
    expect(far(plain)).toBeGreaterThan(2.5);
    await ui.shape({ spherize: false });
    expect(problems).toEqual([]);
  });

  it('the follow-training map after its run ends: the final vectors drawn, unticked, Find and Export on', async () => {
    const helper = await page.context().newPage();
    await helper.goto(`${inject('appUrl')}tests/browser/pages/train-corpus.html`);
    await helper.waitForFunction(() => 'saveSyntheticCorpus' in window);
    await helper.evaluate(() =>
      (window as unknown as { saveSyntheticCorpus(id: string, t: number, v: number): Promise<unknown> }).saveSyntheticCorpus(
        'mapends',
        400_000,
        2000,
      ),
    );
    await helper.close();
    await page.reload();
    await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
    await checkpointEvery(page, 0);
    await page.locator('#tab-train').click();
    const train = page.locator('#panel-train');
    await train.locator('select').first().selectOption('mapends');
    await train.locator('label:has-text("dimensions") input').fill('16');
    await train.locator('label:has-text("epochs") input').fill('1');
    await train.getByLabel('Trainer', { exact: true }).selectOption('gpu');
    const parked = await parkAt(page, { point: 'train-batch', saved: true });
    await train.getByRole('button', { name: 'Start', exact: true }).click();
    await parked();

    await ui.open();
    await page.getByTestId('map-n').fill('500');
    const follow = ui.card.getByLabel(/Follow training/);
    await follow.check();
    await expect.poll(() => ui.status.textContent(), { timeout: 120_000 }).toMatch(/^Following training: epoch 1 \/ 1, /);
    await release(page);
    // The run ends; its vectors become the selected set and the map is redrawn from them.
    await expect
      .poll(() => ui.status.textContent(), { timeout: 170_000 })
      .toMatch(/^Training ended: the map shows its final vectors \(".+"\)\. PCA of 500 of [\d,]+ words in [\d.]+ s/);
    expect(await follow.isChecked()).toBe(false);
    expect(await ui.card.getByText(/No map yet/).count()).toBe(0);
    expect(await ui.card.getByRole('button', { name: 'Find', exact: true }).isEnabled()).toBe(true);
    expect(await ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }).isEnabled()).toBe(true);
    expect(await legend().rank.isVisible()).toBe(true);
    expect((await ui.pixels()).ink).toBeGreaterThan(200);
    await ui.card.getByTestId('map-search').fill('ba');
    await ui.card.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => ui.card.getByTestId('map-note').textContent()).toMatch(/^ba: rank 1, [\d,]+ occurrences$/);
    expect(problems).toEqual([]);
  });
});
