// A full disk while training, in a real Chromium whose profile lives on a small tmpfs:
// checkpoints that cannot be written leave the earlier one intact and training goes on
// (the user is told once); the final save fails with "storage is full", leaves no partial
// vector set, and keeps the checkpoint and the vectors stored before. Freeing space, the
// run continues from that checkpoint.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchOnSmallDisk, gotoLab } from '../../scripts/harness';
import { callOn } from './lab';
import { parkAt, release, usePace } from './pace';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import type { TrainProgress } from '../../workers/train/commands';
import type { EngineEvent } from '../../workers/protocol';
import type { LabWindow } from '../../src/lab/lab-page';
import { seedCorpora } from './corpus-page';

type SpyWindow = {
  __progress: TrainProgress[];
  __events: EngineEvent[];
  labProgress(t: string, p: unknown): void;
  labEvent(e: EngineEvent): void;
};
const small: TrainSettings = { ...defaultTrainSettings(), dim: 16, epochs: 1, minCount: 1 };

describe('storage full while training (small tmpfs profile)', () => {
  let disk: Awaited<ReturnType<typeof launchOnSmallDisk>>;
  let page: Page;
  let call: ReturnType<typeof callOn>;
  const ok = async <T>(p: Promise<{ ok: true; result: T } | { ok: false; error: { message: string } }>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(r.error.message);
    return r.result;
  };

  beforeAll(async () => {
    disk = await launchOnSmallDisk(64);
    await usePace(disk.context);
    page = await disk.context.newPage();
    const appUrl = inject('appUrl');
    await seedCorpora(page, appUrl, [{ id: 'synth', tokens: 100_000, vocab: 3000 }]);
    await gotoLab(page, appUrl);
    await page.evaluate(() => {
      const w = window as unknown as SpyWindow;
      w.__progress = [];
      w.__events = [];
      w.labProgress = (_t, p) => w.__progress.push(p as TrainProgress);
      w.labEvent = (e) => w.__events.push(e);
    });
    call = callOn(page);
  }, 240_000);
  afterAll(async () => {
    await disk?.close();
  });

  it('checkpoints and the final save fail cleanly; what was stored stays readable; freeing space lets the run finish', async () => {
    // Vectors stored before the disk fills up.
    const earlier = await ok(call('train', { corpusId: 'synth', trainer: 'gpu', settings: small }));
    // A paused run with a checkpoint.
    // 400 k words: 4 GPU batches (131 k words each). Parked before its first, paused there: the
    // pause lands after that batch, and the resumed run has 3 batches left, each checkpointed.
    const settings = { ...small, epochs: 4 };
    await page.evaluate(() => ((window as unknown as SpyWindow).__progress = []));
    const parked = await parkAt(page, { point: 'train-batch' });
    const running = call('train', { corpusId: 'synth', trainer: 'gpu', settings });
    await parked();
    await page.evaluate(() => (window as unknown as LabWindow).lab.cancelAll());
    await release(page);
    expect((await running).ok).toBe(false);
    const cp = (await ok(call('trainCheckpoints', {}))).find((c) => c.corpusId === 'synth')!;
    expect(cp.fraction).toBeGreaterThan(0);
    expect(cp.fraction).toBeLessThan(1); // work left, so the resumed run checkpoints

    // A checkpoint is 2 × ~3000 × 16 floats = 384 kB, the vectors 192 kB: neither fits.
    disk.fill(100_000);
    await page.evaluate(() => ((window as unknown as SpyWindow).__progress = []));
    const r = await call('train', { corpusId: 'synth', trainer: 'gpu', settings, resume: true, checkpointSeconds: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('quota');
      expect(r.error.message).toMatch(/storage is full: the trained vectors could not be saved/);
      expect(r.error.message).toContain(`last checkpoint (${(cp.fraction * 100).toFixed(1)}% done) is kept`);
    }
    const events = await page.evaluate(() => (window as unknown as SpyWindow).__events);
    const full = events.filter((e) => e.type === 'notice' && /Checkpoint not saved: browser storage is full/.test(e.message));
    expect(full).toHaveLength(1); // told once, not at every checkpoint
    const phases = (await page.evaluate(() => (window as unknown as SpyWindow).__progress)).map((p) => p.phase);
    expect(phases[phases.length - 1]).toBe('saving'); // training went on to the end

    // The checkpoint is the one from before; the earlier vectors are whole; no partial set.
    const after = (await ok(call('trainCheckpoints', {}))).find((c) => c.corpusId === 'synth')!;
    expect(after.savedAt).toBe(cp.savedAt);
    expect(after.fraction).toBe(cp.fraction);
    const sets = await ok(call('exploreList', {}));
    expect(sets.map((m) => m.id)).toEqual([earlier.vectorsId]);
    const n = await ok(call('exploreNeighbours', { vectorsId: earlier.vectorsId, word: 'ba', k: 3 }));
    expect(n.neighbours).toHaveLength(3);

    // Space freed: the run continues from that checkpoint and saves.
    disk.unfill();
    await page.evaluate(() => ((window as unknown as SpyWindow).__progress = []));
    const done = await ok(call('train', { corpusId: 'synth', trainer: 'gpu', settings, resume: true }));
    const first = (await page.evaluate(() => (window as unknown as SpyWindow).__progress)).find((p) => p.phase === 'training')!;
    expect(first.fraction).toBeGreaterThanOrEqual(cp.fraction);
    expect(done.vocab).toBe(earlier.vocab);
    expect((await ok(call('exploreList', {}))).map((m) => m.id).sort()).toEqual([earlier.vectorsId, done.vectorsId].sort());
  }, 400_000);
});
