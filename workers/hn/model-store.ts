// A trained HN model with everything hnAsk needs (weights, feature preprocessing, bins, the
// title word table — fine-tuned rows included — and the training titles for "most similar"):
// kept in IndexedDB and exported/imported as one JSON file. Keys:
//   hn-model/<id>/manifest  HnModelManifest
//   hn-model/<id>/bundle    HnModelBundle
import { put, read, keysWithPrefix, removeMany } from '../store';
import { LabError } from '../errors';
import type { FeatureGroups, Prep, StatsTable } from './features';
import type { WideSpec } from './wide';
import type { Metrics } from './metrics';
import { weightShapes, type NamedWeight } from './model';
import { MAX_MEMBERS, type HnEnsembleParts } from './ensemble';
import type { Tree } from './gbdt';

export interface HnModelManifest {
  id: string;
  name: string;
  createdAt: number; // ms since epoch
  origin: 'trained' | 'imported';
  bins: number[]; // lower edges of the point bins
  groups: FeatureGroups;
  finetuned: boolean;
  vectorsName: string | null;
  vocabSize: number; // rows of the title word table (0 when the title group is off)
  dim: number;
  trainRows: number;
  /** Test metrics at training time. */
  metrics: Metrics | null;
}

export interface HnModelBundle {
  manifest: HnModelManifest;
  prep: Prep;
  weights: NamedWeight[];
  words: string[]; // title word table, row order
  matrix: Float32Array; // [words, dim] f32 row-major
  titles: string[]; // training titles (plain text), for the most similar titles
  points: Int32Array; // their points
  /** The other nets, the mixed-in boosted trees and the calibration (absent in models saved before ensembles: one net). */
  ensemble?: HnEnsembleParts;
}

const key = {
  manifest: (id: string) => `hn-model/${id}/manifest`,
  bundle: (id: string) => `hn-model/${id}/bundle`,
};

export async function saveModel(b: HnModelBundle): Promise<void> {
  await put(key.bundle(b.manifest.id), b);
  await put(key.manifest(b.manifest.id), b.manifest); // last: a manifest means a complete model
}

export async function listModels(): Promise<HnModelManifest[]> {
  const ks = (await keysWithPrefix('hn-model/')).filter((k) => k.endsWith('/manifest'));
  const ms = await Promise.all(ks.map((k) => read<HnModelManifest>(k)));
  return ms.filter((m): m is HnModelManifest => !!m).sort((a, b) => b.createdAt - a.createdAt);
}

export async function loadModel(id: string): Promise<HnModelBundle> {
  const b = await read<HnModelBundle>(key.bundle(id));
  if (!b || !(await read(key.manifest(id)))) throw new LabError(`no saved model "${id}"`, 'not-found');
  return b;
}

export async function deleteModel(id: string): Promise<void> {
  await removeMany([key.manifest(id)]);
  await removeMany([key.bundle(id)]);
}

// ---- the file format: one JSON object; float arrays as base64 of little-endian f32 ----

export const MODEL_FORMAT = 'skipgram-lab-hn-model';
export const MODEL_VERSION = 1;

