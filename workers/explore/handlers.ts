import type { Handlers } from '../protocol';
import type { ExploreCommands, TextSource } from './commands';
import { LabError } from '../errors';
import { currentGpu, initCompute } from '../gpu';
import { listVectors } from '../vectors/format';
import { importVectors } from './import';
import { recordImport } from '../runs/handlers';
import { evaluateAnalogies } from './analogy';
import { evaluateWordPairs } from './pairs';
import { analogy, doesntMatch, neighbours, useVectors } from './similarity';
import { mapHandlers } from './map';

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

export const exploreHandlers: Handlers<ExploreCommands> = {
  ...mapHandlers,
  importVectors: async (args, ctx) => {
    const r = await importVectors(args, ctx);
    await recordImport(r.manifest, args.file?.name ?? args.url ?? 'a file').catch(() => {}); // the set is stored either way
    return r;
  },
  exploreList: () => listVectors(),
  exploreWords: async ({ vectorsId }) => {
    await initCompute();
    return { words: (await useVectors(vectorsId)).set.words };
  },
  exploreNeighbours: async ({ vectorsId, word, k = 10, metric = 'cosine' }) => {
    await initCompute();
    const l = await useVectors(vectorsId);
    const t0 = performance.now();
    const out = await neighbours(l, word, k, metric);
    return { neighbours: out, ms: performance.now() - t0 };
  },
  exploreAnalogy: async ({ vectorsId, positive, negative, method = 'add', k = 10 }) => {
    await initCompute();
    const l = await useVectors(vectorsId);
    const t0 = performance.now();
    const results = await analogy(l, positive, negative, k, method);
    return { results, ms: performance.now() - t0 };
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
