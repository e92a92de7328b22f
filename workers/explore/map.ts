// Engine handlers of the word map: PCA (2-D or 3-D) of a stored set or of the running training's
// latest snapshot, UMAP and t-SNE (in its own worker) of a stored set (progress + cancel), spherize (centre and
// normalise first), k-means clusters for colour by cluster, neighbours in the live snapshot.
import * as tf from '@tensorflow/tfjs';
import type { Handlers } from '../protocol';
import type { LiveInfo, MapCommands, MapSource } from './map-commands';
import { LabError } from '../errors';
import { currentGpu, initCompute } from '../gpu';
import { readVocab } from '../corpus/format';
import { liveVectors, type LiveVectors } from '../train/live';
import { nearest } from '../train/neighbours';
import { paddedDim } from '../train/model';
import { useVectors } from './similarity';
import { pcaN } from './pca';
import { umap2, type BlockDots } from './umap';
import { maxPerplexity, tsneIterations } from './tsne-input';
import { tsneInWorker } from './tsne-run';
import { kmeans } from './kmeans';
import { spherize } from './spherize';
import { unitRowsJs } from './analogy';

export const UMAP_MAX_POINTS = 10_000;
export const TSNE_MAX_POINTS = 10_000;

/** tfjs for the [n, D] work on a real GPU; plain loops on SwiftShader and the CPU backend,
 *  where tfjs's matMul is several times slower than a loop (measured: see the README). */
function useTf(): boolean {
  const g = currentGpu();
  return !!g && !g.adapter.toLowerCase().includes('swiftshader');
}

interface Rows {
  /** [≥ n, dim] f32 row-major */
  matrix: Float32Array;
  dim: number;
  words: string[];
  counts?: Float64Array;
  vocabSize: number;
  live?: LiveInfo;
}

let countsCache: { corpusId: string; counts: Float64Array; first: string } | undefined;

/** Corpus counts of a trained set, when its corpus (and so its vocabulary) is still stored. */
async function countsOf(corpusId: string | undefined, words: string[]): Promise<Float64Array | undefined> {
  if (!corpusId) return undefined;
  if (countsCache?.corpusId !== corpusId) {
    const v = await readVocab(corpusId);
    if (!v) return undefined;
    countsCache = { corpusId, counts: v.counts, first: v.words[0] };
  }
  const c = countsCache;
  return c.counts.length === words.length && c.first === words[0] ? c.counts : undefined;
}

function liveInfo(v: LiveVectors): LiveInfo {
  return { corpusId: v.corpusId, epoch: v.epoch, epochs: v.settings.epochs, fraction: v.fraction, at: v.at };
}

function needLive(): LiveVectors {
  const v = liveVectors();
  if (!v) throw new LabError('no training run is going (or it has not made its first snapshot yet)', 'state');
  return v;
}

function checkN(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 3) throw new LabError(`${what}: the number of words must be a whole number of at least 3 (got ${n})`);
  if (n > max)
    throw new LabError(`${what} is limited to ${max.toLocaleString('en')} points here (it would take minutes); use PCA for more`);
}

async function rowsOf(source: MapSource, n: number): Promise<Rows> {
  if ('live' in source) {
    const v = needLive();
    const m = Math.min(n, v.vocab);
    const dp = paddedDim(v.dim);
    const matrix = new Float32Array(m * v.dim); // first m rows without the vec4 padding
    for (let r = 0; r < m; r++) matrix.set(v.syn0.subarray(r * dp, r * dp + v.dim), r * v.dim);
    return { matrix, dim: v.dim, words: v.words, counts: v.counts, vocabSize: v.vocab, live: liveInfo(v) };
  }
  const { set } = await useVectors(source.vectorsId);
  return {
    matrix: set.matrix,
    dim: set.manifest.dim,
    words: set.words,
    counts: await countsOf(set.manifest.corpusId, set.words),
    vocabSize: set.words.length,
  };
}

let livePcaCache: { at: number; key: string; result: MapCommands['mapPca']['result'] } | undefined;

/** The first m rows, spherized when asked (a copy), else the stored matrix as it is. */
const prepared = (r: Rows, m: number, sph: boolean | undefined): Float32Array => (sph ? spherize(r.matrix, m, r.dim) : r.matrix);

