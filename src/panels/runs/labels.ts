// What the Runs panel calls settings and their values: the words the Corpus, Train and Predict
// panels use ("min-count", "learning rate (start)", "skip-gram", "wide & deep"), never the
// internal keys (minCount, alpha, skipgram, wide-deep). The keys stay what the URL hash, share
// links, the sweep language and stored records use; only what the user reads changes here.
import { MODEL_SETTING, TRAIN_SETTINGS, type TrainSettingName } from '../../../workers/settings';
import { HN_SWEEP_SETTINGS, TRAIN_SWEEP_SETTINGS } from '../../../workers/experiments/sweep-plan';

/** Where a panel words a setting differently from the settings table's label. */
const OVERRIDES: Record<string, string> = {
  minCount: 'min-count', // the Corpus panel's word for it
  model: MODEL_SETTING.label,
  trainer: 'trainer',
};

/** A word2vec setting's label ("alpha" → "learning rate (start)"); any other key as it is. */
export function trainSettingLabel(k: string): string {
  if (k in OVERRIDES) return OVERRIDES[k];
  if (k in TRAIN_SETTINGS) return TRAIN_SETTINGS[k as TrainSettingName].label;
  if (k in TRAIN_SWEEP_SETTINGS) return TRAIN_SWEEP_SETTINGS[k as keyof typeof TRAIN_SWEEP_SETTINGS].label;
  return k;
}

/** An HN fit's setting ("classWeights" → "class weights", "group:title" → "group title"). */
export function hnSettingLabel(k: string): string {
  if (k.startsWith('group:')) return k.replace(/^group:/, 'group ');
  if (k === 'model') return MODEL_SETTING.label;
  if (k in HN_SWEEP_SETTINGS) return HN_SWEEP_SETTINGS[k as keyof typeof HN_SWEEP_SETTINGS].label;
  return k;
}

/** A sweep axis of either kind, by its key in the sweep language. */
export const sweepSettingLabel = (kind: 'w2v' | 'hn', k: string): string => (kind === 'w2v' ? trainSettingLabel(k) : hnSettingLabel(k));

/** Architectures as the Train and Predict panels name them. */
const ARCHITECTURES: Record<string, string> = {
  skipgram: 'skip-gram',
  cbow: 'CBOW',
  'wide-deep': 'wide & deep',
  mlp: 'MLP',
};

export const architectureLabel = (v: string): string => ARCHITECTURES[v] ?? v;

/** A setting's value as the user reads it: architectures by name, switches on/off. */
export function settingValueText(k: string, v: number | string | boolean): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (k === 'model' && typeof v === 'string') return architectureLabel(v);
  return String(v);
}

/** "1 run", "2 runs": `plural` when it is not the noun plus s. */
export const count = (n: number, noun: string, plural = `${noun}s`): string => `${n.toLocaleString('en')} ${n === 1 ? noun : plural}`;

/**
 * A stored run name as shown. Names made before generated names said "1 epoch" (a vector set's
 * "… · dim 16 · 1 epochs", which an HN fit's name repeats) read right; the record keeps its name.
 */
export const shownName = (name: string): string => name.replace(/(^|[^\d.,])1 epochs\b/g, '$11 epoch');
