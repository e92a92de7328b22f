// Seeded fuzzing for the parsers' unit tests (tests/unit/fuzz-*.test.ts): a PRNG, byte
// mutators (truncation, bit flips, bad UTF-8, UTF-16, BOMs, CR/CRLF, NULs, 1 MB lines, huge
// numbers, NaN, quotes, wrong field counts) and one loop, `fuzz`, that runs a parser on each
// input and accepts only a result that passes the parser's invariants or a LabError with a
// message. Every case has its own seed (FUZZ_SEED + case index), so a failure names the case
// and `FUZZ_SEED=<seed> FUZZ_CASE=<i> npx vitest run --project unit tests/unit/<file>` replays it.
import { onTestFailed } from 'vitest';
import { LabError } from '../workers/errors';

/** mulberry32: 32-bit state, period 2^32; plenty for test inputs. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** A lowercase word of 1–`max` letters. */
  word(max = 8): string {
    let s = '';
    for (let n = 1 + this.int(max); n > 0; n--) s += String.fromCharCode(97 + this.int(26));
    return s;
  }
}

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
/** Only this case index, when set (replaying one failure). */
const ONLY_CASE = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);

const enc = new TextEncoder();
export const utf8 = (s: string): Uint8Array => enc.encode(s);
/** What File.text() / Response.text() give for these bytes: UTF-8, bad bytes → U+FFFD, one leading BOM dropped. */
export const asText = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);
/** The same bytes with a leading BOM kept (text pasted or read in Node keeps it). */
export const asTextKeepBom = (b: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

/** Replaces b[at, at+len) with `ins`. */
function splice(b: Uint8Array, at: number, len: number, ins: Uint8Array): Uint8Array {
  return cat(b.subarray(0, at), ins, b.subarray(Math.min(b.length, at + len)));
}

/** Every occurrence of byte `from` replaced by `to`. */
function replaceByte(b: Uint8Array, from: number, to: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let s = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === from) (parts.push(b.subarray(s, i), to), (s = i + 1));
  parts.push(b.subarray(s));
  return cat(...parts);
}

/** Number spellings parsers get wrong: overflow, -0, hex, NaN/Infinity, 2^53 neighbours, subnormal underflow. */
export const ODD_NUMBERS = [
  '1e309',
  '-1e309',
  '9e15',
  '9007199254740993',
  '-0',
  '0x1F',
  '0b11',
  '1_000',
  'NaN',
  'nan',
  'Infinity',
  '-inf',
  '1e-400',
  '4294967296',
  '-1',
  '1.5',
  '.5',
  '5.',
  '+3',
  '1e5',
  '',
  ' ',
  '٣',
  '１２',
] as const;

export interface Mutator {
  name: string;
  apply(rng: Rng, b: Uint8Array): Uint8Array;
}

const at = (rng: Rng, b: Uint8Array): number => rng.int(b.length + 1);

