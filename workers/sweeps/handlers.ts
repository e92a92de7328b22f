import type { Handlers } from '../protocol';
import type { Sweep, SweepsCommands } from './commands';
import { LabError } from '../errors';
import { readManifest } from '../corpus/format';
import { planHnSweep, planTrainSweep } from '../experiments/sweep-plan';
import { getSweep, listSweeps, putSweep, sweepLock } from './store';
import { runQueue } from './queue';

const refuse = (problems: string[]): LabError =>
  new LabError(`sweep refused (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${problems.join('; ')}`, 'bad-input');

const newSweepId = (): string => `sw-${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 3).toString(36)}`;

async function running(id: string): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.locks) return false;
  return ((await navigator.locks.query()).held ?? []).some((l) => l.name === sweepLock(id));
}

export const sweepsHandlers: Handlers<SweepsCommands> = {
  sweepPlan: async ({ kind, text, base }) => {
    const p = kind === 'w2v' ? planTrainSweep(text, base) : planHnSweep(text);
    return { runs: p.runs as Record<string, number | string | boolean>[], problems: p.problems };
  },
  sweepStart: async (args, ctx) => {
    const now = Date.now();
    let sw: Sweep;
    if (args.kind === 'w2v') {
      const p = planTrainSweep(args.text, args.base);
      const m = await readManifest(args.corpusId);
      if (!m || m.state !== 'ready') p.problems.push(`there is no ready corpus ${args.corpusId}`);
      const swept = p.runs.some((r) => r.minCount !== undefined || r.maxVocab !== undefined);
      if (m?.source.kind === 'file' && swept)
        p.problems.push(`min-count / max-vocab cannot be swept on a local file (${m.source.name}): the file is not kept`);
      if (p.problems.length) throw refuse(p.problems);
      sw = {
        kind: 'w2v',
        id: newSweepId(),
        name: args.name ?? `sweep ${args.text}`,
        text: args.text,
        state: 'running',
        createdAt: now,
        updatedAt: now,
        items: p.runs.map((values) => ({ values: values as Record<string, number | string | boolean>, state: 'queued' })),
        corpusId: args.corpusId,
        base: { ...args.base, minCount: m!.settings.minCount },
        trainer: args.trainer ?? 'auto',
        baseUrl: args.baseUrl,
        checkpointSeconds: args.checkpointSeconds,
      };
    } else {
      const p = planHnSweep(args.text, args.base.groups);
      if (p.problems.length) throw refuse(p.problems);
      sw = {
        kind: 'hn',
        id: newSweepId(),
        name: args.name ?? `HN sweep ${args.text}`,
        text: args.text,
        state: 'running',
        createdAt: now,
        updatedAt: now,
        items: p.runs.map((values) => ({ values: values as Record<string, number | string | boolean>, state: 'queued' })),
        base: args.base,
      };
    }
    await putSweep(sw);
    return runQueue(sw, ctx);
  },
  sweepResume: async ({ id }, ctx) => {
    const sw = await getSweep(id);
    if (!sw) throw new LabError(`there is no sweep ${id}`, 'not-found');
    if (await running(id)) throw new LabError('this sweep is running (in this or another tab)', 'state');
    if (sw.state === 'done' || sw.state === 'cancelled') throw new LabError(`this sweep is ${sw.state}`, 'state');
    return runQueue(sw, ctx);
  },
  sweepCancel: async ({ id }) => {
    const sw = await getSweep(id);
    if (!sw) throw new LabError(`there is no sweep ${id}`, 'not-found');
    if (await running(id)) throw new LabError('pause the sweep first, then cancel it', 'state');
    if (sw.state !== 'done') sw.state = 'cancelled';
    for (const it of sw.items) if (it.state === 'queued') it.error = 'cancelled';
    await putSweep(sw);
    return sw;
  },
  sweepList: () => listSweeps(),
};
