// The 2-D map through the app's real Explore panel in Chromium (WebGPU on SwiftShader):
// imported clustered vectors, PCA and UMAP drawn on the canvas, hover, search, click for
// neighbours, a zoomed view kept through a resize to a phone and back and "Show all", CSV and
// vector downloads, UMAP cancel, and the frame time of pan/zoom with 20,000 points (printed,
// not asserted).
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startFileServer, type FileServer } from '../../scripts/harness';
import { ExploreUi, clusteredBin, csvRows, measureFrames } from './map-page';
import { checkpointEvery, parkAt, release, usePace } from './pace';

const N_ALL = 20_000;
const DIM = 16;

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
  await page.goto(inject('appUrl'));
  // Generous: the first load transforms the whole app in Vite's dev server.
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 150_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\npage errors: ${problems.join('; ')}`);
  });
  ui = new ExploreUi(page);
  await ui.open();
  await ui.importUrl(files.add('clusters.bin', { body: clusteredBin(N_ALL, DIM, 20) }), N_ALL);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await files?.close();
});

/** Canvas centre in page coordinates and in the canvas's own CSS px. */
async function centre(): Promise<{ x: number; y: number; cx: number; cy: number }> {
  await ui.canvas.scrollIntoViewIfNeeded();
  const b = (await ui.canvas.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2, cx: b.width / 2, cy: b.height / 2 };
}

describe('2-D map in the Explore panel', () => {
  it('PCA: draws the points, hover names a word, search highlights it, click lists its neighbours', async () => {
    expect(await ui.pixels()).toMatchObject({ ink: 0 });
    const summary = await ui.draw('pca', 5000);
    expect(summary).toMatch(/^PCA of 5,000 of 20,000 words in [\d.]+ s; the two axes explain [\d.]+% and [\d.]+%/);
    const { ink, red } = await ui.pixels();
    expect(ink).toBeGreaterThan(2000);
    expect(red).toBe(0);

    const c = await centre();
    await ui.card.getByTestId('map-search').fill('w123');
    await ui.card.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => ui.card.getByTestId('map-note').textContent()).toBe('w123: rank 124');
    // The view centres on the word and rings it in red.
    expect((await ui.pixels({ cx: c.cx, cy: c.cy, r: 14 })).red).toBeGreaterThan(10);

    await page.mouse.move(c.x + 40, c.y + 40);
    await page.mouse.move(c.x, c.y);
    const tip = page.getByTestId('map-tooltip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe('w123 · rank 124');

    await page.mouse.click(c.x, c.y);
    const near = page.getByTestId('map-neighbours');
    await near.waitFor();
    expect(await near.locator('strong').first().textContent()).toBe('w123');
    const items = await near.locator('li').allTextContents();
    expect(items).toHaveLength(10);
    // Same cluster (i mod 20) as w123: the clusters are far apart.
    for (const t of items) expect(Number(/w(\d+)/.exec(t)![1]) % 20).toBe(123 % 20);

    const missing = 'w19999';
    await ui.card.getByTestId('map-search').fill(missing);
    await ui.card.getByRole('button', { name: 'Find', exact: true }).click();
    await expect
      .poll(() => ui.card.getByTestId('map-note').textContent())
      .toMatch(/"w19999" is not among the 5,000 words on the map \(it is rank 20,000: raise the number of words\)/);
  });

  it('a zoomed map stays in view when the page is resized to a phone and back; "Show all" fits every point', async () => {
    // Find zooms 2× onto the word; the map was drawn 1100 px wide.
    await ui.card.getByTestId('map-search').fill('w123');
    await ui.card.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => ui.card.getByTestId('map-note').textContent()).toBe('w123: rank 124');
    const wide = await ui.view();
    expect(wide).toMatchObject({ points: 5000, zoom: 2 });
    expect(wide.shown).toBeGreaterThan(1000);
    expect(wide.shown).toBeLessThan(5000);

    // Resized while shown: redrawn at the phone's width, still 2× on the word, points on the canvas.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(async () => (await ui.view()).width).toBeLessThan(390);
    const phone = await ui.view();
    expect(phone.zoom).toBe(2);
    expect(phone.shown).toBeGreaterThan(1000);
    let c = await centre();
    expect((await ui.pixels({ cx: c.cx, cy: c.cy, r: 14 })).red).toBeGreaterThan(10); // the word's ring, still mid-map
    const box = (await ui.canvas.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);

    // "Show all": zoom 1, every point drawn, and the fitted points span the canvas's width or height.
    await ui.card.getByRole('button', { name: 'Show all', exact: true }).click();
    await expect.poll(async () => (await ui.view()).zoom).toBe(1);
    const all = await ui.view();
    expect(all.shown).toBe(5000);
    expect(Math.max(all.spanX, all.spanY)).toBeGreaterThan(0.9);

    // Find again, then resized back while the panel is hidden (another tab shown): the same view
    // when the panel comes back.
    await ui.card.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(async () => (await ui.view()).zoom).toBe(2);
    await page.locator('#tab-corpus').click();
    await page.setViewportSize({ width: 1100, height: 900 });
    await ui.open();
    await expect.poll(async () => (await ui.view()).width).toBeGreaterThan(900);
    const back = await ui.view();
    expect(back.zoom).toBe(2);
    expect(back.shown).toBeGreaterThan(1000);
    c = await centre();
    expect((await ui.pixels({ cx: c.cx, cy: c.cy, r: 14 })).red).toBeGreaterThan(10);
    await ui.card.getByRole('button', { name: 'Show all', exact: true }).click();
    await expect.poll(async () => (await ui.view()).shown).toBe(5000);
    console.log(JSON.stringify({ mapResize: { wide, phone, all, back } }));
    expect(problems).toEqual([]);
  });

  it('exports the map coordinates, the vectors and the neighbour list', async () => {
    const map = await ui.download(ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }));
    expect(map.name).toMatch(/^map-pca-.*-5000\.csv$/);
    const rows = csvRows(map.text);
    expect(rows[0]).toEqual(['word', 'x', 'y', 'rank', 'count']);
    expect(rows).toHaveLength(5001);
    rows.slice(1).forEach((r, i) => {
      expect(r[0]).toBe(`w${i}`);
      expect(Number.isFinite(Number(r[1])) && Number.isFinite(Number(r[2]))).toBe(true);
      expect(r[3]).toBe(String(i + 1));
      expect(r[4]).toBe(''); // imported vectors: no corpus counts
    });
    expect(new Set(rows.slice(1).map((r) => r[1])).size).toBeGreaterThan(1000);

    const vec = await ui.download(ui.panel.getByRole('button', { name: '.vec', exact: true }));
    expect(vec.name).toBe('clusters.vec'); // the set's name: the imported file's, without .bin
    const lines = vec.text.trim().split('\n');
    expect(lines[0]).toBe(`${N_ALL} ${DIM}`);
    expect(lines).toHaveLength(N_ALL + 1);
    expect(lines[1].split(' ')).toHaveLength(DIM + 1);

    await ui.panel.locator('input[list=explore-vocab]').fill('w7');
    await ui.panel.getByRole('button', { name: 'Search', exact: true }).click();
    const nb = await ui.download(ui.panel.getByRole('button', { name: 'Export CSV', exact: true }));
    const nrows = csvRows(nb.text);
    expect(nrows[0]).toEqual(['word', 'cosine_similarity']);
    expect(nrows).toHaveLength(16);
    for (const r of nrows.slice(1)) expect(Number(r[1])).toBeLessThanOrEqual(1);
  });

  it('UMAP: draws with progress, refuses more than 10,000 words, and Cancel stops it cleanly', async () => {
    // Parked after its first layout slice, the status shows the layout's progress (not sampled on a timer).
    const slice = await parkAt(page, { point: 'umap-slice' });
    const t0 = Date.now();
    const drawing = ui.draw('umap', 1500);
    await slice();
    await expect.poll(() => ui.status.textContent()).toMatch(/^UMAP: layout epoch \d+ \/ \d+/);
    await release(page);
    const summary = await drawing;
    expect(summary).toMatch(/^UMAP of 1,500 of 20,000 words/);
    console.log(JSON.stringify({ umapUi: { n: 1500, seconds: (Date.now() - t0) / 1000, summary } }));
    expect((await ui.pixels()).ink).toBeGreaterThan(1000);
    const csv = csvRows((await ui.download(ui.card.getByRole('button', { name: 'Export coordinates (CSV)' }))).text);
    expect(csv).toHaveLength(1501);
    for (const r of csv.slice(1)) expect(Number.isFinite(Number(r[1])) && Number.isFinite(Number(r[2]))).toBe(true);

    await ui.draw('umap', 10_001, 30_000);
    expect(await ui.card.getByTestId('map-error').textContent()).toMatch(/UMAP is limited to 10,000 points here/);

    // A run parked after its first layout slice, cancelled there.
    await ui.page.getByTestId('map-n').fill('2000');
    const parked = await parkAt(page, { point: 'umap-slice' });
    await ui.card.getByRole('button', { name: 'Draw map' }).click();
    await parked();
    await page.waitForFunction(
      () => /^UMAP: layout epoch/.test(document.querySelector('[data-testid=map-status]')?.textContent ?? ''),
      null,
      { timeout: 170_000 },
    );
    const cancel = ui.card.getByRole('button', { name: 'Cancel' });
    expect(await cancel.isEnabled()).toBe(true);
    const tc = Date.now();
    await cancel.click();
    await release(page);
    await expect
      .poll(() => ui.status.textContent(), { timeout: 10_000 })
      .toMatch(/^UMAP cancelled at layout epoch \d+ of \d+\. The map (shows the unfinished layout|was not changed)\.$/);
    console.log(JSON.stringify({ umapCancelMs: Date.now() - tc }));
    expect(await cancel.isEnabled()).toBe(false);
    expect(await ui.card.getByRole('button', { name: 'Draw map' }).isEnabled()).toBe(true);
    // The engine answers at once afterwards: nothing is left running.
    expect(await ui.draw('pca', 1000, 30_000)).toMatch(/^PCA of 1,000 of 20,000/);
  });

  it('pans and zooms 20,000 points: frame times printed', async () => {
    const summary = await ui.draw('pca', N_ALL);
    expect(summary).toMatch(/^PCA of 20,000 of 20,000 words in ([\d.]+) s/);
    const c = await centre();
    const idle = await measureFrames(ui.canvas, c, 'idle');
    const pan = await measureFrames(ui.canvas, c, 'pan');
    const zoom = await measureFrames(ui.canvas, c, 'zoom');
    console.log(JSON.stringify({ mapPanZoom: { points: N_ALL, idle, pan, zoom } }));
    // The events really moved the view: the chart redrew on (almost) every frame, and not when idle.
    expect(idle.drawMs.count).toBe(0);
    expect(pan.drawMs.count).toBeGreaterThan(150);
    expect(zoom.drawMs.count).toBeGreaterThan(150);
    expect((await ui.pixels()).ink).toBeGreaterThan(2000);
    expect(problems).toEqual([]);
  });

  it('follows a training run: PCA of the live vectors refreshed every few seconds, neighbours from the snapshot', async () => {
    // A synthetic Zipf corpus written straight into IndexedDB (same origin), then trained from the Train panel.
    const helper = await page.context().newPage();
    await helper.goto(`${inject('appUrl')}tests/browser/pages/train-corpus.html`);
    await helper.waitForFunction(() => 'saveSyntheticCorpus' in window);
    await helper.evaluate(() =>
      (window as unknown as { saveSyntheticCorpus(id: string, t: number, v: number): Promise<unknown> }).saveSyntheticCorpus(
        'mapfollow',
        400_000,
        2000,
      ),
    );
    await helper.close();
    await page.reload();
    await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
    // Checkpoints, and with them the live snapshots the map follows, at every progress report
    // (the app: every 5 s); the run is parked at known batches while the map is looked at.
    await checkpointEvery(page, 0);
    await page.locator('#tab-train').click();
    const train = page.locator('#panel-train');
    await train.locator('select').first().selectOption('mapfollow');
    await train.locator('label:has-text("dimensions") input').fill('16');
    // 2 epochs: 6 GPU batches (131 k words each); the map looks at the first two.
    await train.locator('label:has-text("epochs") input').fill('2');
    await train.getByLabel('Trainer', { exact: true }).selectOption('gpu');
    let parked = await parkAt(page, { point: 'train-batch', saved: true });
    await train.getByRole('button', { name: 'Start', exact: true }).click();
    await parked();

    await ui.open();
    await page.getByTestId('map-n').fill('1000');
    await ui.card.getByLabel(/Follow training/).check();
    // The snapshot is told apart by its fraction done and time (the time alone has 1 s steps).
    const line = /^Following training: epoch \d+ \/ 2, ([\d.]+% done; snapshot of .+); PCA of 1,000 words\.$/;
    await expect.poll(() => ui.status.textContent(), { timeout: 120_000, interval: 500 }).toMatch(line);
    const first = line.exec((await ui.status.textContent())!)![1];
    expect((await ui.pixels()).ink).toBeGreaterThan(500);
    // A later snapshot (after the next batch) replaces the map.
    parked = await parkAt(page, { point: 'train-batch', saved: true });
    await release(page);
    await parked();
    await expect
      .poll(async () => line.exec((await ui.status.textContent()) ?? '')?.[1], { timeout: 60_000, interval: 500 })
      .not.toBe(first);

    // Stop following (the map holds still), then search and click: neighbours come from the
    // running training's latest snapshot.
    await ui.card.getByLabel(/Follow training/).uncheck();
    await expect
      .poll(() => ui.status.textContent())
      .toMatch(/^Not following training: the map shows the snapshot of .+ \(epoch \d+ \/ 2\)\.$/);
    await ui.card.getByTestId('map-search').fill('ba');
    await ui.card.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => ui.card.getByTestId('map-note').textContent()).toMatch(/^ba: rank 1, [\d,]+ occurrences$/);
    const c = await centre();
    await page.mouse.click(c.x, c.y);
    const near = page.getByTestId('map-neighbours');
    await near.waitFor();
    expect((await near.textContent())!.replace(/\s+/g, ' ')).toMatch(
      /^ ?ba — nearest neighbours \(cosine similarity, live snapshot; 1 = the same direction\)/,
    );
    expect(await near.locator('li').count()).toBe(10);

    await page.locator('#tab-train').click();
    await train.getByRole('button', { name: 'Stop', exact: true }).click();
    await release(page);
    await expect.poll(() => train.getByRole('button', { name: 'Start', exact: true }).isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(problems).toEqual([]);
  });
});
