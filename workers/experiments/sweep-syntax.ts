// The sweep language, over any table of settings: parse, expand into runs, and write back.
//   grid:    "window=2,5;dim=50,100"            cartesian product, first setting slowest
//   random:  "random 8 seed 3;alpha=0.01:0.05;window=2:10;trainer=cpu,gpu"
//            N runs drawn with the search seed S: `lo:hi` is a range (whole numbers for integer
//            settings; log-uniform for log-scale ones spanning ≥ 10×, else uniform), a list is
//            picked from uniformly.
// `seed S` (no `=`) is the random search's own seed; `seed=1,2,3` sweeps the training seed.
// Nothing runs before every problem is found: parse and expand return all of them at once.
import { checkNumber, type NumberSetting } from '../settings';
import { hash2, pcg } from '../train/rng';

export const MAX_RUNS = 64;

export type SweepSetting =
  | (NumberSetting & { /** Draw ranges spanning ≥ 10× log-uniformly (learning rates, thresholds). */ logScale?: boolean })
  | { kind: 'enum'; values: readonly string[]; default: string; label: string }
  | { kind: 'bool'; default: boolean; label: string };
export type SweepTable = Readonly<Record<string, SweepSetting>>;

export type SweepValue = number | string | boolean;
export type Axis = { name: string; values: SweepValue[] } | { name: string; range: [number, number] };
export type SweepSpec = { kind: 'grid'; axes: Axis[] } | { kind: 'random'; n: number; seed: number; axes: Axis[] };
/** One run: the swept settings only (the rest stay as they are). */
export type SweepRun = Record<string, SweepValue>;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const BOOL: Record<string, boolean> = { on: true, off: false, true: true, false: false, yes: true, no: false, '1': true, '0': false };
const key = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The table's name for `raw` (case, '-' and '_' ignored: min-alpha = minAlpha), or a problem with a suggestion. */
function resolveName(raw: string, table: SweepTable): { name: string } | string {
  const names = Object.keys(table);
  const hit = names.find((n) => key(n) === key(raw));
  if (hit) return { name: hit };
  const [best] = names.map((n) => ({ n, d: editDistance(key(raw), key(n)) })).sort((a, b) => a.d - b.d);
  const near = best && best.d <= Math.max(2, Math.floor(raw.length / 3));
  return `unknown setting "${raw}"${near ? ` (did you mean "${best.n}"?)` : ''}; settable: ${names.join(', ')}`;
}

function parseValue(name: string, spec: SweepSetting, raw: string): { value: SweepValue } | string {
  if (spec.kind === 'enum')
    return spec.values.includes(raw) ? { value: raw } : `${name} must be one of ${spec.values.join(', ')} (got "${raw}")`;
  if (spec.kind === 'bool')
    return raw.toLowerCase() in BOOL ? { value: BOOL[raw.toLowerCase()] } : `${name} must be on or off (got "${raw}")`;
  if (!NUMBER.test(raw)) return `${name} must be a number (got "${raw}")`;
  const v = Number(raw);
  return checkNumber(name, spec, v) ?? { value: v };
}

/** One `name=…` clause → an axis, or its problems. */
function parseAxis(name: string, spec: SweepSetting, body: string, random: boolean): { axis?: Axis; problems: string[] } {
  const problems: string[] = [];
  if (body.trim() === '') return { problems: [`${name}: empty list (give values, e.g. ${name}=${example(spec)})`] };
  if (body.includes(':')) {
    if (spec.kind !== 'int' && spec.kind !== 'float') return { problems: [`${name} takes a list (${name}=${example(spec)}), not a range`] };
    if (!random)
      return {
        problems: [
          `${name}=${body}: a range needs a random search ("random N;${name}=${body}"); a grid takes a list, e.g. ${name}=${example(spec)}`,
        ],
      };
    const parts = body.split(':').map((s) => s.trim());
    if (parts.length !== 2 || parts.some((p) => p === '')) return { problems: [`${name}: a range is lo:hi (got "${body}")`] };
    const ends: number[] = [];
    for (const p of parts) {
      const v = parseValue(name, spec, p);
      if (typeof v === 'string') problems.push(v);
      else if (typeof v.value === 'number') ends.push(v.value);
    }
    if (ends.length === 2 && ends[0] > ends[1]) problems.push(`${name}: range ${body} has lo > hi`);
    return problems.length ? { problems } : { axis: { name, range: [ends[0], ends[1]] }, problems };
  }
  const values: SweepValue[] = [];
  for (const p of body.split(',').map((s) => s.trim())) {
    if (p === '') {
      problems.push(`${name}: empty value in the list "${body}"`);
      continue;
    }
    const v = parseValue(name, spec, p);
    if (typeof v === 'string') problems.push(v);
    else values.push(v.value);
  }
  return problems.length ? { problems } : { axis: { name, values }, problems };
}

function example(spec: SweepSetting): string {
  if (spec.kind === 'enum') return spec.values.slice(0, 2).join(',');
  if (spec.kind === 'bool') return 'on,off';
  return `${spec.default},${spec.kind === 'int' ? spec.default * 2 : spec.default / 2}`;
}

const count = (a: Axis): number => ('values' in a ? a.values.length : 1);

