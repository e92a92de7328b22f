// `npm run lab -- ingest --corpus <path|url> [--min-count N] [--max-vocab N] [--compare-python]`
// Streams the corpus into the page's IndexedDB with the engine's `ingest` command and prints
// {"words","vocab","bytes","seconds","mbPerSec"}; `seconds` is measured inside the worker.
import type { LabCommand } from './index';
import { LabFailure, stderrStatus } from '../lab-context';
import type { IngestProgress } from '../../workers/corpus/commands';
import { pythonCounterMbPerSec } from '../python-counter';

function isProgress(p: unknown): p is IngestProgress {
  return typeof p === 'object' && p !== null && 'bytesDone' in p && 'textBytes' in p;
}

export function progressLine(p: IngestProgress): string {
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const of = p.bytesTotal ? `/${mb(p.bytesTotal)} MB (${((100 * p.bytesDone) / p.bytesTotal).toFixed(0)}%)` : ' MB';
  const eta = p.etaSeconds !== undefined ? ` ETA ${p.etaSeconds.toFixed(1)} s` : '';
  return `${p.phase} ${mb(p.bytesDone)}${of} · ${mb(p.textBytes)} MB text · ${p.tokens} words · ${p.mbPerSec.toFixed(1)} MB/s${eta}`;
}

export const ingest: LabCommand = async (ctx, flags) => {
  const corpus = flags.optString('corpus');
  if (!corpus) throw new LabFailure('--corpus <path|url> is required');
  const minCount = flags.number('min-count', 5);
  const maxVocab = flags.optNumber('max-vocab');
  const comparePython = flags.bool('compare-python');
  flags.assertAllUsed();
  if (comparePython && /^https?:/.test(corpus)) throw new LabFailure('--compare-python needs a local corpus file');
  const r = await ctx.ingest(corpus, { minCount, maxVocab }, (p) => {
    if (isProgress(p)) stderrStatus(progressLine(p));
  });
  const m = r.manifest;
  const out = { words: m.tokens, vocab: m.vocabSize, bytes: m.bytes, seconds: +r.seconds.toFixed(3), mbPerSec: +r.mbPerSec.toFixed(1) };
  // Right after, on the same machine: Python's Counter over the same text, decompressed.
  return comparePython ? { ...out, pythonCounterMbPerSec: +pythonCounterMbPerSec(corpus).toFixed(1) } : out;
};
