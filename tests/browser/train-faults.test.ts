// Faults of a training run in real Chromium: a learning rate far too high (NaN or an
// exploding loss) stops the run with a message naming the cause and keeps the last good
// checkpoint; Stop keeps the vectors trained so far (running or paused) as a set that
// Explore opens, marked as stopped early.
import { gotoLab } from '../../scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import { parkAt, release, usePace } from './pace';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import type { TrainProgress } from '../../workers/train/commands';
import type { LabWindow } from '../../src/lab/lab-page';
import { explodedLossPerPair } from '../../workers/train/health';
import { seedCorpora } from './corpus-page';

type SpyWindow = { __progress: TrainProgress[]; labProgress(t: string, p: unknown): void };

let s: LabSession;
// 600 k words: about 5 GPU batches (131 k words each); runs are parked after the first to act mid-run.
const small: TrainSettings = { ...defaultTrainSettings(), dim: 16, epochs: 3, minCount: 1 };

/** Letters-only word for id i ("ba", "bb", …). */
const word = (i: number): string => {
  let out = '';
  for (let n = i + 26; n > 0; n = Math.floor(n / 26)) out = String.fromCharCode(97 + (n % 26)) + out;
  return out;
};

async function openLabPage(): Promise<void> {
  await gotoLab(s.page, s.appUrl);
  await s.page.evaluate(() => {
    const w = window as unknown as SpyWindow;
    w.__progress = [];
    w.labProgress = (_t, p) => w.__progress.push(p as TrainProgress);
  });
}
const cancelAll = (): Promise<void> => s.page.evaluate(() => (window as unknown as LabWindow).lab.cancelAll());

/** The set exported as .vec, parsed: header and whether every value is a finite number. */
async function readVec(vectorsId: string): Promise<{ header: string; rows: number; finite: boolean }> {
  const text = await s.page.evaluate(async (id) => {
    const r = await (window as unknown as LabWindow).lab.client.call('exportVectors', { vectorsId: id, format: 'vec' });
    return r.files![0].blob.text();
  }, vectorsId);
  const lines = text.trim().split('\n');
  const values = lines.slice(1).flatMap((l) => l.split(' ').slice(1).map(Number));
  return { header: lines[0], rows: lines.length - 1, finite: values.every((v) => Number.isFinite(v)) };
}

beforeAll(async () => {
  s = await labSession();
  await usePace(s.context);
  // 'climb': 2000 words in random order (1 sentence = 10,000 words = one CPU batch): at a
  // constant learning rate of 0.35 the loss climbs for a few batches, then explodes (0.3 trains on;
  // 0.4 explodes in the first batch, before any checkpoint; one thread is deterministic).
  let x = 5;
  const ids = Array.from({ length: 200_000 }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), (x >>> 8) % 2000));
  await seedCorpora(s.page, s.appUrl, [
    { id: 'synth', tokens: 200_000, vocab: 3000 },
    { id: 'climb', text: ids.map(word).join(' '), minCount: 1 },
  ]);
  await openLabPage();
}, 180_000);
afterAll(() => s?.close());

