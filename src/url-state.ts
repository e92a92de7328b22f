// Share-link state: every setting that shapes a run, declared once in SHARE_SETTINGS and
// written to / read from the URL hash (`#k=v&k=v`). Framework-free so it is unit-tested in Node.
// Parsing never evaluates anything: values are decoded as plain strings and checked against the
// table; anything unknown or invalid is dropped and described in `notices`.
import { MODELS, MODEL_SETTING, TRAIN_SETTINGS, checkNumber, type NumberSetting } from '../workers/settings';
import type { HnCommands } from '../workers/hn/commands';
import { DEFAULT_BINS } from '../workers/hn/bins';

type HnClassifyArgs = HnCommands['hnClassify']['args'];

export interface EnumSetting<T extends string = string> {
  kind: 'enum';
  values: readonly T[];
  default: T;
  label: string;
}
export interface BoolSetting {
  kind: 'bool';
  default: boolean;
  label: string;
}
export interface TextSetting {
  kind: 'text';
  default: string;
  /** Longest accepted value, in UTF-16 code units. */
  maxLength: number;
  label: string;
}
/** Ascending numbers, e.g. the upvote bins' edges, written `1,5,20`. */
export interface NumberListSetting {
  kind: 'numbers';
  default: readonly number[];
  min: number;
  max: number;
  maxItems: number;
  label: string;
}
export type ShareSetting = NumberSetting | EnumSetting | BoolSetting | TextSetting | NumberListSetting;

export const PANELS = ['corpus', 'train', 'explore', 'predict', 'runs'] as const;
export type PanelId = (typeof PANELS)[number];

/** Longest hash value we accept for free text (a URL or a word); longer ones are ignored. */
const MAX_TEXT = 2048;

/** The shareable settings. Keys are the hash keys. Training settings are the engine's own table. */
export const SHARE_SETTINGS = {
  panel: { kind: 'enum', values: PANELS, default: 'corpus', label: 'panel' },
  corpus: { kind: 'enum', values: ['sample', 'text8', 'url', 'file'], default: 'sample', label: 'corpus source' },
  corpusUrl: { kind: 'text', default: '', maxLength: MAX_TEXT, label: 'corpus URL' },
  // The corpus a link's run was trained on, so "Start this run" can check it has the same one: a
  // local file (which a link cannot carry) by name and size in bytes; any corpus by its word count.
  corpusFile: { kind: 'text', default: '', maxLength: 255, label: 'corpus file' },
  corpusBytes: { kind: 'int', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, label: 'corpus file bytes' },
  corpusWords: { kind: 'int', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, label: 'corpus words' },
  maxVocab: { kind: 'int', default: 0, min: 0, max: 10_000_000, label: 'max vocabulary (0 = no limit)' },
  ...TRAIN_SETTINGS,
  model: { kind: 'enum', values: MODELS, default: MODEL_SETTING.default, label: MODEL_SETTING.label },
  // The CPU path's threads (the train command's `threads`; 0: the engine's default, one per core).
  threads: { kind: 'int', default: 0, min: 0, max: 1024, label: 'CPU threads' },
  // Classifier (hnClassify's args): lower edges of the order-of-magnitude bins 1–9, 10–99, 100–999, 1000+.
  bins: { kind: 'numbers', default: [...DEFAULT_BINS], min: 0, max: 1_000_000, maxItems: 20, label: 'upvote bin edges' },
  hnSeed: { kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1, label: 'classifier seed' },
  split: { kind: 'enum', values: ['time', 'random'], default: 'time', label: 'train/test split' },
  testShare: { kind: 'float', default: 0.2, min: 0.05, max: 0.5, label: 'test share' },
  classWeights: { kind: 'bool', default: false, label: 'class weights' },
  featTitle: { kind: 'bool', default: true, label: 'feature: title vectors' },
  featTime: { kind: 'bool', default: true, label: 'feature: posting time' },
  featDomain: { kind: 'bool', default: true, label: 'feature: domain' },
  featAuthor: { kind: 'bool', default: true, label: 'feature: author' },
  featLength: { kind: 'bool', default: true, label: 'feature: title length' },
  featFlags: { kind: 'bool', default: true, label: 'feature: Show/Ask HN flags' },
  word: { kind: 'text', default: '', maxLength: 100, label: 'selected word' },
  // A sweep shared as a link (workers/experiments/sweep-syntax.ts's compact form): the Runs panel
  // offers to start it on the opener's corpus, with the link's other settings as its base.
  sweep: { kind: 'text', default: '', maxLength: 1000, label: 'sweep' },
  sweepKind: { kind: 'enum', values: ['w2v', 'hn'], default: 'w2v', label: 'sweep kind' },
} as const satisfies Record<string, ShareSetting>;

export type ShareKey = keyof typeof SHARE_SETTINGS;
type ValueOf<S> =
  S extends EnumSetting<infer T>
    ? T
    : S extends BoolSetting
      ? boolean
      : S extends TextSetting
        ? string
        : S extends NumberListSetting
          ? readonly number[]
          : number;
export type ShareState = { -readonly [K in ShareKey]: ValueOf<(typeof SHARE_SETTINGS)[K]> };

export const SHARE_KEYS = Object.keys(SHARE_SETTINGS) as ShareKey[];

