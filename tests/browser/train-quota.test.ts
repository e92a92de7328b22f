// A full storage quota while checkpointing: training goes on, the page gets a notice.
// (Saving the final vectors then fails with a quota error, which the user also sees.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import { defaultTrainSettings } from '../../workers/settings';
import type { CorpusManifest } from '../../workers/corpus/format';
import type { EngineEvent } from '../../workers/protocol';
import type { TrainProgress } from '../../workers/train/commands';

type SpyWindow = { __p: TrainProgress[]; __e: EngineEvent[]; labProgress(t: string, p: unknown): void; labEvent(e: EngineEvent): void; labReady?: boolean };

let s: LabSession;
beforeAll(async () => {
  s = await labSession();
}, 60_000);
afterAll(() => s?.close());

it('checkpoint over quota: training continues and a notice is emitted', async () => {
  await s.page.goto(`${s.appUrl}tests/browser/pages/train-corpus.html`);
  await s.page.waitForFunction(() => 'saveSyntheticCorpus' in window);
  await s.page.evaluate(() =>
    (window as unknown as { saveSyntheticCorpus(id: string, t: number, v: number): Promise<CorpusManifest> }).saveSyntheticCorpus('q', 60_000, 4000),
  );
  const usage = await s.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const origin = new URL(s.appUrl).origin;
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 20_000 });
  await s.page.goto(`${s.appUrl}lab.html`);
  await s.page.waitForFunction(() => (window as unknown as SpyWindow).labReady === true);
  await s.page.evaluate(() => {
    const w = window as unknown as SpyWindow;
    w.__p = [];
    w.__e = [];
    w.labProgress = (_t, p) => w.__p.push(p as TrainProgress);
    w.labEvent = (e) => w.__e.push(e);
  });
  const r = await s.call('train', { corpusId: 'q', settings: { ...defaultTrainSettings(), minCount: 1, dim: 32, epochs: 4 }, checkpointSeconds: 0.2 });
  const { p, e } = await s.page.evaluate(() => ({ p: (window as unknown as SpyWindow).__p, e: (window as unknown as SpyWindow).__e }));
  expect(e.some((x) => x.type === 'notice' && x.level === 'warn' && /storage is full/.test(x.message))).toBe(true);
  expect(p.some((x) => x.phase === 'saving')).toBe(true); // trained to the end
  if (!r.ok) expect(r.error.code).toBe('quota');
}, 300_000);