export const MUTATORS: readonly Mutator[] = [
  { name: 'truncate', apply: (r, b) => b.subarray(0, at(r, b)) },
  {
    name: 'flip bits',
    apply: (r, b) => {
      const c = b.slice();
      for (let n = 1 + r.int(4); n > 0 && c.length; n--) c[r.int(c.length)] ^= 1 << r.int(8);
      return c;
    },
  },
  {
    name: 'random bytes',
    apply: (r, b) =>
      splice(
        b,
        at(r, b),
        0,
        Uint8Array.from({ length: 1 + r.int(16) }, () => r.int(256)),
      ),
  },
  { name: 'delete range', apply: (r, b) => splice(b, at(r, b), 1 + r.int(32), new Uint8Array(0)) },
  {
    name: 'duplicate range',
    apply: (r, b) => {
      const s = at(r, b);
      return splice(b, s, 0, b.slice(s, s + 1 + r.int(64)));
    },
  },
  {
    name: 'invalid utf-8',
    apply: (r, b) =>
      splice(
        b,
        at(r, b),
        0,
        r.pick([[0xff], [0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]].map((x) => Uint8Array.from(x))),
      ),
  },
  {
    name: 'multi-byte utf-8',
    apply: (r, b) => splice(b, at(r, b), 0, utf8(r.pick(['é', 'ß', 'İ', '€', '😀', '\u00a0', '\u2028', '\u200b']))),
  },
  {
    name: 'utf-16le with BOM',
    apply: (_r, b) => {
      const s = asText(b);
      const o = new Uint8Array(2 + s.length * 2);
      o[0] = 0xff;
      o[1] = 0xfe;
      for (let i = 0; i < s.length; i++) ((o[2 + 2 * i] = s.charCodeAt(i) & 255), (o[3 + 2 * i] = s.charCodeAt(i) >> 8));
      return o;
    },
  },
  { name: 'utf-8 BOM', apply: (_r, b) => cat(Uint8Array.of(0xef, 0xbb, 0xbf), b) },
  { name: 'CRLF', apply: (_r, b) => replaceByte(b, 10, Uint8Array.of(13, 10)) },
  { name: 'CR only', apply: (_r, b) => replaceByte(b, 10, Uint8Array.of(13)) },
  { name: 'NUL bytes', apply: (r, b) => splice(b, at(r, b), 0, new Uint8Array(1 + r.int(8))) },
  { name: 'odd number', apply: (r, b) => replaceNumber(r, b, r.pick(ODD_NUMBERS)) },
  { name: 'empty', apply: () => new Uint8Array(0) },
  { name: 'only whitespace', apply: (r) => utf8(r.pick([' ', '\n', '\r\n', '\t \n \n', '   \n\n\n'])) },
  {
    name: 'duplicate first line',
    apply: (_r, b) => {
      const nl = b.indexOf(10);
      return nl < 0 ? cat(b, utf8('\n'), b) : cat(b.subarray(0, nl + 1), b);
    },
  },
  { name: 'field separator', apply: (r, b) => splice(b, at(r, b), r.int(2), utf8(r.pick([',', '\t', ' ', ';', ',,', '  ']))) },
  { name: 'quote', apply: (r, b) => splice(b, at(r, b), 0, utf8(r.pick(['"', '""', "'", '"\n', '\\"']))) },
  { name: 'blank lines', apply: (r, b) => splice(b, at(r, b), 0, utf8(r.pick(['\n\n', '\n \n', '\r\n\r\n']))) },
];

/** One 1 MB line, put in at a line start: a few cases per run (each costs milliseconds). */
export const LONG_LINE: Mutator = {
  name: 'long line (1 MB)',
  apply: (r, b) => {
    const unit = r.pick(['a', 'ab ', '1 ', '0.5 ', '"', ',', 'x\t']);
    const line = utf8(unit.repeat(Math.ceil((1 << 20) / unit.length)) + '\n');
    const nl = b.indexOf(10, at(r, b));
    return splice(b, nl < 0 ? b.length : nl + 1, 0, line);
  },
};

/** Replaces one run of digits (with its sign, point, exponent) by `to`, or appends it. */
function replaceNumber(r: Rng, b: Uint8Array, to: string): Uint8Array {
  const s = asTextKeepBom(b);
  const runs = [...s.matchAll(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi)];
  if (runs.length === 0) return cat(b, utf8(' ' + to));
  const m = r.pick(runs);
  return utf8(s.slice(0, m.index) + to + s.slice(m.index + m[0].length));
}

/** 1–3 mutations of `valid`, one in `longEvery` cases adding a 1 MB line. */
export function mutate(r: Rng, valid: Uint8Array, longEvery = 200): { bytes: Uint8Array; label: string } {
  let b = valid;
  const names: string[] = [];
  for (let n = 1 + r.int(3); n > 0; n--) {
    const m = r.pick(MUTATORS);
    b = m.apply(r, b);
    names.push(m.name);
  }
  if (r.int(longEvery) === 0) ((b = LONG_LINE.apply(r, b)), names.push(LONG_LINE.name));
  return { bytes: b, label: names.join(' + ') };
}

/** The input as a short escaped string, for failure messages. */
export function preview(b: Uint8Array | string, n = 120): string {
  const s = typeof b === 'string' ? b.slice(0, n) : Array.from(b.subarray(0, n), (c) => String.fromCharCode(c)).join('');
  return JSON.stringify(s) + ((typeof b === 'string' ? b.length : b.length) > n ? '…' : '');
}

/**
 * A case that burns more than this much CPU is a hang (a wide margin over the milliseconds a
 * case takes), not a speed limit. CPU time of this test process, not wall time: the machine
 * runs other jobs (load 16 on 2 cores was seen), which stretch wall time eightfold.
 */
export const HANG_MS = 1000;

