// Sweeps of word2vec training settings and of HN model settings ("an ablation is a sweep":
// "title=on,off"), in the language of sweep-syntax.ts. Each returns every problem at once,
// before anything starts; the *OrThrow forms raise them as one LabError('bad-input').
//   planTrainSweep('window=2,5;dim=50,100').runs
//     → [{window:2,dim:50},{window:2,dim:100},{window:5,dim:50},{window:5,dim:100}]
//   planHnSweep('title=on,off;seed=1,2').runs → [{title:true,seed:1}, …]; hnArgsOf(run) → hnClassify's args
import { LabError } from '../errors';
import { MODELS, MODEL_SETTING, TRAIN_SETTINGS, validateTrainSettings, type TrainSettingName, type TrainSettings } from '../settings';
import type { TrainerChoice } from '../train/commands';
import type { FeatureGroups } from '../hn/features';
import type { HnCommands } from '../hn/commands';
import { expandSweep, parseSweep, sweepToString, type SweepRun, type SweepSpec, type SweepTable } from './sweep-syntax';

export { MAX_RUNS, sweepToString, runLabel, type SweepSpec } from './sweep-syntax';

const TRAINERS = ['auto', 'gpu', 'cpu'] as const satisfies readonly TrainerChoice[];

/** What a word2vec sweep may set: the training table, the corpus's max vocabulary, the trainer, the architecture (`model=skipgram,cbow`). */
export const TRAIN_SWEEP_SETTINGS = {
  ...TRAIN_SETTINGS,
  alpha: { ...TRAIN_SETTINGS.alpha, logScale: true },
  sample: { ...TRAIN_SETTINGS.sample, logScale: true },
  maxVocab: { kind: 'int', default: 0, min: 1, max: 10_000_000, label: 'max vocabulary' },
  trainer: { kind: 'enum', values: TRAINERS, default: 'auto', label: 'trainer' },
  model: { kind: 'enum', values: MODELS, default: MODEL_SETTING.default, label: MODEL_SETTING.label },
} as const satisfies SweepTable;

/** One word2vec run of a sweep: only the swept settings (the rest are the sweep's base settings). */
export type TrainSweepRun = Partial<TrainSettings> & { maxVocab?: number; trainer?: TrainerChoice };

type HnArgs = HnCommands['hnClassify']['args'];
const GROUP_NAMES = ['title', 'time', 'domain', 'author', 'length', 'flags'] as const satisfies readonly (keyof FeatureGroups)[];
const group = (label: string) => ({ kind: 'bool', default: true, label: `feature group: ${label}` }) as const;

/** What an HN model sweep may set: feature groups on/off, class weights, fine-tuning, seed, early stopping. */
export const HN_SWEEP_SETTINGS = {
  title: group('title vectors'),
  time: group('posting time'),
  domain: group('domain'),
  author: group('author'),
  length: group('title length'),
  flags: group('Ask/Show HN'),
  classWeights: { kind: 'bool', default: false, label: 'class weights' },
  finetune: { kind: 'bool', default: false, label: 'fine-tune the word vectors' },
  seed: { kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1, label: 'seed' },
  maxEpochs: { kind: 'int', default: 60, min: 1, max: 500, label: 'max epochs' },
  patience: { kind: 'int', default: 4, min: 1, max: 100, label: 'patience (epochs)' },
} as const satisfies SweepTable;

export type HnSweepRun = Partial<
  FeatureGroups & { classWeights: boolean; finetune: boolean; seed: number; maxEpochs: number; patience: number }
>;

export interface Plan<R> {
  runs: R[];
  /** Every problem found; the plan must not start unless this is empty (then runs is empty too). */
  problems: string[];
  /** The parsed sweep (absent when it could not be read): sweepToString(spec) is its link form. */
  spec?: SweepSpec;
}

function plan<R>(text: string, table: SweepTable, check: (run: SweepRun) => string[], typed: (run: SweepRun) => R): Plan<R> {
  const parsed = parseSweep(text, table);
  if (!parsed.spec) return { runs: [], problems: parsed.problems };
  const { runs, problems } = expandSweep(parsed.spec, table, check);
  return problems.length ? { runs: [], problems, spec: parsed.spec } : { runs: runs.map(typed), problems, spec: parsed.spec };
}