describe('a diverging run', () => {
  it('alpha 1 on the GPU: stops with a message naming the learning rate; an earlier checkpoint stays as it was', async () => {
    const parked = await parkAt(s.page, { point: 'train-batch', after: 1 });
    const running = s.call('train', { corpusId: 'synth', trainer: 'gpu', settings: small });
    await parked();
    await cancelAll();
    await release(s.page);
    expect((await running).ok).toBe(false);
    const before = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')!;
    expect(before.fraction).toBeGreaterThan(0);
    expect(before.fraction).toBeLessThan(1);

    const r = await s.call('train', { corpusId: 'synth', trainer: 'gpu', settings: { ...small, alpha: 1 }, checkpointSeconds: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/NaN|exploded/);
      expect(r.error.message).toMatch(/diverged/);
      expect(r.error.message).toMatch(/learning rate \(alpha 1\) is probably too high/);
    }
    const after = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')!;
    expect(after.savedAt).toBe(before.savedAt);
    expect(after.fraction).toBe(before.fraction);
    expect((await s.ok('trainDiscard', { corpusId: 'synth' })).removed).toBe(true);
  }, 300_000);

  it('mid-run divergence keeps its own last good checkpoint, whose vectors can still be saved', async () => {
    await openLabPage();
    const settings = { ...small, epochs: 1, sample: 0, alpha: 0.35, minAlpha: 0.35 };
    const r = await s.call('train', { corpusId: 'climb', settings, checkpointSeconds: 0, trainer: 'cpu' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/exploded.*diverged.*alpha 0\.35.*last good checkpoint \(\d+\.\d% done\) is kept/s);
    const cp = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'climb')!;
    expect(cp).toBeDefined();
    expect(cp.fraction).toBeGreaterThan(0);
    expect(cp.fraction).toBeLessThan(1);
    expect(cp.lossHistory.length).toBeGreaterThan(0);
    for (const l of cp.lossHistory) expect(l).toBeLessThanOrEqual(explodedLossPerPair(settings.negative));

    const stop = await s.ok('trainStop', { corpusId: 'climb' });
    expect(stop.running).toBe(false);
    expect(stop.result!.stoppedEarly!.fraction).toBe(cp.fraction);
    const vec = await readVec(stop.result!.vectorsId);
    expect(vec.header).toBe('2000 16');
    expect(vec.finite).toBe(true);
    expect((await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'climb')).toBeUndefined();
  }, 300_000);
});

describe('Stop', () => {
  it('mid-run: the vectors so far become a set marked as stopped early that Explore opens', async () => {
    await openLabPage();
    const parked = await parkAt(s.page, { point: 'train-batch', after: 1 });
    const running = s.call('train', { corpusId: 'synth', trainer: 'gpu', settings: small });
    await parked();
    expect(await s.ok('trainStop', { corpusId: 'synth' })).toEqual({ running: true });
    await release(s.page);
    const r = await running;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const st = r.result.stoppedEarly!;
    expect(st.fraction).toBeGreaterThan(0); // the parked batch, trained after the release, then Stop
    expect(st.fraction).toBeLessThan(1);
    expect(st.epoch).toBe(Math.floor(st.fraction * small.epochs));
    expect(Number.isFinite(r.result.finalLoss)).toBe(true);

    const set = (await s.ok('exploreList', {})).find((m) => m.id === r.result.vectorsId)!;
    expect(set.name).toMatch(/stopped early at \d+\.\d% \(epoch \d+ of 3\)/);
    expect(set.details?.stoppedEarly).toBe(true);
    expect(set.details?.fractionDone).toBe(st.fraction);
    const n = await s.ok('exploreNeighbours', { vectorsId: set.id, word: 'ba', k: 5 });
    expect(n.neighbours).toHaveLength(5);
    expect((await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')).toBeUndefined();
  }, 300_000);

  it('paused: the checkpoint becomes the set; pause does not lose the run before that', async () => {
    await openLabPage();
    const parked = await parkAt(s.page, { point: 'train-batch', after: 1 });
    const running = s.call('train', { corpusId: 'synth', trainer: 'gpu', settings: small });
    await parked();
    await cancelAll();
    await release(s.page);
    expect((await running).ok).toBe(false);
    const cp = (await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')!;
    const stop = await s.ok('trainStop', { corpusId: 'synth' });
    expect(stop.running).toBe(false);
    expect(stop.result!.stoppedEarly!.fraction).toBe(cp.fraction);
    const vec = await readVec(stop.result!.vectorsId);
    expect(vec.header).toBe('3000 16');
    expect(vec.rows).toBe(3000);
    expect(vec.finite).toBe(true);
    expect((await s.ok('trainCheckpoints', {})).find((c) => c.corpusId === 'synth')).toBeUndefined();
    const again = await s.call('trainStop', { corpusId: 'synth' });
    expect(again.ok).toBe(false); // nothing left to stop
  }, 300_000);
});
