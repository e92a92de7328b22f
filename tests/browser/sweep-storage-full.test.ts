// A full disk in the middle of a sweep, in a real Chromium whose profile lives on a small
// tmpfs: the sweep pauses and says so, the finished run and its record are kept; freed space,
// it resumes and finishes. The disk fills while the second run is parked at a known batch.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchOnSmallDisk, gotoLab } from '../../scripts/harness';
import { callOn } from './lab';
import { parkAt, release, usePace } from './pace';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import { seedCorpora } from './corpus-page';

const small: TrainSettings = { ...defaultTrainSettings(), dim: 16, epochs: 1, minCount: 1 };

describe('storage full during a sweep (small tmpfs profile)', () => {
  let disk: Awaited<ReturnType<typeof launchOnSmallDisk>>;
  let page: Page;
  let call: ReturnType<typeof callOn>;

  beforeAll(async () => {
    disk = await launchOnSmallDisk(64);
    await usePace(disk.context);
    page = await disk.context.newPage();
    const appUrl = inject('appUrl');
    await seedCorpora(page, appUrl, [{ id: 'synth', tokens: 100_000, vocab: 3000 }]);
    await gotoLab(page, appUrl);
    call = callOn(page);
  }, 240_000);
  afterAll(async () => {
    await disk?.close();
  });

  it('pauses the sweep with a message, keeps the finished run, and resumes once space is freed', async () => {
    const parked = await parkAt(page, { point: 'train-batch', match: { sweepIndex: 1 } });
    const running = call('sweepStart', {
      kind: 'w2v',
      text: 'window=2,3,4',
      corpusId: 'synth',
      base: small,
      trainer: 'cpu',
      checkpointSeconds: 0,
    });
    await parked();
    disk.fill(100_000); // neither a checkpoint (384 kB) nor the vectors (192 kB) fit now
    await release(page);
    const r = await running;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error, r.error.message).toMatchObject({ code: 'quota' });
      expect(r.error.message).toMatch(/storage is full: the sweep is paused at run 2 of 3/);
    }
    disk.unfill();
    const list = await call('sweepList', {});
    if (!list.ok) throw new Error(list.error.message);
    const s = list.result[0];
    expect(['paused', 'interrupted']).toContain(s.state);
    expect(s.items[0].state).toBe('done');
    const runs = await call('runsList', {});
    if (!runs.ok) throw new Error(runs.error.message);
    const first = runs.result.find((x) => x.id === s.items[0].runId);
    expect(first?.kind === 'w2v' && first.state).toBe('finished');
    const again = await call('sweepResume', { id: s.id });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.result.sweep.items.map((x) => x.state)).toEqual(['done', 'done', 'done']);
  }, 400_000);
});
