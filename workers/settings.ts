// The one typed table of settings that shape a run (STYLE.md "settings declared once").
// Validation (engine and runner), the UI's inputs and the URL hash are all derived from it.
import { MAX_NEGATIVE } from './train/constants';

export interface NumberSetting {
  kind: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  /** Shown next to the input. */
  label: string;
}

/** Training settings, names as the runner's flags in camelCase (min-alpha → minAlpha). */
export const TRAIN_SETTINGS = {
  minCount: { kind: 'int', default: 5, min: 1, max: 1_000_000, label: 'min count' },
  dim: { kind: 'int', default: 100, min: 1, max: 1024, label: 'dimensions' },
  window: { kind: 'int', default: 5, min: 1, max: 50, label: 'window' },
  negative: { kind: 'int', default: 5, min: 1, max: MAX_NEGATIVE, label: 'negative samples' },
  sample: { kind: 'float', default: 1e-3, min: 0, max: 1, label: 'subsample threshold' },
  alpha: { kind: 'float', default: 0.025, min: 1e-6, max: 1, label: 'learning rate (start)' },
  minAlpha: { kind: 'float', default: 0.0001, min: 0, max: 1, label: 'learning rate (end)' },
  epochs: { kind: 'int', default: 5, min: 1, max: 1000, label: 'epochs' },
  seed: { kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1, label: 'seed' },
} as const satisfies Record<string, NumberSetting>;

/** The two architectures of word2vec: skip-gram (predict each context word from the centre) and CBOW (the centre from the mean of its context). */
export const MODELS = ['skipgram', 'cbow'] as const;
export type ModelKind = (typeof MODELS)[number];

/**
 * The one setting that is a choice, not a number: the architecture (runner `--model`, URL `model=`;
 * its one line of help is src/settings-help.ts's). The learning rate's default is gensim's 0.025 for both.
 */
export const MODEL_SETTING = {
  default: 'skipgram' as ModelKind,
  values: MODELS,
  label: 'architecture',
} as const;

export const isModelKind = (v: unknown): v is ModelKind => typeof v === 'string' && (MODELS as readonly string[]).includes(v);

/** A problem with a `model` value, or undefined when it is one of MODELS. */
export function checkModel(v: unknown): string | undefined {
  return isModelKind(v) ? undefined : `model must be one of ${MODELS.join(', ')} (got ${String(v)})`;
}

export type TrainSettingName = keyof typeof TRAIN_SETTINGS;
/** Every setting of a run: the numbers of TRAIN_SETTINGS and the architecture. */
export type TrainSettings = Record<TrainSettingName, number> & { model: ModelKind };

/** The architecture of settings that may predate it (records and checkpoints from before CBOW are skip-gram). */
export const modelOf = (s: { model?: unknown }): ModelKind => (isModelKind(s.model) ? s.model : MODEL_SETTING.default);

export function defaultTrainSettings(): TrainSettings {
  const out = { model: MODEL_SETTING.default } as TrainSettings;
  for (const k of Object.keys(TRAIN_SETTINGS) as TrainSettingName[]) out[k] = TRAIN_SETTINGS[k].default;
  return out;
}

/** Problems with one value, or undefined when it is fine. */
export function checkNumber(name: string, spec: NumberSetting, v: unknown): string | undefined {
  if (typeof v !== 'number' || Number.isNaN(v)) return `${name} must be a number (got ${String(v)})`;
  if (!Number.isFinite(v)) return `${name} must be finite (got ${v})`;
  if (spec.kind === 'int' && !Number.isInteger(v)) return `${name} must be a whole number (got ${v})`;
  if (v < spec.min || v > spec.max) return `${name} must be between ${spec.min} and ${spec.max} (got ${v})`;
  return undefined;
}

/** All problems with a full set of training settings (empty when valid). */
export function validateTrainSettings(s: Partial<Record<TrainSettingName | 'model', unknown>>): string[] {
  const problems: string[] = [];
  if (s.model !== undefined) {
    const p = checkModel(s.model);
    if (p) problems.push(p);
  }
  for (const k of Object.keys(TRAIN_SETTINGS) as TrainSettingName[]) {
    const p = checkNumber(k, TRAIN_SETTINGS[k], s[k] ?? TRAIN_SETTINGS[k].default);
    if (p) problems.push(p);
  }
  const alpha = s.alpha ?? TRAIN_SETTINGS.alpha.default;
  const minAlpha = s.minAlpha ?? TRAIN_SETTINGS.minAlpha.default;
  if (typeof alpha === 'number' && typeof minAlpha === 'number' && minAlpha > alpha) {
    problems.push(`minAlpha (${minAlpha}) must not exceed alpha (${alpha})`);
  }
  return problems;
}

/**
 * Threads of the CPU path: a run setting beside the trainer, not part of the run's shape (a
 * checkpoint continues on any count, and it is not in the training table: records and share
 * links of runs stay as they were). The default is the machine's logical cores.
 */
export const THREADS_LABEL = 'CPU threads';

/** This machine's logical cores as the browser reports them (1 where it does not). */
export function hardwareThreads(): number {
  const n = typeof navigator === 'object' ? navigator.hardwareConcurrency : undefined;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 1;
}

/** What is wrong with a thread count on a machine of `cores` logical cores (1 to cores × 4), or undefined. */
export function threadsProblem(n: unknown, cores: number): string | undefined {
  return checkNumber('threads', { kind: 'int', default: cores, min: 1, max: Math.max(1, cores) * 4, label: THREADS_LABEL }, n);
}