export function defaultShareState(): ShareState {
  const out: Record<string, unknown> = {};
  for (const k of SHARE_KEYS) out[k] = SHARE_SETTINGS[k].default;
  return out as ShareState;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Decodes one value for `spec`; a string is a problem description. */
function decodeValue(key: string, spec: ShareSetting, raw: string): { value: unknown } | string {
  switch (spec.kind) {
    case 'int':
    case 'float': {
      // Number() on a checked numeric literal only: no hex/"Infinity"/empty string surprises.
      if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) return `${key} must be a number (got "${clip(raw)}")`;
      const v = Number(raw) + 0; // + 0: "-0" is 0, as the link the page writes back says
      return checkNumber(key, spec, v) ?? { value: v };
    }
    case 'enum':
      return spec.values.includes(raw) ? { value: raw } : `${key} must be one of ${spec.values.join(', ')} (got "${clip(raw)}")`;
    case 'bool':
      return raw === '1' ? { value: true } : raw === '0' ? { value: false } : `${key} must be 0 or 1 (got "${clip(raw)}")`;
    case 'text':
      if (raw.length > spec.maxLength) return `${key} is too long (${raw.length} > ${spec.maxLength} characters)`;
      // A lone surrogate (a raw "\uD800" in the hash) cannot be %-encoded again: serializeHash would throw.
      return LONE_SURROGATE.test(raw) ? `${key} is not valid text (a broken character)` : { value: raw };
    case 'numbers': {
      const parts = raw.split(',');
      if (parts.length > spec.maxItems) return `${key} has too many values (${parts.length} > ${spec.maxItems})`;
      const nums: number[] = [];
      for (const p of parts) {
        if (!/^\d+(\.\d+)?$/.test(p)) return `${key} must be numbers separated by commas (got "${clip(raw)}")`;
        const v = Number(p);
        if (v < spec.min || v > spec.max) return `${key} values must be between ${spec.min} and ${spec.max} (got ${v})`;
        if (nums.length && v <= nums[nums.length - 1]) return `${key} must be increasing (got "${clip(raw)}")`;
        nums.push(v);
      }
      return { value: nums };
    }
  }
}

function encodeValue(spec: ShareSetting, v: unknown): string {
  if (spec.kind === 'bool') return v ? '1' : '0';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

export interface ParsedHash {
  /** Defaults with every valid value from the hash applied. */
  state: ShareState;
  /** Keys that the hash set to a valid value. */
  present: ShareKey[];
  /** One line per ignored entry, for the user. */
  notices: string[];
}

/** Longest hash we read at all (characters); beyond it the whole hash is ignored. */
export const MAX_HASH = 16_384;

/** Parses `#a=1&b=2` (leading '#' optional). Unknown keys and invalid values are ignored with a notice. */
export function parseHash(hash: string): ParsedHash {
  const state = defaultShareState();
  const present: ShareKey[] = [];
  const notices: string[] = [];
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.length > MAX_HASH)
    return { state, present, notices: [`The link's settings are too long (${body.length} characters) and were ignored.`] };
  const values = state as Record<string, unknown>;
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    let key: string;
    let raw: string;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      notices.push(`Ignored a malformed part of the link ("${clip(part)}").`);
      continue;
    }
    if (!Object.hasOwn(SHARE_SETTINGS, key)) {
      notices.push(`Ignored unknown link setting "${clip(key)}".`);
      continue;
    }
    const k = key as ShareKey;
    const decoded = decodeValue(k, SHARE_SETTINGS[k], raw);
    if (typeof decoded === 'string') {
      notices.push(`Ignored link setting: ${decoded}.`);
      continue;
    }
    values[k] = decoded.value;
    if (!present.includes(k)) present.push(k);
  }
  if (state.minAlpha > state.alpha) {
    notices.push(`Ignored link settings alpha/minAlpha: minAlpha (${state.minAlpha}) must not exceed alpha (${state.alpha}).`);
    state.alpha = SHARE_SETTINGS.alpha.default;
    state.minAlpha = SHARE_SETTINGS.minAlpha.default;
  }
  return { state, present, notices };
}

/** `#k=v&…` with only the non-default values, in table order; '' when everything is default. */
export function serializeHash(state: Partial<ShareState>): string {
  const parts: string[] = [];
  for (const k of SHARE_KEYS) {
    const v = state[k];
    if (v === undefined || sameValue(v, SHARE_SETTINGS[k].default)) continue;
    // An emptied number input holds null (or NaN): not a value to share.
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(encodeValue(SHARE_SETTINGS[k], v))}`);
  }
  return parts.length ? '#' + parts.join('&') : '';
}

/** A `?<name>=<url>` query parameter, when it is an http(s) URL; anything else is a notice. */
function urlParam(name: string, search: string, base: string): { url?: string; notice?: string } {
  const raw = new URLSearchParams(search).get(name);
  if (raw === null || raw === '') return {};
  if (raw.length > MAX_TEXT) return { notice: `Ignored ?${name}: the URL is too long (${raw.length} characters).` };
  try {
    const u = new URL(raw, base);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      return { notice: `Ignored ?${name}: only http(s) URLs can be opened (got ${u.protocol}).` };
    return { url: u.href };
  } catch {
    return { notice: `Ignored ?${name}: "${clip(raw)}" is not a URL.` };
  }
}

/** `?vectors=<url>`: a shared `.vec` / `.bin` file to open. */
export const vectorsParam = (search: string, base: string): { url?: string; notice?: string } => urlParam('vectors', search, base);
/** `?model=<url>`: a shared HN model file (the Predict panel's export) to open. */
export const modelParam = (search: string, base: string): { url?: string; notice?: string } => urlParam('model', search, base);

/** The classifier settings of a share state as `hnClassify` args (the Predict panel passes them on). */
export function classifierArgs(s: ShareState): Pick<HnClassifyArgs, 'bins' | 'seed' | 'split' | 'testShare' | 'classWeights' | 'groups'> {
  return {
    bins: [...s.bins],
    seed: s.hnSeed,
    split: s.split,
    testShare: s.testShare,
    classWeights: s.classWeights,
    groups: { title: s.featTitle, time: s.featTime, domain: s.featDomain, author: s.featAuthor, length: s.featLength, flags: s.featFlags },
  };
}
