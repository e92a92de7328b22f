import type { Handlers } from '../protocol';
import type { ExploreCommands, TextSource } from './commands';
import { CancelledError, LabError } from '../errors';
import { currentGpu, initCompute } from '../gpu';
import { deleteVectors, listWithStorage, renameVectors, vectorsKey } from '../vectors/format';
import { read } from '../store';
import { TEST_HOOKS, parkPoint } from '../test-pace';
import { importVectors } from './import';
import { recordImport } from '../runs/handlers';
import { evaluateAnalogies } from './analogy';
import { evaluateWordPairs } from './pairs';
import { analogy, doesntMatch, forgetVectors, neighbours, similarity, useVectors } from './similarity';
import { mapHandlers } from './map';
import { yieldToMessages } from '../lib/yield';

async function textOf(src: TextSource): Promise<string> {
  if ('text' in src) return src.text;
  let r: Response;
  try {
    r = await fetch(src.url);
  } catch {
    throw new LabError(`could not fetch ${src.url}`, 'network');
  }
  if (!r.ok) throw new LabError(`could not fetch ${src.url}: HTTP ${r.status}`, 'network');
  return r.text();
}

/** A user's topn: a whole number from 1 to 1000 (gensim's default 10 where it is not a number). */
const topn = (k: number): number => (Number.isFinite(k) ? Math.min(1000, Math.max(1, Math.round(k))) : 10);

export const exploreHandlers: Handlers<ExploreCommands> = {
  ...mapHandlers,
  importVectors: async (args, ctx) => {
    const r = await importVectors(args, ctx);
    await recordImport(r.manifest, args.file?.name ?? args.url ?? 'a file').catch(() => {}); // the set is stored either way
    return r;
  },
  exploreList: () => listWithStorage(),
  vectorsRename: ({ vectorsId, name }) => renameVectors(vectorsId, name),
  vectorsDelete: async ({ vectorsId }) => {
    const had = !!(await read(vectorsKey.manifest(vectorsId)));
    await deleteVectors(vectorsId);
    forgetVectors(vectorsId);
    return { deleted: had };
  },
  exploreWords: async ({ vectorsId }) => {
    await initCompute();
    return { words: (await useVectors(vectorsId)).set.words };
  },
  exploreNeighbours: async ({ vectorsId, word, k = 10, metric = 'cosine' }) => {
    await initCompute();
    const l = await useVectors(vectorsId);
    const t0 = performance.now();
    const out = await neighbours(l, word, topn(k), metric);
    return { neighbours: out, ms: performance.now() - t0 };
  },
  exploreAnalogy: async ({ vectorsId, positive, negative, method = 'add', k = 10 }) => {
    await initCompute();
    const l = await useVectors(vectorsId);
    const t0 = performance.now();
    const results = await analogy(l, positive, negative, topn(k), method);
    return { results, ms: performance.now() - t0 };
  },
  exploreSimilarity: async ({ vectorsId, a, b }) => {
    await initCompute();
    return { cosine: await similarity(await useVectors(vectorsId), a, b) };
  },
  exploreDoesntMatch: async ({ vectorsId, words }) => {
    await initCompute();
    return doesntMatch(await useVectors(vectorsId), words);
  },
  exploreEvaluate: async ({ vectorsId, analogies, pairs, restrictVocab }, ctx) => {
    await initCompute();
    const { set } = await useVectors(vectorsId);
    const out: ExploreCommands['exploreEvaluate']['result'] = {};
    if (analogies) {
      ctx.progress({ phase: 'analogies' });
      out.analogy = await evaluateAnalogies(set.words, set.matrix, set.manifest.dim, await textOf(analogies), {
        restrictVocab,
        // Between chunks of questions: progress, a turn for other messages, and a test's park point.
        onProgress: async (done, total) => {
          ctx.progress({ phase: 'analogies', done, total });
          if (TEST_HOOKS) await parkPoint('eval-chunk', { done, total });
          await yieldToMessages();
          if (ctx.signal.aborted) throw new CancelledError();
        },
        // The WebAssembly SIMD kernel; without it, tfjs matMul on a real GPU, plain loops on
        // SwiftShader or the CPU fallback (where tfjs's big matMul is far slower).
        fallback: currentGpu()?.adapter.toLowerCase().includes('swiftshader') === false ? 'tf' : 'js',
      });
    }
    if (pairs) {
      ctx.progress({ phase: 'pairs' });
      out.pairs = evaluateWordPairs(set.words, set.matrix, set.manifest.dim, await textOf(pairs), { restrictVocab });
    }
    return out;
  },
};