export const mapHandlers: Handlers<MapCommands> = {
  mapPca: async ({ source, n, dims = 2, spherize: sph }) => {
    checkN(n, Number.MAX_SAFE_INTEGER, 'PCA');
    await initCompute();
    const live = 'live' in source ? needLive() : undefined;
    const key = `${n}/${dims}/${!!sph}`;
    if (live && livePcaCache?.at === live.at && livePcaCache.key === key) return livePcaCache.result;
    const t0 = performance.now();
    const r = await rowsOf(source, n);
    const m = Math.min(n, r.vocabSize);
    const p = await pcaN(prepared(r, m, sph), m, r.dim, dims, useTf() ? 'tf' : 'js');
    const result = {
      coords: p.coords,
      dims,
      explained: p.explained,
      words: r.words.slice(0, m),
      counts: r.counts?.slice(0, m),
      vocabSize: r.vocabSize,
      ms: performance.now() - t0,
      live: r.live,
    };
    if (live) livePcaCache = { at: live.at, key, result };
    return result;
  },
  mapUmap: async ({ vectorsId, n, nNeighbors, minDist, epochs, seed, dims = 2, spherize: sph }, ctx) => {
    checkN(n, UMAP_MAX_POINTS, 'UMAP');
    await initCompute();
    const t0 = performance.now();
    const r = await rowsOf({ vectorsId }, n);
    const m = Math.min(n, r.vocabSize);
    let unitT: tf.Tensor2D | undefined;
    // Block similarities on the device: [b, D] × [n, D]ᵀ, read back for the top-k selection.
    const tfDots = (unit: Float32Array, rows: number, dim: number): BlockDots => {
      unitT = tf.tensor2d(unit, [rows, dim]);
      const all = unitT;
      return async (r0, r1) => {
        const t = tf.tidy(() => tf.matMul(all.slice([r0, 0], [r1 - r0, dim]), all, false, true));
        const d = (await t.data()) as Float32Array;
        t.dispose();
        return d;
      };
    };
    try {
      const coords = await umap2(
        prepared(r, m, sph),
        m,
        r.dim,
        { nNeighbors, minDist, epochs, seed, dims },
        {
          signal: ctx.signal,
          progress: (p) => ctx.progress(p),
          dotsFor: useTf() ? tfDots : undefined,
        },
      );
      return {
        coords,
        dims,
        words: r.words.slice(0, m),
        counts: r.counts?.slice(0, m),
        vocabSize: r.vocabSize,
        ms: performance.now() - t0,
      };
    } finally {
      unitT?.dispose();
    }
  },
  mapTsne: async ({ vectorsId, n, perplexity = 30, iterations, dims = 2, spherize: sph }, ctx) => {
    checkN(n, TSNE_MAX_POINTS, 't-SNE');
    const t0 = performance.now();
    const r = await rowsOf({ vectorsId }, n);
    const m = Math.min(n, r.vocabSize);
    // Euclidean t-SNE on unit rows: distances that order pairs as cosine does (a fresh [m, dim]
    // copy either way, so it can be transferred to the t-SNE worker).
    const unit = sph ? spherize(r.matrix, m, r.dim) : unitRowsJs(r.matrix, m, r.dim);
    const its = iterations ?? tsneIterations(m);
    // In a worker of its own (tsne-run.ts): Cancel terminates it, whatever step it is in.
    const { coords, reducedFrom } = await tsneInWorker(
      unit,
      m,
      r.dim,
      { dims, perplexity, iterations: its },
      { signal: ctx.signal, progress: (p) => ctx.progress(p) },
    );
    return {
      coords,
      dims,
      perplexity: Math.min(perplexity, maxPerplexity(m)),
      iterations: its,
      reducedFrom,
      words: r.words.slice(0, m),
      counts: r.counts?.slice(0, m),
      vocabSize: r.vocabSize,
      ms: performance.now() - t0,
    };
  },
  mapClusters: async ({ source, n, k, seed = 1, spherize: sph }, ctx) => {
    checkN(n, Number.MAX_SAFE_INTEGER, 'Clusters');
    const t0 = performance.now();
    const r = await rowsOf(source, n);
    const m = Math.min(n, r.vocabSize);
    const unit = sph ? spherize(r.matrix, m, r.dim) : unitRowsJs(r.matrix, m, r.dim);
    const c = await kmeans(unit, m, r.dim, k, seed, ctx.signal);
    return { ...c, ms: performance.now() - t0 };
  },
  mapLiveNeighbours: async ({ word, k = 10 }) => {
    const v = needLive();
    const [hit] = nearest(v.syn0, v.vocab, v.dim, v.words, [word], k);
    if (!hit.near.length) throw new LabError(`not in the vocabulary: "${word}"`, 'not-found');
    return { neighbours: hit.near.map((x) => ({ word: x.word, score: x.similarity })), live: liveInfo(v) };
  },
};
