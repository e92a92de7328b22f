// The engine's train command in real Chromium (SwiftShader): bad settings, a corpus too
// small, pause → reload → resume continuing the same run, a lost GPU device, and
// training going on with the tab in the background.
import { gotoLab } from '../../scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import { parkAt, release, usePace } from './pace';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import type { TrainProgress } from '../../workers/train/commands';
import type { EngineEvent } from '../../workers/protocol';
import { seedCorpora } from './corpus-page';

interface Spy {
  progress: TrainProgress[];
  events: EngineEvent[];
}
type SpyWindow = { __spy: Spy; labProgress(t: string, p: unknown): void; labEvent(e: EngineEvent): void; labReady?: boolean };

let s: LabSession;
const small: TrainSettings = { ...defaultTrainSettings(), dim: 16, epochs: 3, minCount: 1, sample: 1e-3 };

async function openLabPage(): Promise<void> {
  await gotoLab(s.page, s.appUrl);
  await s.page.evaluate(() => {
    const w = window as unknown as SpyWindow;
    w.__spy = { progress: [], events: [] };
    w.labProgress = (_t, p) => w.__spy.progress.push(p as TrainProgress);
    w.labEvent = (e) => w.__spy.events.push(e);
  });
}
const spy = (): Promise<Spy> => s.page.evaluate(() => (window as unknown as SpyWindow).__spy);
/** Starts train without waiting; returns a handle on its outcome. */
function startTrain(args: Parameters<LabSession['call']>[1] & object): Promise<unknown> {
  return s.call('train', args as never);
}

beforeAll(async () => {
  s = await labSession();
  await usePace(s.context);
  await seedCorpora(s.page, s.appUrl, [
    { id: 'synth', tokens: 200_000, vocab: 3000 },
    { id: 'tiny', text: 'one two three', minCount: 1 },
  ]);
  await openLabPage();
}, 180_000);
afterAll(() => s?.close());

describe('train command', () => {
  it.each([
    [{ dim: 0 }, /dim/],
    [{ window: 0 }, /window/],
    [{ negative: 51 }, /negative/],
    [{ alpha: NaN }, /alpha/],
  ])('rejects %o before starting', async (bad, msg) => {
    const r = await s.call('train', { corpusId: 'synth', trainer: 'gpu', settings: { ...small, ...bad } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(msg);
    expect((await spy()).progress.length).toBe(0);
  });

  it('refuses a corpus too small for the window', async () => {
    const r = await s.call('train', { corpusId: 'tiny', settings: small });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/too small/);
  });

  // Parked after 2 batches (CPU: 16 k words, GPU: 131 k; 600 k words in all): Pause lands mid-run on any machine.
  it.each([
    ['gpu', /swiftshader/i],
    ['cpu', /^cpu · WebAssembly SIMD$/],
  ] as const)(
    'pause → reload → resume continues the same run from its checkpoint (trainer %s)',
    async (trainer, adapter) => {
      await openLabPage();
      const parked = await parkAt(s.page, { point: 'train-batch', after: 2 });
      const running = startTrain({ corpusId: 'synth', trainer, settings: small });
      const at = await parked();
      await s.page.evaluate(() => (window as unknown as { lab: { cancelAll(): void } }).lab.cancelAll());
      await release(s.page);
      const paused = (await running) as { ok: boolean; error?: { code?: string } };
      expect(paused.ok).toBe(false);
      expect(paused.error?.code).toBe('cancelled');

      await s.page.reload();
      await openLabPage();
      const cps = await s.ok('trainCheckpoints', {});
      const cp = cps.find((c) => c.corpusId === 'synth');
      expect(cp).toBeDefined();
      expect(cp!.fraction).toBeGreaterThan(at.fraction!); // the batch after the park was trained, then paused
      expect(cp!.fraction).toBeLessThan(1);
      expect(cp!.lossHistory.length).toBeGreaterThan(0);

      const r = await s.ok('train', { corpusId: 'synth', trainer, settings: small, resume: true });
      const first = (await spy()).progress.find((p) => p.phase === 'training')!;
      expect(first.fraction).toBeGreaterThanOrEqual(cp!.fraction); // did not start over
      expect(first.adapter).toMatch(adapter);
      expect(r.adapter).toMatch(adapter);
      expect(r.vocab).toBe(3000);
      expect(Number.isFinite(r.finalLoss)).toBe(true);
      expect(r.finalLoss).toBeLessThan(cp!.lossHistory[0]);
      expect((await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')).toBeUndefined();
    },
    300_000,
  );

  it('the automatic trainer picks the CPU path on a software adapter (SwiftShader), and it learns', async () => {
    await openLabPage();
    const info = await s.ok('hello', {});
    expect(info.webgpu).toBe(true);
    expect(info.software).toBe(true);
    const r = await s.ok('train', { corpusId: 'synth', settings: { ...small, epochs: 2 } });
    expect(r.adapter).toMatch(/^cpu · WebAssembly SIMD( · \d+ threads)?$/); // on one thread per core
    expect(r.finalLoss).toBeLessThan(0.9 * (1 + small.negative) * Math.LN2);
  }, 300_000);

  it('a lost GPU device resumes from the last checkpoint', async () => {
    await openLabPage();
    // A checkpoint after every batch; the run is parked once one is stored, and loses its device there.
    const parked = await parkAt(s.page, { point: 'train-batch', saved: true });
    const running = startTrain({ corpusId: 'synth', trainer: 'gpu', settings: small, checkpointSeconds: 0 });
    const at = await parked();
    expect(at.saved).toBeGreaterThan(0);
    expect((await s.ok('trainTestLoseDevice', {})).destroyed).toBe(true);
    await release(s.page);
    const r = (await running) as { ok: boolean; error?: { message: string } };
    expect(r.error?.message).toBeUndefined();
    expect(r.ok).toBe(true);
    const notices = (await spy()).events.filter((e) => e.type === 'notice').map((e) => (e.type === 'notice' ? e.message : ''));
    expect(notices.some((m) => /lost/.test(m))).toBe(true);
  }, 300_000);

  it('keeps training while the tab is hidden', async () => {
    await openLabPage();
    const parked = await parkAt(s.page, { point: 'train-batch', after: 1 });
    const running = startTrain({ corpusId: 'synth', trainer: 'gpu', settings: small });
    const at = await parked();
    expect(at.fraction).toBeLessThan(1);
    // Headless Chromium keeps every tab "visible"; the page is told it is hidden the way
    // a browser tells it, and another tab is put in front. Then the run goes on, to its end.
    const other = await s.context.newPage();
    await other.bringToFront();
    const hidden = await s.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      return document.visibilityState;
    });
    const reportsBefore = (await spy()).progress.length;
    await release(s.page);
    const r = (await running) as { ok: boolean };
    const after = (await spy()).progress.slice(reportsBefore).filter((p) => p.phase === 'training');
    expect(await s.page.evaluate(() => document.visibilityState)).toBe('hidden');
    await other.close();
    expect(hidden).toBe('hidden');
    expect(r.ok).toBe(true);
    expect(after.length).toBeGreaterThan(0); // batches trained and reported while hidden
    // Past where it was parked (on the GPU the last report may trail the end: it counts completed batches).
    expect(after[after.length - 1].fraction).toBeGreaterThan(at.fraction!);
  }, 300_000);
});
