// The text8-prefix benchmark (TRAIN_BENCH=1 only; minutes on SwiftShader): default
// settings, 5 epochs, analogy accuracy and export of out.vec to TRAIN_BENCH_OUT.
// The corpus is written by the test page (not ingest) so this runs on its own.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import { startFileServer, type FileServer } from '../../scripts/harness';
import { sharedData } from '../shared-data';
import { defaultTrainSettings } from '../../workers/settings';
import type { CorpusManifest } from '../../workers/corpus/format';

const on = process.env.TRAIN_BENCH === '1';
let s: LabSession;
let files: FileServer;
beforeAll(async () => {
  if (!on) return;
  s = await labSession({ adapter: process.env.TRAIN_BENCH_ADAPTER === 'default' ? 'default' : 'swiftshader' });
  files = await startFileServer();
}, 60_000);
afterAll(async () => {
  await s?.close();
  await files?.close();
});

it.skipIf(!on)('text8-prefix: defaults, 5 epochs', async () => {
  const zipUrl = files.serveFile(sharedData('text8-prefix.zip'));
  const qUrl = files.serveFile(sharedData('questions-words.txt'));
  await s.page.goto(`${s.appUrl}tests/browser/pages/train-corpus.html`);
  await s.page.waitForFunction(() => 'saveZipCorpus' in window);
  const m = (await s.page.evaluate(
    ([u]) => (window as unknown as { saveZipCorpus: (i: string, u: string, m: number) => Promise<CorpusManifest> }).saveZipCorpus('text8p', u, 5),
    [zipUrl] as const,
  )) as CorpusManifest;
  await s.page.goto(`${s.appUrl}lab.html`);
  await s.page.waitForFunction(() => (window as unknown as { labReady?: boolean }).labReady === true);
  s.page.on('console', (msg) => console.error('[page]', msg.text()));
  const settings = { ...defaultTrainSettings(), epochs: Number(process.env.TRAIN_BENCH_EPOCHS ?? 5) };
  const r = await s.ok('train', { corpusId: m.id, settings });
  const out = process.env.TRAIN_BENCH_OUT ?? '/tmp/train-bench.vec';
  await s.ok('exportVectors', { vectorsId: r.vectorsId, format: 'vec', putUrl: files.allowUpload('bench.vec', out) });
  await s.ok('exportVectors', { vectorsId: r.vectorsId, format: 'bin', putUrl: files.allowUpload('bench.bin', out.replace(/\.vec$/, '.bin')) });
  const a = await s.ok('trainEvalAnalogies', { vectorsId: r.vectorsId, questionsUrl: qUrl });
  const line = { words: r.words, vocab: r.vocab, epochs: r.epochs, seconds: r.seconds, wordsPerSec: r.wordsPerSec, pairsPerSec: r.pairsPerSec, finalLoss: r.finalLoss, adapter: r.adapter, analogy: a.accuracy, asked: a.asked };
  console.log(JSON.stringify(line));
  expect(a.accuracy).toBeGreaterThanOrEqual(0.08);
}, 3_600_000);
