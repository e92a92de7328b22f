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

export type TrainSettingName = keyof typeof TRAIN_SETTINGS;
export type TrainSettings = Record<TrainSettingName, number>;

export function defaultTrainSettings(): TrainSettings {
  const out = {} as TrainSettings;
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
export function validateTrainSettings(s: Partial<Record<TrainSettingName, unknown>>): string[] {
  const problems: string[] = [];
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