function toB64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromB64(s: unknown, what: string): Float32Array {
  if (typeof s !== 'string') throw new LabError(`${what} is missing`);
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw new LabError(`${what} is not valid base64`);
  }
  if (bin.length % 4) throw new LabError(`${what} is cut short (${bin.length} bytes, not a whole number of floats)`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** The export file's text. */
export function modelToJson(b: HnModelBundle): string {
  return JSON.stringify({
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    manifest: b.manifest,
    prep: b.prep,
    weights: b.weights.map((w) => ({ name: w.name, shape: w.shape, data: toB64(w.data) })),
    words: b.words,
    matrix: toB64(b.matrix),
    titles: b.titles,
    points: Array.from(b.points),
    ...(b.ensemble ? { ensemble: ensembleToJson(b.ensemble) } : {}),
  });
}

const weightsToJson = (ws: NamedWeight[]) => ws.map((w) => ({ name: w.name, shape: w.shape, data: toB64(w.data) }));

function ensembleToJson(e: HnEnsembleParts) {
  const t = e.gbdt?.trees;
  return {
    members: e.members.map(weightsToJson),
    scaling: e.scaling,
    gbdt: t && {
      weight: e.gbdt!.weight,
      prep: t.prep,
      domain: t.domain,
      author: t.author,
      d: t.d,
      names: t.names,
      model: {
        d: t.model.d,
        k: t.model.k,
        rounds: t.model.rounds,
        baseline: [...t.model.baseline],
        trees: t.model.trees.map((x) => ({
          feature: [...x.feature],
          threshold: [...x.threshold],
          left: [...x.left],
          right: [...x.right],
          value: [...x.value],
        })),
      },
    },
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isNums = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const GROUPS: (keyof FeatureGroups)[] = ['title', 'time', 'domain', 'author', 'length', 'flags'];

/** A stats table as read from a file, checked: every key with a post count and 1 + k sums. */
function statsFrom(t: unknown, k: number, what: string): StatsTable | null {
  if (t === null || t === undefined) return null;
  if (
    !isObj(t) ||
    t.k !== k ||
    typeof t.smoothing !== 'number' ||
    !isNums(t.prior) ||
    t.prior.length !== k + 1 ||
    !isStrings(t.keys) ||
    !isNums(t.n) ||
    t.n.length !== t.keys.length ||
    !isNums(t.sum) ||
    t.sum.length !== t.keys.length * (k + 1)
  )
    throw new LabError(`model file is damaged: the ${what} target statistics are malformed`);
  return { k, smoothing: t.smoothing, prior: t.prior, keys: t.keys, n: t.n, sum: t.sum };
}

/** The wide-and-deep model's parts of the preprocessing (SIF weights, target statistics, wide terms), checked. */
function newerParts(p: Record<string, unknown>, vocab: number, k: number): Pick<Prep, 'sif' | 'stats' | 'wide'> {
  const out: Pick<Prep, 'sif' | 'stats' | 'wide'> = {};
  if (p.sif !== undefined) {
    const sif = p.sif;
    if (
      !isObj(sif) ||
      !isNums(sif.weights) ||
      sif.weights.length !== vocab ||
      !(sif.pc === null || (isNums(sif.pc) && sif.pc.length === p.dim))
    )
      throw new LabError('model file is damaged: the SIF weights do not match the word list');
    out.sif = { weights: sif.weights, pc: sif.pc };
  }
  if (p.stats !== undefined) {
    const st = p.stats;
    if (!isObj(st)) throw new LabError('model file is damaged: the target statistics are malformed');
    out.stats = { domain: statsFrom(st.domain, k, 'domain'), author: statsFrom(st.author, k, 'author') };
  }
  if (p.wide !== undefined) {
    const w = p.wide;
    if (!isObj(w) || typeof w.buckets !== 'number' || !Number.isInteger(w.buckets) || w.buckets < 1 || w.buckets > 1 << 24)
      throw new LabError('model file is damaged: the wide part is malformed');
    out.wide = { buckets: w.buckets, title: w.title === true, domain: w.domain === true, author: w.author === true } satisfies WideSpec;
  }
  return out;
}

/** Parses and checks an export file; every problem is a LabError naming what is wrong. */
export function modelFromJson(text: string, newId: string): HnModelBundle {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new LabError('not a model file: it is not JSON');
  }
  if (!isObj(o) || o.format !== MODEL_FORMAT) throw new LabError(`not a Skipgram Lab HN model file (expected "format": "${MODEL_FORMAT}")`);
  if (o.version !== MODEL_VERSION)
    throw new LabError(`model file version ${String(o.version)} is not supported (this app reads version ${MODEL_VERSION})`);
  const { manifest: m, prep: p } = o;
  if (!isObj(m) || !isObj(p)) throw new LabError('model file is damaged: manifest or preprocessing missing');
  const g = p.groups;
  if (!isObj(g) || !GROUPS.every((k) => typeof g[k] === 'boolean')) throw new LabError('model file is damaged: feature groups missing');
  if (
    typeof p.dim !== 'number' ||
    !Number.isInteger(p.dim) ||
    p.dim < 0 ||
    !isStrings(p.domains) ||
    !isStrings(p.authors) ||
    p.domains.length < 1 ||
    p.authors.length < 1
  )
    throw new LabError('model file is damaged: domain/author tables or dimension missing');
  const bins = m.bins;
  if (!isNums(bins) || bins.length < 2 || bins.some((e, i) => i > 0 && e <= bins[i - 1]))
    throw new LabError('model file is damaged: bin edges missing or not ascending');
  const prep: Prep = {
    groups: Object.fromEntries(GROUPS.map((k) => [k, g[k] === true])) as unknown as FeatureGroups,
    dim: p.dim,
    domains: p.domains,
    authors: p.authors,
    ...newerParts(p, Array.isArray(o.words) ? o.words.length : 0, bins.length),
  };
  const weights = weightsFrom(o.weights, prep, bins.length, '');
  if (!isStrings(o.words)) throw new LabError('model file is damaged: word list missing');
  const matrix = fromB64(o.matrix, 'the word matrix');
  if (matrix.length !== o.words.length * prep.dim)
    throw new LabError(`model file is damaged: ${o.words.length} words × ${prep.dim} dims ≠ ${matrix.length} values`);
  if (!isStrings(o.titles) || !isNums(o.points) || o.titles.length !== o.points.length)
    throw new LabError('model file is damaged: training titles missing');
  const metrics = isObj(m.metrics) && isNums(Object.values(m.metrics)) ? (m.metrics as unknown as Metrics) : null;
  const manifest: HnModelManifest = {
    id: newId,
    name: typeof m.name === 'string' ? m.name.slice(0, 200) : 'imported model',
    createdAt: Date.now(),
    origin: 'imported',
    bins,
    groups: prep.groups,
    finetuned: m.finetuned === true,
    vectorsName: typeof m.vectorsName === 'string' ? m.vectorsName : null,
    vocabSize: o.words.length,
    dim: prep.dim,
    trainRows: o.titles.length,
    metrics,
  };
  const ensemble = o.ensemble === undefined ? undefined : ensembleFrom(o.ensemble, prep, bins.length);
  return {
    manifest,
    prep,
    weights,
    words: o.words,
    matrix,
    titles: o.titles,
    points: Int32Array.from(o.points),
    ...(ensemble ? { ensemble } : {}),
  };
}

/** One net's weights from a file, checked against the shapes `prep` needs; `what` names the net in messages. */
function weightsFrom(list: unknown, prep: Prep, k: number, what: string): NamedWeight[] {
  if (!Array.isArray(list)) throw new LabError(`model file is damaged: ${what}weights missing`);
  const weights: NamedWeight[] = list.map((w: unknown, i: number) => {
    if (!isObj(w) || typeof w.name !== 'string' || !isNums(w.shape))
      throw new LabError(`model file is damaged: ${what}weight #${i + 1} has no name or shape`);
    return { name: w.name, shape: w.shape, data: fromB64(w.data, `${what}weight "${w.name}"`) };
  });
  for (const [name, shape] of Object.entries(weightShapes(prep, k))) {
    const w = weights.find((x) => x.name === name);
    if (!w) throw new LabError(`model file is damaged: ${what}weight "${name}" is missing`);
    if (w.shape.join() !== shape.join() || w.data.length !== shape.reduce((a, b) => a * b, 1))
      throw new LabError(
        `model file is damaged: ${what}weight "${name}" has ${w.data.length} values, shape [${w.shape.join(', ')}], expected [${shape.join(', ')}]`,
      );
    if (!w.data.every(Number.isFinite)) throw new LabError(`model file is damaged: ${what}weight "${name}" holds NaN or infinite values`);
  }
  return weights;
}

const isInts = (v: unknown, lo: number, hi: number): v is number[] => isNums(v) && v.every((x) => Number.isInteger(x) && x >= lo && x < hi);

/** The ensemble's parts from a file: the other nets, the mixed-in trees (checked node by node) and the scaling. */
function ensembleFrom(e: unknown, prep: Prep, k: number): HnEnsembleParts {
  const bad = (what: string) => new LabError(`model file is damaged: the ensemble's ${what}`);
  if (!isObj(e) || !Array.isArray(e.members) || e.members.length > MAX_MEMBERS) throw bad('nets are missing or too many');
  const members = e.members.map((m: unknown, i: number) => weightsFrom(m, prep, k, `net ${i + 2}'s `));
  let scaling: HnEnsembleParts['scaling'] = null;
  if (e.scaling !== null && e.scaling !== undefined) {
    const sc = e.scaling;
    if (!isObj(sc) || typeof sc.temperature !== 'number' || !(sc.temperature > 0) || !isNums(sc.bias) || sc.bias.length !== k)
      throw bad('calibration is malformed');
    scaling = { temperature: sc.temperature, bias: sc.bias };
  }
  let gbdt: HnEnsembleParts['gbdt'] = null;
  if (e.gbdt !== null && e.gbdt !== undefined) {
    const g = e.gbdt,
      m = isObj(g) ? g.model : null;
    if (!isObj(g) || typeof g.weight !== 'number' || !(g.weight > 0 && g.weight <= 1)) throw bad('tree weight is malformed');
    const tp = g.prep;
    if (!isObj(tp) || !isObj(tp.groups) || tp.dim !== prep.dim || !isStrings(tp.domains) || !isStrings(tp.authors))
      throw bad('tree features are malformed');
    const d = g.d;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || !isStrings(g.names) || g.names.length !== d)
      throw bad('tree features are malformed');
    if (!isObj(m) || m.d !== d || m.k !== k || !isNums(m.baseline) || m.baseline.length !== k || !Array.isArray(m.trees))
      throw bad('trees are malformed');
    const rounds = m.rounds;
    if (typeof rounds !== 'number' || m.trees.length !== rounds * k) throw bad('trees are malformed');
    const trees: Tree[] = m.trees.map((t: unknown, i: number) => {
      if (!isObj(t) || !isNums(t.threshold) || !isNums(t.value)) throw bad(`tree ${i + 1} is malformed`);
      const n = t.threshold.length;
      if (
        !isInts(t.feature, -1, d) ||
        !isInts(t.left, -1, n) ||
        !isInts(t.right, -1, n) ||
        [t.feature, t.left, t.right, t.value].some((x) => x.length !== n) ||
        // children come after their parent, so prediction always ends in a leaf
        t.feature.some((f, j) => f >= 0 && !((t.left as number[])[j] > j && (t.right as number[])[j] > j))
      )
        throw bad(`tree ${i + 1} is malformed`);
      return {
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        value: Float64Array.from(t.value),
      };
    });
    const tg = tp.groups;
    gbdt = {
      weight: g.weight,
      trees: {
        model: { d, k, baseline: Float64Array.from(m.baseline), trees, importance: new Float64Array(d), rounds, valLoss: [] },
        prep: {
          groups: Object.fromEntries(GROUPS.map((x) => [x, tg[x] === true])) as unknown as FeatureGroups,
          dim: prep.dim,
          domains: tp.domains,
          authors: tp.authors,
        },
        domain: statsFrom(g.domain, k, "trees' domain"),
        author: statsFrom(g.author, k, "trees' author"),
        d,
        names: g.names,
      },
    };
  }
  return { members, gbdt, scaling };
}
