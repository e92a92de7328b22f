// The analogy evaluation's fast path: wasm/analogy.ts (AssemblyScript, WebAssembly SIMD)
// narrows each question to the few rows that can be among its top k, and those are
// rescored here with the plain path's own arithmetic (queryInto, dotRow), so the answers
// are the plain path's, ties included.
//
// Why that is exact: the kernel's float32 score ŝ of a row differs from the plain score
// s by at most ε (bound below). With t̂ the k-th best ŝ, the k-th best s is ≥ t̂ − ε, so
// every row the plain top k can hold has ŝ ≥ t̂ − 2ε: the kernel returns all of those,
// in row order, and topK over them picks what topK over all rows picks.
// Where WebAssembly SIMD is missing, memory is refused, or a vector is not finite,
// createFastScorer returns undefined and the plain path runs.
import kernelWasm from './wasm/analogy.ts?wasm';

const PAGE = 65536;
/** Below this byte offset: the module's own static data; then the k-slot top list. */
const BASE = PAGE;
const TOP_BYTES = 256;
/** Bytes of [m, n] question-word cosines per batch (64 MiB). */
const GRAM_BYTES = 64 << 20;
const MAX_WORDS = 512;
/** Rows per gram call: short calls let the engine swap in optimised code early
 *  (V8 runs a long first call to the end in its baseline tier). */
const GRAM_ROWS = 512;
/** Candidate rows kept per question; a question with more (near-ties) is scored in full. */
const CAP = 4096;

/** q = b − a + c over unit rows (ids = [a, b, c, …]), stored to f32 as the plain path does. */
export function queryInto(unit: Float32Array, dim: number, ids: readonly number[], q: Float32Array): void {
  const a = ids[0] * dim;
  const b = ids[1] * dim;
  const c = ids[2] * dim;
  for (let d = 0; d < dim; d++) q[d] = unit[b + d] - unit[a + d] + unit[c + d];
}

/** q · unit row r, summed in float64 in dimension order (callers store it to f32). */
export function dotRow(unit: Float32Array, dim: number, q: Float32Array, r: number): number {
  let acc = 0;
  const o = r * dim;
  for (let d = 0; d < dim; d++) acc += unit[o + d] * q[d];
  return acc;
}

interface Exports {
  gram(W: number, dp: number, r0: number, r1: number, ids: number, m: number, S: number, stride: number): void;
  scan(
    S: number,
    stride: number,
    n: number,
    ia: number,
    ib: number,
    ic: number,
    buf: number,
    top: number,
    k: number,
    eps2: number,
    cand: number,
    cap: number,
  ): number;
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The compiled kernel, or undefined where WebAssembly SIMD is missing. */
export function analogyKernel(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (
    typeof WebAssembly === 'object' && WebAssembly.validate(kernelWasm) ? WebAssembly.compile(kernelWasm) : Promise.resolve(undefined)
  ).catch(() => undefined);
  return compiled;
}

const align = (x: number): number => Math.ceil(x / 64) * 64;

export class FastScorer {
  private readonly ex: Exports;
  private readonly memory: WebAssembly.Memory;
  private readonly dp: number;
  /** Rows padded to a multiple of 4 (the padding rows zero). */
  private readonly np: number;
  private readonly maxWords: number;
  private readonly W: number;
  private readonly ids: number;
  private readonly S: number;
  private readonly buf: number;
  private readonly cand: number;
  /** Half the candidate window: |ŝ − s| ≤ ε, see the header. */
  private readonly eps: number;

  constructor(
    module: WebAssembly.Module,
    unit: Float32Array,
    private readonly n: number,
    dim: number,
    private readonly cap: number,
  ) {
    this.dp = Math.ceil(dim / 4) * 4;
    this.np = Math.ceil(n / 4) * 4;
    // Even, so gram's 2-row step never reads past the list (one spare S row for the pad);
    // at least 4, so a question's 3 words always fit in a batch.
    this.maxWords = Math.max(4, Math.min(MAX_WORDS, Math.floor(GRAM_BYTES / (this.np * 4)))) & ~1;
    this.W = align(BASE + TOP_BYTES);
    this.ids = align(this.W + this.np * this.dp * 4);
    this.S = align(this.ids + (this.maxWords + 2) * 4);
    this.buf = align(this.S + (this.maxWords + 2) * this.np * 4);
    this.cand = align(this.buf + this.np * 4);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.cand + cap * 4) / PAGE) });
    this.ex = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as Exports;
    const w = new Float32Array(this.memory.buffer, this.W, this.np * this.dp);
    for (let r = 0; r < n; r++) w.set(unit.subarray(r * dim, (r + 1) * dim), r * this.dp);
    // Float32 rounding of an S entry (dp/4 + 2 sums of products of rows of norm ≤ 1),
    // of the two adds combining three of them (|·| ≤ 3), of the plain path's f32 query
    // and score: under (¾·dp + 18)·2⁻²⁴ in all; ε keeps a factor of 4 over that.
    this.eps = 4 * (this.dp + 32) * 2 ** -24;
  }

  /**
   * For each question (rows [a, b, c, …], in order), the rows that can be among its
   * top k by the plain score, ascending; undefined where more than `cap` rows are within
   * the window (then the caller scores every row).
   */
  candidates(questions: readonly (readonly number[])[], k: number, each: (i: number, rows: Uint32Array | undefined) => void): void {
    const u32 = new Uint32Array(this.memory.buffer);
    const slot = new Map<number, number>();
    for (let start = 0; start < questions.length;) {
      // A batch: consecutive questions whose distinct words fit in maxWords S rows.
      slot.clear();
      let end = start;
      while (end < questions.length) {
        const fresh = questions[end].slice(0, 3).filter((r, i, xs) => !slot.has(r) && xs.indexOf(r) === i);
        if (slot.size + fresh.length > this.maxWords) break;
        for (const r of fresh) slot.set(r, slot.size);
        end++;
      }
      const m = slot.size + (slot.size & 1);
      for (const [r, j] of slot) u32[this.ids / 4 + j] = r;
      if (m > slot.size) u32[this.ids / 4 + slot.size] = 0;
      for (let r = 0; r < this.np; r += GRAM_ROWS)
        this.ex.gram(this.W, this.dp, r, Math.min(this.np, r + GRAM_ROWS), this.ids, m, this.S, this.np);
      for (let i = start; i < end; i++) {
        const [a, b, c] = questions[i];
        const slotOf = (r: number): number => slot.get(r) ?? 0;
        const count = this.ex.scan(
          this.S,
          this.np,
          this.n,
          slotOf(a),
          slotOf(b),
          slotOf(c),
          this.buf,
          BASE,
          k,
          2 * this.eps,
          this.cand,
          this.cap,
        );
        each(i, count > this.cap ? undefined : u32.slice(this.cand / 4, this.cand / 4 + count));
      }
      start = end;
    }
  }
}

/**
 * A scorer over the first n unit rows ([n, dim] f32), or undefined where the fast path
 * cannot run (no WebAssembly SIMD, memory refused, a non-finite value).
 */
export async function createFastScorer(unit: Float32Array, n: number, dim: number, cap = CAP): Promise<FastScorer | undefined> {
  const module = await analogyKernel();
  if (!module || n === 0) return undefined;
  for (let i = 0; i < n * dim; i++) if (!Number.isFinite(unit[i])) return undefined;
  try {
    return new FastScorer(module, unit, n, dim, cap);
  } catch (e) {
    if (e instanceof RangeError) return undefined; // WebAssembly.Memory: out of memory
    throw e;
  }
}