/** Parses a sweep; `spec` only when there are no problems. */
export function parseSweep(text: string, table: SweepTable): { spec?: SweepSpec; problems: string[] } {
  const problems: string[] = [];
  const clauses = text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  let n: number | undefined;
  let seed: number | undefined;
  const axes: Axis[] = [];
  const seen = new Set<string>();
  const wholeNumber = (what: string, raw: string, min: number, max: number): number | undefined => {
    const v = Number(raw);
    if (/^\d+$/.test(raw) && v >= min && v <= max) return v;
    problems.push(`${what} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return undefined;
  };
  const header = clauses.filter((c) => !c.includes('='));
  let unread = false; // a clause that is neither name=values nor a header: "empty" would mislead
  for (const c of header) {
    const m = /^(?:random\s+(\S+))?\s*(?:seed\s+(\S+))?$/i.exec(c);
    if (!m || (m[1] === undefined && m[2] === undefined)) {
      problems.push(`cannot read "${c}": write name=values, "random N" or "seed S"`);
      unread = true;
      continue;
    }
    if (m[1] !== undefined) {
      if (n !== undefined) problems.push('"random N" is given twice');
      n = wholeNumber('random N (the number of runs)', m[1], 1, MAX_RUNS) ?? n ?? -1;
    }
    if (m[2] !== undefined) seed = wholeNumber("seed S (the random search's seed)", m[2], 0, 2 ** 31 - 1) ?? seed ?? -1;
  }
  const random = n !== undefined;
  if (!random && seed !== undefined)
    problems.push('"seed S" seeds a random search: add "random N", or sweep the training seed with seed=1,2,3');
  for (const c of clauses.filter((x) => x.includes('='))) {
    const eq = c.indexOf('=');
    const raw = c.slice(0, eq).trim();
    const r = resolveName(raw, table);
    if (typeof r === 'string') {
      problems.push(r);
      continue;
    }
    if (seen.has(r.name)) {
      problems.push(`${r.name} is given twice`);
      continue;
    }
    seen.add(r.name);
    const a = parseAxis(r.name, table[r.name], c.slice(eq + 1), random);
    problems.push(...a.problems);
    if (a.axis) axes.push(a.axis);
  }
  if (seen.size === 0 && !unread)
    problems.push(
      random
        ? 'a random search needs at least one range or list, e.g. "random 8;alpha=0.01:0.05"'
        : 'empty sweep: give settings and values, e.g. "window=2,5;dim=50,100"',
    );
  if (!random) {
    const runs = axes.reduce((p, a) => p * count(a), 1);
    if (runs > MAX_RUNS) problems.push(`the grid has ${runs} runs (${axes.map(count).join(' × ')}); at most ${MAX_RUNS}`);
  }
  if (problems.length) return { problems };
  return { spec: random ? { kind: 'random', n: n ?? 1, seed: seed ?? 1, axes } : { kind: 'grid', axes }, problems };
}

/** Uniform in [0, 1) for run r, axis a of a random search with `seed`. */
const draw = (seed: number, r: number, a: number): number => hash2(hash2(pcg(seed >>> 0), r), a) / 4294967296;

function sample(axis: Axis, spec: SweepSetting, u: number): SweepValue {
  if ('values' in axis) return axis.values[Math.min(axis.values.length - 1, Math.floor(u * axis.values.length))];
  const [lo, hi] = axis.range;
  if (spec.kind === 'int') return lo + Math.min(hi - lo, Math.floor(u * (hi - lo + 1)));
  const log = spec.kind === 'float' && spec.logScale && lo > 0 && hi / lo >= 10;
  const x = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
  // Four significant digits keep run names short; clamped so rounding never leaves the range.
  return Math.min(hi, Math.max(lo, Number(x.toPrecision(4))));
}

/**
 * The runs of a parsed sweep (grid in the order written; random search drawn from its seed), and
 * the problems `check` finds in any run (e.g. minAlpha above alpha), labelled with the run.
 */
export function expandSweep(
  spec: SweepSpec,
  table: SweepTable,
  check?: (run: SweepRun) => string[],
): { runs: SweepRun[]; problems: string[] } {
  const runs: SweepRun[] = [];
  if (spec.kind === 'grid') {
    const walk = (i: number, run: SweepRun): void => {
      if (i === spec.axes.length) {
        runs.push({ ...run });
        return;
      }
      const a = spec.axes[i];
      for (const v of 'values' in a ? a.values : a.range) walk(i + 1, { ...run, [a.name]: v });
    };
    walk(0, {});
  } else {
    for (let r = 0; r < spec.n; r++)
      runs.push(Object.fromEntries(spec.axes.map((a, i) => [a.name, sample(a, table[a.name], draw(spec.seed, r, i))])));
  }
  const problems: string[] = [];
  if (check) {
    const bad = runs.map((run, i) => ({ i, ps: check(run), run })).filter((x) => x.ps.length);
    for (const x of bad.slice(0, 5)) problems.push(`run ${x.i + 1} (${runLabel(x.run)}): ${x.ps.join('; ')}`);
    if (bad.length > 5) problems.push(`… and ${bad.length - 5} more runs with problems`);
  }
  return { runs, problems };
}

const text = (v: SweepValue): string => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));

/** "window=2, dim=50": a run's swept settings, for labels and messages. */
export const runLabel = (run: SweepRun): string =>
  Object.entries(run)
    .map(([k, v]) => `${k}=${text(v)}`)
    .join(', ');

/** The compact form parseSweep reads back to the same spec (for the URL hash and share links). */
export function sweepToString(spec: SweepSpec): string {
  const axes = spec.axes.map((a) => `${a.name}=${'values' in a ? a.values.map(text).join(',') : a.range.join(':')}`);
  return [...(spec.kind === 'random' ? [`random ${spec.n} seed ${spec.seed}`] : []), ...axes].join(';');
}
