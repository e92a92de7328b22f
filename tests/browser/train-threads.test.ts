// The threaded CPU trainer in real Chromium on the dev server (cross-origin isolated by its
// COOP/COEP headers): it trains as well as one thread (loss within tolerance: Hogwild's update
// order differs, so not bit for bit), refuses a bad thread count before anything starts, stops a
// run whose thread dies with a clear message and keeps its checkpoint (which continues), pauses
// between batches; a page that is not isolated trains on one thread and says why; and the app's
// cross-origin fetches (a corpus URL, a vectors URL, the HN search API) still work under COEP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoLab, startFileServer, type FileServer } from '../../scripts/harness';
import { labSession, callOn, type LabSession } from './lab';
import { killThread, parkAt, release, usePace } from './pace';
import { seedCorpora } from './corpus-page';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import type { EngineEvent } from '../../workers/protocol';
import type { LabWindow } from '../../src/lab/lab-page';
import { threadsLabel } from '../../workers/train/threaded-trainer';
import { CPU_WASM } from '../../workers/train/trainer';
import { ISOLATION_HEADERS } from '../../scripts/isolation';
import { startHnReplay, syntheticStories, type ReplayServer } from '../hn-api-replay';

type SpyWindow = { __notices: string[]; __losses: number[]; labEvent(e: EngineEvent): void; labProgress(t: string, p: unknown): void };

let s: LabSession;
let files: FileServer;
let api: ReplayServer;
const small: TrainSettings = { ...defaultTrainSettings(), dim: 32, epochs: 2, minCount: 3 };

/** Opens the lab page and records the engine's notices and every loss point of a run. */
async function openLabPage(): Promise<void> {
  await gotoLab(s.page, s.appUrl);
  await s.page.evaluate(() => {
    const w = window as unknown as SpyWindow;
    w.__notices = [];
    w.__losses = [];
    w.labEvent = (e) => void (e.type === 'notice' && w.__notices.push(e.message));
    w.labProgress = (_t, p) => void w.__losses.push(...((p as { loss?: number[] }).loss ?? []));
  });
}
const spy = (): Promise<{ notices: string[]; losses: number[] }> =>
  s.page.evaluate(() => {
    const w = window as unknown as SpyWindow;
    return { notices: w.__notices, losses: w.__losses };
  });
const cancelAll = (): Promise<void> => s.page.evaluate(() => (window as unknown as LabWindow).lab.cancelAll());
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  files = await startFileServer();
  api = await startHnReplay(syntheticStories(300, Date.UTC(2016, 2, 10, 12) / 1000));
  s = await labSession({ noWebGpu: true });
  await usePace(s.context);
  await seedCorpora(s.page, s.appUrl, [
    { id: 'brown', sampleChars: 1_500_000, minCount: 3 },
    { id: 'synth', tokens: 300_000, vocab: 3000 },
  ]);
  await openLabPage();
}, 180_000);
afterAll(async () => {
  await s?.close();
  await files?.close();
  await api?.close();
});

