// `npm run lab -- eval --vectors <.vec|.bin> [--analogies F] [--pairs F] [--restrict-vocab N]`
// Imports the vectors with the engine's importVectors, then evaluates them like gensim's
// evaluate_word_analogies / evaluate_word_pairs. `seconds`: the evaluation, import excluded.
import { basename } from 'node:path';
import type { LabCommand } from './index';
import { LabFailure, stderrStatus } from '../lab-context';

export const evalCommand: LabCommand = async (ctx, flags) => {
  const vectors = flags.optString('vectors');
  if (!vectors) throw new LabFailure('--vectors <.vec|.bin> is required');
  const analogies = flags.optString('analogies');
  const pairs = flags.optString('pairs');
  if (!analogies && !pairs) throw new LabFailure('give --analogies F and/or --pairs F');
  const restrictVocab = flags.number('restrict-vocab', 300_000);
  const imp = await ctx.call('importVectors', { url: ctx.input(vectors), name: basename(vectors) }, (p) => {
    if (typeof p === 'object' && p !== null && 'rows' in p) stderrStatus(`importing… ${String(p.rows)} rows`);
  });
  for (const w of imp.warnings) process.stderr.write(`warning: ${w}\n`);
  const t0 = performance.now();
  const r = await ctx.call('exploreEvaluate', {
    vectorsId: imp.manifest.id,
    analogies: analogies ? { url: ctx.input(analogies) } : undefined,
    pairs: pairs ? { url: ctx.input(pairs) } : undefined,
    restrictVocab,
  });
  // Seconds of the evaluation alone (reading the files and scoring; not the import).
  const out: Record<string, unknown> = { seconds: (performance.now() - t0) / 1000 };
  if (r.analogy) {
    const a = r.analogy;
    if (a.malformed) process.stderr.write(`analogies: ${a.malformed} malformed lines skipped (lines ${a.malformedLines.join(', ')}…)\n`);
    out.analogy = { accuracy: a.accuracy, correct: a.correct, total: a.total, skipped: a.skipped };
  }
  if (r.pairs) {
    const p = r.pairs;
    if (p.malformed) process.stderr.write(`pairs: ${p.malformed} malformed lines skipped (lines ${p.malformedLines.join(', ')}…)\n`);
    out.pairs = { spearman: p.spearman, pearson: p.pearson, used: p.used, skipped: p.skipped };
  }
  return out;
};
export { evalCommand as eval };
