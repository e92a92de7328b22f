// The reference trainer (the CPU path) on text8-prefix with the default settings
// (TRAIN_BENCH_CPU=1 only; minutes): writes TRAIN_BENCH_OUT (.vec) and prints the
// words/s, so the algorithm's quality can be checked with gensim's analogy evaluation.
import { it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { sharedData } from '../shared-data';
import { ArraySource, BatchPlanner } from '../../workers/train/plan';
import { buildAliasTable } from '../../workers/train/samplers';
import { initModel, unpad } from '../../workers/train/model';
import { trainBatch } from '../../workers/train/reference';
import { exportFiles } from '../../workers/vectors/write';
import { defaultTrainSettings } from '../../workers/settings';

it.skipIf(process.env.TRAIN_BENCH_CPU !== '1')('text8-prefix on the reference trainer', async () => {
  const s = { ...defaultTrainSettings(), epochs: Number(process.env.TRAIN_BENCH_EPOCHS ?? 5) };
  const zip = unzipSync(readFileSync(sharedData('text8-prefix.zip')));
  const tokens = new TextDecoder().decode(Object.values(zip)[0]).split(' ').filter((w) => w.length > 0);
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vocab = [...counts].filter(([, c]) => c >= s.minCount).sort((a, b) => b[1] - a[1]);
  const ids = new Map(vocab.map(([w], i) => [w, i]));
  const stream = Uint32Array.from(tokens.map((t) => ids.get(t) ?? -1).filter((i) => i >= 0));
  const cnt = vocab.map(([, c]) => c);
  const p = { vocab: vocab.length, dim: s.dim, window: s.window, negative: s.negative };
  const planner = new BatchPlanner(new ArraySource(stream), cnt, s.sample, { seed: s.seed, epochs: s.epochs, alpha: s.alpha, minAlpha: s.minAlpha, chunkWords: 256, batchWords: 1 << 17 });
  const table = buildAliasTable(cnt);
  const m = initModel({ vocab: vocab.length, dim: s.dim }, s.seed);
  const pos = { epoch: 0, sentence: 0, chunkCounter: 0, wordsDone: 0 };
  const t0 = performance.now();
  let loss = 0, pairs = 0;
  for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
    const r = trainBatch(m, p, table, b);
    loss = r.loss / r.pairs;
    pairs += r.pairs;
  }
  const secs = (performance.now() - t0) / 1000;
  const [f] = exportFiles({ words: vocab.map(([w]) => w), matrix: unpad(m.syn0, { vocab: vocab.length, dim: s.dim }), dim: s.dim }, 'vec');
  writeFileSync(process.env.TRAIN_BENCH_OUT ?? '/tmp/train-ref.vec', Buffer.concat(f.parts));
  console.log(JSON.stringify({ words: tokens.length, vocab: vocab.length, epochs: s.epochs, seconds: secs, wordsPerSec: (tokens.length * s.epochs) / secs, pairsPerSec: pairs / secs, finalLoss: loss, adapter: 'cpu (node, reference)' }));
  expect(Number.isFinite(loss)).toBe(true);
}, 3_600_000);