describe('cross-origin isolation on the dev server', () => {
  it('sends COOP and COEP; the page and the engine worker are crossOriginIsolated', async () => {
    const res = await fetch(s.appUrl);
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) expect(res.headers.get(k)).toBe(v);
    expect(await s.page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  it('cross-origin fetches under COEP: a corpus URL, a vectors URL and the HN search API on another origin (CORS)', async () => {
    expect(new URL(files.url).origin).not.toBe(new URL(s.appUrl).origin);
    const corpusUrl = files.add('xo/corpus.txt', { body: 'the cat sat on the mat '.repeat(400), contentType: 'text/plain' });
    const ing = await s.ok('ingest', { source: { kind: 'url', url: corpusUrl }, settings: { minCount: 1 } });
    expect(ing.manifest.tokens).toBe(2400);
    const vecUrl = files.add('xo/toy.vec', { body: '2 3\ncat 1 0 0\nmat 0 1 0\n', contentType: 'text/plain' });
    const vec = await s.ok('importVectors', { url: vecUrl, name: 'toy' });
    expect(vec.manifest.vocabSize).toBe(2);
    const to = Date.UTC(2016, 2, 10, 12) / 1000;
    const hn = await s.ok('hnFetch', { from: to - 30 * 86400, to, count: 50, apiBase: api.apiBase, hitsPerPage: 50 });
    expect(hn.manifest.rows).toBeGreaterThan(0);
  }, 120_000);
});

describe('threaded trainer', () => {
  it('two threads train as well as one: same pairs schedule, final loss within 3%', async () => {
    const one = await s.ok('train', { corpusId: 'brown', settings: small, trainer: 'cpu', noScore: true });
    const oneLosses = (await spy()).losses.splice(0);
    await openLabPage();
    const two = await s.ok('train', { corpusId: 'brown', settings: small, trainer: 'threads', threads: 2, noScore: true });
    const twoLosses = (await spy()).losses;
    expect(one.adapter).toBe(CPU_WASM);
    expect(two.adapter).toBe(threadsLabel(2));
    // The same batches (the plan is the one-thread path's), so as many loss points (the last report
    // waits for the batches still queued on the threads); the curve's last tenth and the final loss
    // agree within Hogwild's noise.
    expect(twoLosses.length).toBe(oneLosses.length);
    const tail = Math.max(3, Math.floor(oneLosses.length / 10));
    expect(Math.abs(mean(twoLosses.slice(-tail)) - mean(oneLosses.slice(-tail))) / mean(oneLosses.slice(-tail))).toBeLessThan(0.03);
    expect(Math.abs(two.finalLoss - one.finalLoss) / one.finalLoss).toBeLessThan(0.03);
    expect(two.finalLoss).toBeLessThan(oneLosses[0]); // it learnt
    expect(Math.abs(two.pairsPerSec * two.seconds - one.pairsPerSec * one.seconds) / (one.pairsPerSec * one.seconds)).toBeLessThan(1e-9);
  }, 300_000);

  it('the default (auto without WebGPU) is the faster of the CPU path on navigator.hardwareConcurrency threads and on one', async () => {
    await openLabPage();
    const cores = await s.page.evaluate(() => navigator.hardwareConcurrency);
    const r = await s.ok('train', { corpusId: 'synth', settings: { ...small, epochs: 1, dim: 8 }, noScore: true });
    // One core: one candidate, nothing to measure; else both timed (train-calibrate.test.ts) and the faster ran.
    if (cores === 1) expect(r.adapter).toBe(CPU_WASM);
    else {
      expect(r.calibration?.trainers.map((t) => t.label)).toEqual([`CPU ${cores} threads`, 'CPU 1 thread']);
      expect(r.adapter).toBe(r.calibration?.chosen === 'CPU 1 thread' ? CPU_WASM : threadsLabel(cores));
    }
  }, 300_000);

  it('refuses threads 0, a fraction and more than cores × 4 before anything starts', async () => {
    await openLabPage();
    const cores = await s.page.evaluate(() => navigator.hardwareConcurrency);
    const runsBefore = (await s.ok('runsList', {})).length;
    for (const threads of [0, 1.5, cores * 4 + 1]) {
      const r = await s.call('train', { corpusId: 'synth', settings: small, trainer: 'threads', threads });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/bad settings: threads must be (between 1 and \d+|a whole number)/);
    }
    expect((await s.ok('runsList', {})).length).toBe(runsBefore); // no run was recorded
    expect((await spy()).losses).toEqual([]);
  }, 120_000);

  it('a thread that dies mid-run stops the run with a clear message; its last checkpoint is kept and continues', async () => {
    await openLabPage();
    const settings = { ...small, epochs: 3, dim: 16 };
    // Parked at a batch after a checkpoint was stored (checkpoints at every report); then a thread dies.
    const parked = await parkAt(s.page, { point: 'train-batch', saved: true });
    const running = s.call('train', { corpusId: 'synth', settings, trainer: 'threads', threads: 2, checkpointSeconds: 0 });
    await parked();
    await killThread(s.page);
    await release(s.page);
    const r = await running;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/training thread 2 stopped .*the run was stopped\. Its last checkpoint is kept/);
    const cp = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')!;
    expect(cp.fraction).toBeGreaterThan(0);
    expect(cp.fraction).toBeLessThan(1);
    const resumed = await s.ok('train', {
      corpusId: 'synth',
      settings,
      runId: cp.runId,
      resume: true,
      trainer: 'threads',
      threads: 2,
      noScore: true,
    });
    expect(resumed.adapter).toBe(threadsLabel(2));
    expect(resumed.stoppedEarly).toBeUndefined();
    expect((await s.ok('trainCheckpoints', {})).find((c) => c.runId === cp.runId)).toBeUndefined();
  }, 300_000);

  it('Pause with two threads lands between batches: a checkpoint to continue', async () => {
    await openLabPage();
    const settings = { ...small, epochs: 3, dim: 16 };
    const parked = await parkAt(s.page, { point: 'train-batch', after: 2 });
    const running = s.call('train', { corpusId: 'synth', settings, trainer: 'threads', threads: 2 });
    await parked();
    await cancelAll();
    await release(s.page);
    const r = await running;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('cancelled');
    const cp = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')!;
    expect(cp.fraction).toBeGreaterThan(0);
    expect((await s.ok('trainDiscard', { runId: cp.runId })).removed).toBe(true);
  }, 300_000);

  it('Pause during a running batch with 2 and 4 threads: answered with a checkpoint (the wait is printed as a figure)', async () => {
    await openLabPage();
    // 200 epochs of 300k words: minutes of training by construction, so the run is mid-batch when
    // the pause comes (released from its park right before it).
    const settings = { ...small, epochs: 200, dim: 100 };
    for (const threads of [2, 4]) {
      const parked = await parkAt(s.page, { point: 'train-batch', after: 2 });
      const running = s.call('train', { corpusId: 'synth', settings, trainer: 'threads', threads });
      await parked();
      await release(s.page);
      const t0 = Date.now();
      await cancelAll();
      const r = await running;
      const pauseMs = Date.now() - t0;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('cancelled');
      const cp = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')!;
      expect(cp.fraction).toBeGreaterThan(0);
      expect(cp.fraction).toBeLessThan(0.5);
      console.log(JSON.stringify({ pauseWithThreads: { threads, dim: settings.dim, pauseMs, fraction: cp.fraction } }));
      expect((await s.ok('trainDiscard', { runId: cp.runId })).removed).toBe(true);
    }
  }, 300_000);
});