/** CPU milliseconds (user + system) this process has used; vitest runs each test file in its own process. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface FuzzCase<I> {
  input: I;
  label: string;
}

export interface FuzzStats {
  cases: number;
  results: number;
  labErrors: number;
  /** Distinct LabError messages with their first digits blanked, for the test's log. */
  messages: Set<string>;
  /** The most CPU time one case took, and that case. */
  slowestMs: number;
  slowestLabel: string;
}

/**
 * Runs `run` on `count` generated inputs. A case passes when `run` returns and `check` accepts
 * the result, or when it throws a LabError with a non-empty message; any other throw, a failed
 * check or a case slower than HANG_MS fails the whole run with the case's seed and first bytes.
 */
export async function fuzz<I, R>(opts: {
  name: string;
  count: number;
  make(r: Rng, index: number): FuzzCase<I>;
  run(input: I): R | Promise<R>;
  check(result: R, input: I): void;
  show?(input: I): string;
}): Promise<FuzzStats> {
  const stats: FuzzStats = { cases: 0, results: 0, labErrors: 0, messages: new Set(), slowestMs: 0, slowestLabel: '' };
  // An await that never settles ends in the test's timeout: name the case it was on.
  let current: (() => string) | undefined;
  onTestFailed(() => {
    if (current) console.error(`fuzz: the last case started was ${current()}`);
  });
  const show =
    opts.show ?? ((i: I) => (i instanceof Uint8Array || typeof i === 'string' ? preview(i) : (JSON.stringify(i)?.slice(0, 200) ?? '')));
  for (let i = 0; i < opts.count; i++) {
    if (ONLY_CASE !== undefined && i !== ONLY_CASE) continue;
    const c = opts.make(new Rng(FUZZ_SEED + i * 0x9e3779b1), i);
    const where = (): string => `${opts.name}: case ${i} (FUZZ_SEED=${FUZZ_SEED} FUZZ_CASE=${i}; ${c.label}); input ${show(c.input)}`;
    current = where;
    const t0 = cpuMs();
    let result: R;
    try {
      result = await opts.run(c.input);
    } catch (e) {
      if (!(e instanceof LabError))
        throw new Error(`${where()}\nthrew ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (only a LabError may be thrown)`, {
          cause: e,
        });
      if (e.message.trim() === '') throw new Error(`${where()}\nthrew a LabError with an empty message`);
      stats.labErrors++;
      stats.messages.add(e.message.replace(/\d+/g, '#').slice(0, 100));
      track(stats, cpuMs() - t0, `case ${i}: ${c.label}`, where);
      continue;
    }
    track(stats, cpuMs() - t0, `case ${i}: ${c.label}`, where);
    try {
      opts.check(result, c.input);
    } catch (e) {
      throw new Error(`${where()}\nresult broke an invariant: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    stats.results++;
  }
  current = undefined;
  stats.cases = stats.results + stats.labErrors;
  return stats;
}

function track(stats: FuzzStats, ms: number, label: string, where: () => string): void {
  if (ms > HANG_MS) throw new Error(`${where()}\ntook ${ms.toFixed(0)} ms of CPU (over ${HANG_MS} ms: a hang)`);
  if (ms > stats.slowestMs) ((stats.slowestMs = ms), (stats.slowestLabel = label));
}

/** One line for the test log: how the cases ended. */
export function summary(name: string, s: FuzzStats): string {
  return `fuzz ${name}: ${s.cases} cases, ${s.results} results, ${s.labErrors} LabErrors (${s.messages.size} distinct messages), slowest ${s.slowestMs.toFixed(1)} ms CPU (${s.slowestLabel})`;
}

/** Throws `msg` unless `ok` (invariant checks inside `check`, cheaper than expect() per row). */
export function must(ok: boolean, msg: string | (() => string)): asserts ok {
  if (!ok) throw new Error(typeof msg === 'string' ? msg : msg());
}

/** Splits `b` into 1–`max` chunks at random offsets (network reads land anywhere, mid UTF-8 sequence too). */
export function randomChunks(r: Rng, b: Uint8Array, max = 8): Uint8Array[] {
  const cuts = Array.from({ length: r.int(max) }, () => r.int(b.length + 1)).sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let s = 0;
  for (const c of [...cuts, b.length]) (out.push(b.slice(s, c)), (s = c));
  return out;
}
