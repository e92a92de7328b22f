// Test page: writes run records straight into IndexedDB (skipgram-lab / kv) with the engine's own
// store module, so the Runs panel's tests and benchmark do not need hundreds of trainings, and a
// malformed value can be stored under a run key. Test-only: the shipped path is the engine's recorders.
import { put, putMany } from '../../../workers/store';
import { defaultTrainSettings } from '../../../workers/settings';
import { deleteVectors } from '../../../workers/vectors/format';
import type { HnRecord, W2vRecord } from '../../../workers/runs/record';
import type { LossCurve } from '../../../workers/runs/curve';

/** Deterministic in [0, 1): the i-th draw of a small LCG (no Math.random: the records are the same each run). */
const u = (i: number, salt: number): number => (((Math.imul(i + 1, 2654435761) ^ Math.imul(salt + 7, 40503)) >>> 0) % 10007) / 10007;

function w2v(i: number): W2vRecord {
  const s = {
    ...defaultTrainSettings(),
    dim: [25, 50, 100, 200][i % 4],
    window: 2 + (i % 9),
    negative: 2 + (i % 5),
    alpha: Number((0.01 + 0.04 * u(i, 1)).toPrecision(3)),
    epochs: 1 + (i % 3),
    seed: i,
  };
  const acc = 0.02 + 0.08 * u(i, 2);
  return {
    kind: 'w2v',
    origin: 'trained',
    id: `w2v-fill-${String(i).padStart(4, '0')}`,
    name: `filled run ${i}`,
    tags: i % 5 === 0 ? ['fifth'] : [],
    state: 'finished',
    startedAt: 1_760_000_000_000 + i * 60_000,
    endedAt: 1_760_000_030_000 + i * 60_000,
    updatedAt: Date.now(),
    corpus: {
      id: 'fill-corpus',
      name: 'filled corpus',
      source: { kind: 'sample' },
      ingest: { minCount: 5 },
      tokens: 1_000_000,
      vocabSize: 10_000,
    },
    settings: s,
    trainer: 'cpu',
    adapter: 'cpu · WebAssembly SIMD',
    fraction: 1,
    seconds: 10 + 50 * u(i, 3),
    wordsPerSec: 200_000 + 300_000 * u(i, 4),
    finalLoss: 2 + u(i, 5),
    scores: { analogy: { probe: { accuracy: acc, correct: Math.round(acc * 500), total: 500, skipped: 20 } }, pairs: {} },
  };
}

function hn(i: number): HnRecord {
  return {
    kind: 'hn',
    id: `hn-fill-${String(i).padStart(4, '0')}`,
    name: `filled HN fit ${i}`,
    tags: [],
    state: 'finished',
    startedAt: 1_760_000_000_000 + i * 61_000,
    updatedAt: Date.now(),
    dataset: { train: 'dataset fill' },
    split: { kind: 'time', testShare: 0.2 },
    bins: [1, 10, 100, 1000],
    settings: { seed: i, classWeights: i % 2 === 0, finetune: false, maxEpochs: 60, patience: 4, 'group:title': i % 3 !== 0 },
    model: { accuracy: 0.5 + 0.1 * u(i, 6), macroF1: 0.3 + 0.1 * u(i, 7), logLoss: 0.9 + 0.1 * u(i, 8), auc100: 0.6 + 0.1 * u(i, 9) },
    baselines: { majority: { accuracy: 0.51, macroF1: 0.22, logLoss: 0.98, auc100: 0.5 } },
    seconds: 5,
  };
}

const curve = (i: number): LossCurve => {
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < 200; k++) {
    x.push((k + 1) * 5000);
    y.push(4 * Math.exp(-k / (40 + (i % 7) * 10)) + 2);
  }
  return { x, y, stride: 1, pending: { x: 0, y: 0, n: 0 } };
};

/** `n` records (every 10th an HN fit), each word2vec one with a 200-point curve. */
async function fillRuns(n: number): Promise<string[]> {
  const entries: [string, unknown][] = [];
  for (let i = 0; i < n; i++) {
    const r = i % 10 === 9 ? hn(i) : w2v(i);
    entries.push([`run/${r.id}`, r]);
    if (r.kind === 'w2v') entries.push([`run/${r.id}/curve`, curve(i)]);
  }
  for (let i = 0; i < entries.length; i += 200) await putMany(entries.slice(i, i + 200));
  return entries.filter(([k]) => !k.endsWith('/curve')).map(([k]) => k.slice(4));
}

/** Any value under any key (a malformed record under run/<id>). */
const putRaw = (key: string, value: unknown): Promise<void> => put(key, value);

Object.assign(window, { fillRuns, putRaw, fillReady: true });

/** Deletes a vector set behind the engine's back (a record whose vectors are gone must say so). */
const dropVectors = (id: string): Promise<void> => deleteVectors(id);
Object.assign(window, { dropVectors });
