// `--eval-analogies F` / `--eval-pairs F` for train and sweep: the files become the engine's
// stored evaluation files, so every run the command trains is scored on them as it ends
// (the same scoring as the page's; no second pass over the vectors).
import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Flags, LabContext } from '../lab-context';
import { LabFailure } from '../lab-context';
import type { RunScores } from '../../workers/runs/record';

export interface EvalFileIds {
  analogies?: string;
  pairs?: string;
}

async function textOf(pathOrUrl: string): Promise<string> {
  if (/^https?:\/\//i.test(pathOrUrl)) {
    let r: Response;
    try {
      r = await fetch(pathOrUrl);
    } catch (e) {
      throw new LabFailure(`could not fetch ${pathOrUrl}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!r.ok) throw new LabFailure(`could not fetch ${pathOrUrl}: HTTP ${r.status}`);
    return r.text();
  }
  if (!existsSync(pathOrUrl)) throw new LabFailure(`no such file: ${pathOrUrl}`);
  return readFileSync(pathOrUrl, 'utf8');
}

/** Stores the flags' evaluation files in the engine; returns their ids. */
export async function loadEvalFiles(ctx: LabContext, flags: Flags): Promise<EvalFileIds> {
  const out: EvalFileIds = {};
  const a = flags.optString('eval-analogies');
  const p = flags.optString('eval-pairs');
  if (a) out.analogies = (await ctx.call('evalFileAdd', { name: basename(a), text: await textOf(a) })).id;
  if (p) out.pairs = (await ctx.call('evalFileAdd', { name: basename(p), text: await textOf(p) })).id;
  return out;
}

/** The runner's `analogy` (accuracy) and `pairs` (Spearman) figures of a run's scores. */
export function scoreFigures(scores: RunScores | undefined, ids: EvalFileIds): { analogy?: number; pairs?: number } {
  const out: { analogy?: number; pairs?: number } = {};
  if (ids.analogies) out.analogy = scores?.analogy[ids.analogies]?.accuracy;
  if (ids.pairs) out.pairs = scores?.pairs[ids.pairs]?.spearman;
  return out;
}