function trainRun(run: SweepRun): TrainSweepRun {
  const out: TrainSweepRun = {};
  for (const k of Object.keys(TRAIN_SETTINGS) as TrainSettingName[]) {
    const v = run[k];
    if (typeof v === 'number') out[k] = v;
  }
  if (typeof run.maxVocab === 'number') out.maxVocab = run.maxVocab;
  const t = TRAINERS.find((x) => x === run.trainer);
  if (t) out.trainer = t;
  const m = MODELS.find((x) => x === run.model);
  if (m) out.model = m;
  return out;
}

/**
 * Parses and expands a word2vec sweep over `base` settings (default: the defaults), checking every
 * run with the settings' own validation (so a random alpha range cannot end below minAlpha unseen).
 */
export function planTrainSweep(text: string, base: Partial<TrainSettings> = {}): Plan<TrainSweepRun> {
  return plan(text, TRAIN_SWEEP_SETTINGS, (run) => validateTrainSettings({ ...base, ...trainRun(run) }), trainRun);
}

function hnRun(run: SweepRun): HnSweepRun {
  const out: HnSweepRun = {};
  for (const k of [...GROUP_NAMES, 'classWeights', 'finetune'] as const) {
    const v = run[k];
    if (typeof v === 'boolean') out[k] = v;
  }
  for (const k of ['seed', 'maxEpochs', 'patience'] as const) {
    const v = run[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

/** Parses and expands an HN model sweep; `baseGroups`: the groups on outside the sweep (default all). */
export function planHnSweep(text: string, baseGroups: Partial<FeatureGroups> = {}): Plan<HnSweepRun> {
  return plan(
    text,
    HN_SWEEP_SETTINGS,
    (run) => {
      const r = hnRun(run);
      const on = GROUP_NAMES.filter((g) => r[g] ?? baseGroups[g] ?? true);
      const ps = on.length ? [] : ['every feature group is off'];
      if (r.finetune && !on.includes('title')) ps.push('fine-tuning needs the title group');
      return ps;
    },
    hnRun,
  );
}

/** An HN sweep run as hnClassify's args (merge over the base args: groups are merged too). */
export function hnArgsOf(
  run: HnSweepRun,
  base: Pick<HnArgs, 'groups'> = {},
): Pick<HnArgs, 'groups' | 'classWeights' | 'finetune' | 'seed' | 'maxEpochs' | 'patience'> {
  const groups: Partial<FeatureGroups> = { ...base.groups };
  for (const g of GROUP_NAMES) if (run[g] !== undefined) groups[g] = run[g];
  const out: ReturnType<typeof hnArgsOf> = {};
  if (Object.keys(groups).length) out.groups = groups;
  for (const k of ['classWeights', 'finetune', 'seed', 'maxEpochs', 'patience'] as const)
    if (run[k] !== undefined) Object.assign(out, { [k]: run[k] });
  return out;
}

function orThrow<R>(p: Plan<R>): R[] {
  if (p.problems.length)
    throw new LabError(
      `sweep refused (${p.problems.length} problem${p.problems.length > 1 ? 's' : ''}): ${p.problems.join('; ')}`,
      'bad-input',
    );
  return p.runs;
}

/** planTrainSweep's runs, or one LabError('bad-input') naming every problem. */
export const trainSweepOrThrow = (text: string, base?: Partial<TrainSettings>): TrainSweepRun[] => orThrow(planTrainSweep(text, base));

/** planHnSweep's runs, or one LabError('bad-input') naming every problem. */
export const hnSweepOrThrow = (text: string, baseGroups?: Partial<FeatureGroups>): HnSweepRun[] => orThrow(planHnSweep(text, baseGroups));

/** The runner's `--random N --ranges "…"` (with the search seed) as one sweep text. */
export const randomSweepText = (n: number, seed: number, ranges: string): string => `random ${n} seed ${seed};${ranges}`;

/** The sweep's compact link form, or undefined when it does not parse (e.g. for the URL hash). */
export function sweepLink(text: string, kind: 'train' | 'hn'): string | undefined {
  const spec = parseSweep(text, kind === 'train' ? TRAIN_SWEEP_SETTINGS : HN_SWEEP_SETTINGS).spec;
  return spec ? sweepToString(spec) : undefined;
}
