// Scores a run's vectors on the probe set and on every stored evaluation file, with the
// existing evaluation (equal to gensim's), and keeps the scores on the run's record.
import { evaluateAnalogies } from '../explore/analogy';
import { evaluateWordPairs } from '../explore/pairs';
import { loadVectors } from '../vectors/format';
import { evalFileText, listEvalFiles, PROBE_META, type EvalFileMeta } from './eval-files';
import { updateRecord, writeOutcomes } from './store';
import type { RunScores } from './record';

/**
 * Scores vectors `vectorsId` on `files` (default: the probe set and every stored file) and
 * merges the scores into run `runId`'s record; returns that record's scores.
 */
export async function scoreRun(
  runId: string,
  vectorsId: string,
  files?: EvalFileMeta[],
  onFile?: (f: EvalFileMeta) => void,
): Promise<RunScores> {
  const set = await loadVectors(vectorsId);
  const list = files ?? [PROBE_META, ...(await listEvalFiles())];
  const scores: RunScores = { analogy: {}, pairs: {} };
  for (const f of list) {
    onFile?.(f);
    const text = await evalFileText(f.id);
    if (f.kind === 'analogy') {
      const ev = await evaluateAnalogies(set.words, set.matrix, set.manifest.dim, text);
      scores.analogy[f.id] = { accuracy: ev.accuracy, correct: ev.correct, total: ev.total, skipped: ev.skipped };
      await writeOutcomes(runId, f.id, ev.outcomes);
    } else {
      const ev = evaluateWordPairs(set.words, set.matrix, set.manifest.dim, text);
      scores.pairs[f.id] = { spearman: ev.spearman, pearson: ev.pearson, used: ev.used, skipped: ev.skipped };
    }
  }
  const r = await updateRecord(runId, (rec) => {
    if (rec.kind !== 'w2v') return;
    Object.assign(rec.scores.analogy, scores.analogy);
    Object.assign(rec.scores.pairs, scores.pairs);
  });
  return r?.kind === 'w2v' ? r.scores : scores;
}