describe('a page that is not cross-origin isolated', () => {
  it('trains on one thread and a notice says why', async () => {
    // The same server, with the isolation headers taken off on the way (the page is not isolated).
    const context = await s.browser.newContext();
    await context.route('**/*', async (route) => {
      const res = await route.fetch();
      const headers = { ...res.headers() };
      for (const k of Object.keys(ISOLATION_HEADERS)) delete headers[k.toLowerCase()];
      await route.fulfill({ response: res, headers });
    });
    const page = await context.newPage();
    await seedCorpora(page, s.appUrl, [{ id: 'synth', tokens: 30_000, vocab: 500 }]);
    await gotoLab(page, s.appUrl);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.evaluate(() => {
      const w = window as unknown as SpyWindow;
      w.__notices = [];
      w.labEvent = (e) => void (e.type === 'notice' && w.__notices.push(e.message));
    });
    const r = await callOn(page)('train', { corpusId: 'synth', settings: { ...small, epochs: 1, dim: 8 }, trainer: 'threads', threads: 2 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.result.adapter).toBe(CPU_WASM);
    const notices = await page.evaluate(() => (window as unknown as SpyWindow).__notices);
    expect(notices.some((n) => /Training on one thread instead of 2: this page is not cross-origin isolated/.test(n))).toBe(true);

    // One thread trains on the engine thread here, and on a training thread of its own on an
    // isolated page: the same chunks in the same order, so the same run to the last bit.
    // (The loss is summed per chunk there, per batch here: equal up to float64 rounding.)
    const args = { settings: { ...small, epochs: 2, dim: 16 }, trainer: 'cpu' as const, watch: ['ba', 'bb', 'bc', 'bd'], noScore: true };
    const here = await callOn(page)('train', { corpusId: 'synth', ...args });
    await context.close();
    await seedCorpora(s.page, s.appUrl, [{ id: 'synth-30k', tokens: 30_000, vocab: 500 }]);
    await openLabPage();
    const isolated = await s.ok('train', { corpusId: 'synth-30k', ...args });
    expect(here.ok).toBe(true);
    if (!here.ok) return;
    expect([here.result.adapter, isolated.adapter]).toEqual([CPU_WASM, CPU_WASM]);
    expect(here.result.neighbours?.[0].near.length).toBeGreaterThan(0);
    expect(isolated.neighbours).toEqual(here.result.neighbours);
    expect(Math.abs(isolated.finalLoss - here.result.finalLoss) / here.result.finalLoss).toBeLessThan(1e-9);
  }, 300_000);
});
