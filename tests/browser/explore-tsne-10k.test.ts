// t-SNE at the size the Map promises: a 10,000-word layout of real vectors (text8-prefix,
// 22,541 words at min-count 5, trained here 1 epoch at dim 100, so the rows are reduced to 50
// dimensions by PCA first), through the engine and its t-SNE worker, ends with 10,000 finite
// points. About 1.5-5 minutes of both cores on this machine; it prints {"tsne10k": …} (seconds to
// the affinities, to the first layout iteration, in all) as a figure, never asserted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import { startFileServer, type FileServer } from '../../scripts/harness';
import { describeWithData, sharedData } from '../shared-data';
import { defaultTrainSettings } from '../../workers/settings';

describeWithData(['text8-prefix.zip'], 't-SNE of 10,000 real word vectors', () => {
  let s: LabSession;
  let fs: FileServer;
  beforeAll(async () => {
    fs = await startFileServer();
    s = await labSession();
  });
  afterAll(async () => {
    await s?.close();
    await fs?.close();
  });

  it('text8-prefix vectors (dim 100), 10,000 words: PCA to 50, 500 iterations, timed', async () => {
    const url = fs.add('text8-prefix.zip', { path: sharedData('text8-prefix.zip') });
    const corpus = await s.ok('ingest', { source: { kind: 'url', url }, settings: { minCount: 5 } });
    const trained = await s.ok('train', {
      corpusId: corpus.manifest.id,
      settings: { ...defaultTrainSettings(), dim: 100, epochs: 1, minCount: 5 },
      noScore: true,
    });
    // When each phase first reports, in page milliseconds.
    await s.page.evaluate(() => {
      const w = window as unknown as { labProgress(t: string, p: { phase?: string }): void; tsneMarks: Record<string, number> };
      w.tsneMarks = {};
      w.labProgress = (t, p) => {
        if (t === 'mapTsne' && p.phase && !(p.phase in w.tsneMarks)) w.tsneMarks[p.phase] = performance.now();
      };
    });
    const t0 = await s.page.evaluate(() => performance.now());
    const r = await s.ok('mapTsne', { vectorsId: trained.vectorsId, n: 10_000 });
    const t1 = await s.page.evaluate(() => performance.now());
    const marks = await s.page.evaluate(() => (window as unknown as { tsneMarks: Record<string, number> }).tsneMarks);
    const sec = (t: number | undefined): number | undefined => (t === undefined ? undefined : +((t - t0) / 1000).toFixed(1));
    const figures = {
      n: r.words.length,
      vocab: r.vocabSize,
      dim: 100,
      reducedFrom: r.reducedFrom,
      iterations: r.iterations,
      affinitiesStartS: sec(marks.affinities),
      firstLayoutS: sec(marks.layout),
      totalS: sec(t1),
      workerS: +(r.ms / 1000).toFixed(1),
    };
    console.log(JSON.stringify({ tsne10k: figures }));
    expect(r.words).toHaveLength(10_000);
    expect(r.vocabSize).toBe(22_541);
    expect(r.reducedFrom).toBe(100);
    expect(r.iterations).toBe(500);
    expect(r.coords.length).toBe(20_000);
    expect(Array.from(r.coords).every(Number.isFinite)).toBe(true);
  }, 900_000);
});
