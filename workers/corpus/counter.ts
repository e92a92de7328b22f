// Streaming byte tokeniser + word counter, platform-neutral (Node tests, worker).
// text8 normalisation on raw bytes: A–Z are lowercased, a–z are letters, every other
// byte (digits, punctuation, UTF-8 multi-byte sequences) is a separator. A word split
// across two feed() calls is carried over and counted once.
// Words live in an open-addressing hash table keyed by the word's letters packed 5 bits each;
// every token is appended as a provisional id (first-occurrence order) to 1 M-id Uint32Array
// blocks, handed to `onBlock` as each fills (ingest stores them at once) and mapped to final
// ids through `finalVocab`'s remap.

export const BLOCK_IDS = 1 << 20;

/** Byte → letter number 1–26 (a–z, A–Z), or 0 for a separator: the text8 normalisation as one table. */
const LETTER = new Uint8Array(256);
for (let c = 97; c <= 122; c++) LETTER[c] = c - 96;
for (let c = 65; c <= 90; c++) LETTER[c] = c - 64;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// Key of a word: its first 6 letters packed 5 bits each (k1), the next 6 (k2), an FNV hash of
// the rest (k3, 0 when none) and its length. Letters are 1–26, never 0, so up to 12 letters the
// key is the word itself and a lookup compares four integers; a longer word's tail is compared
// byte by byte. Slot (one half cache line, the count beside the key the lookup just read):
// [k1, k2, k3, len, id + 1 (0 = empty), pool offset, count, -].
const REC = 8;
const R_K1 = 0,
  R_K2 = 1,
  R_K3 = 2,
  R_LEN = 3,
  R_ID = 4,
  R_OFF = 5,
  R_COUNT = 6;

function mix(k1: number, k2: number, k3: number): number {
  let h = Math.imul(k1 ^ Math.imul(k2, 0x9e3779b1) ^ Math.imul(k3, 0x85ebca6b), 0xc2b2ae35);
  return h ^ (h >>> 15);
}

export class WordCounter {
  /** Tokens seen (before min-count). */
  tokens = 0;
  /** Provisional-id blocks, each BLOCK_IDS long except the last, when no `onBlock` takes them. */
  readonly blocks: Uint32Array[] = [];
  /** [provisional id] → count; filled by end(). */
  counts = new Float64Array(0);
  /** Distinct words seen. */
  size = 0;
  private block = new Uint32Array(BLOCK_IDS);
  private blockFill = 0;
  // 2^18 slots (8 MB) hold 128 k words before the first rehash (text8 has 254 k, its first 17 M
  // letters 81 k).
  private table = new Int32Array(REC << 18);
  private mask = (1 << 18) - 1;
  /** Letter numbers (1–26) of every word, back to back. */
  private pool = new Uint8Array(1 << 20);
  private poolFill = 0;
  private offs = new Int32Array(1 << 14);
  private lens = new Int32Array(1 << 14);
  /** `onBlock` receives each provisional-id block as it fills (and the last one from end()) instead of `blocks`. */
  constructor(private readonly onBlock?: (block: Uint32Array) => void) {}
  // Partial word carried across feed() calls, as letter numbers.
  private cur = new Uint8Array(256);
  private curLen = 0;

  feed(bytes: Uint8Array): void {
    const n = bytes.length;
    let i = 0;
    if (this.curLen > 0) {
      let c: number;
      while (i < n && (c = LETTER[bytes[i]]) !== 0) (this.carry(c), i++);
      if (i === n) return;
      this.countCarried();
    }
    // Words wholly inside this chunk are keyed and looked up in place (no copy).
    for (;;) {
      while (i < n && LETTER[bytes[i]] === 0) i++;
      if (i === n) return;
      const start = i;
      let k1 = 0,
        k2 = 0,
        k3 = 0;
      let c = 0;
      const e1 = Math.min(n, i + 6);
      while (i < e1 && (c = LETTER[bytes[i]]) !== 0) ((k1 = (k1 << 5) | c), i++);
      if (i === e1 && i < n) {
        const e2 = Math.min(n, i + 6);
        while (i < e2 && (c = LETTER[bytes[i]]) !== 0) ((k2 = (k2 << 5) | c), i++);
        if (i === e2 && i < n && LETTER[bytes[i]] !== 0) {
          k3 = FNV_OFFSET;
          while (i < n && (c = LETTER[bytes[i]]) !== 0) ((k3 = Math.imul(k3 ^ c, FNV_PRIME)), i++);
        }
      }
      if (i === n) {
        for (let k = start; k < n; k++) this.carry(LETTER[bytes[k]]);
        return;
      }
      this.count(this.lookup(bytes, start, i - start, k1, k2, k3, true));
    }
  }

  /** Flushes the last word (end of input) and fills `counts`. */
  end(): void {
    if (this.curLen > 0) this.countCarried();
    if (this.blockFill > 0) this.flush(this.block.subarray(0, this.blockFill));
    this.blockFill = 0;
    this.block = new Uint32Array(0);
    const counts = new Float64Array(this.size);
    const t = this.table;
    for (let r = 0; r < t.length; r += REC) if (t[r + R_ID] !== 0) counts[t[r + R_ID] - 1] = t[r + R_COUNT] >>> 0;
    this.counts = counts;
  }

  private carry(c: number): void {
    if (this.curLen === this.cur.length) {
      const bigger = new Uint8Array(this.curLen * 2);
      bigger.set(this.cur);
      this.cur = bigger;
    }
    this.cur[this.curLen++] = c;
  }

  /** Counts the word carried over chunk ends (its letters are already numbers). */
  private countCarried(): void {
    const w = this.cur,
      len = this.curLen;
    let k1 = 0,
      k2 = 0,
      k3 = 0,
      k = 0;
    for (; k < len && k < 6; k++) k1 = (k1 << 5) | w[k];
    for (; k < len && k < 12; k++) k2 = (k2 << 5) | w[k];
    if (k < len) for (k3 = FNV_OFFSET; k < len; k++) k3 = Math.imul(k3 ^ w[k], FNV_PRIME);
    this.count(this.lookup(w, 0, len, k1, k2, k3, false));
    this.curLen = 0;
  }

  /** Counts one token of word `r` (a table record index) and appends its id. */
  private count(r: number): void {
    const t = this.table;
    t[r + R_COUNT]++;
    this.tokens++;
    this.block[this.blockFill++] = t[r + R_ID] - 1;
    if (this.blockFill === BLOCK_IDS) {
      this.flush(this.block);
      this.block = new Uint32Array(BLOCK_IDS);
      this.blockFill = 0;
    }
  }

  private flush(block: Uint32Array): void {
    if (this.onBlock) this.onBlock(block);
    else this.blocks.push(block);
  }

  /** Record index of the word w[start, start+len) — raw bytes when `raw`, else letter numbers — inserting it when new. */
  private lookup(w: Uint8Array, start: number, len: number, k1: number, k2: number, k3: number, raw: boolean): number {
    const t = this.table;
    let s = mix(k1, k2, k3) & this.mask;
    for (;;) {
      const r = s * REC;
      if (t[r + R_ID] === 0) return this.insert(w, start, len, k1, k2, k3, raw, r);
      if (
        t[r + R_K1] === k1 &&
        t[r + R_K2] === k2 &&
        t[r + R_K3] === k3 &&
        t[r + R_LEN] === len &&
        (len <= 12 || this.sameTail(w, start, len, raw, t[r + R_OFF]))
      )
        return r;
      s = (s + 1) & this.mask;
    }
  }

  private sameTail(w: Uint8Array, start: number, len: number, raw: boolean, o: number): boolean {
    const pool = this.pool;
    for (let k = 12; k < len; k++) if (pool[o + k] !== (raw ? LETTER[w[start + k]] : w[start + k])) return false;
    return true;
  }

  private insert(w: Uint8Array, start: number, len: number, k1: number, k2: number, k3: number, raw: boolean, r: number): number {
    const id = this.size++;
    if (id === this.offs.length) {
      const offs = new Int32Array(id * 2),
        lens = new Int32Array(id * 2);
      offs.set(this.offs);
      lens.set(this.lens);
      this.offs = offs;
      this.lens = lens;
    }
    if (this.poolFill + len > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolFill + len));
      p.set(this.pool);
      this.pool = p;
    }
    const o = this.poolFill;
    for (let k = 0; k < len; k++) this.pool[o + k] = raw ? LETTER[w[start + k]] : w[start + k];
    this.poolFill += len;
    this.offs[id] = o;
    this.lens[id] = len;
    const t = this.table;
    t[r + R_K1] = k1;
    t[r + R_K2] = k2;
    t[r + R_K3] = k3;
    t[r + R_LEN] = len;
    t[r + R_ID] = id + 1;
    t[r + R_OFF] = o;
    t[r + R_COUNT] = 0;
    if (this.size * 2 > this.mask + 1) return this.rehash(r);
    return r;
  }

  /** Doubles the table; returns where record `keep` moved to. */
  private rehash(keep: number): number {
    const old = this.table;
    const t = new Int32Array(old.length * 2);
    const mask = t.length / REC - 1;
    let moved = -1;
    for (let r = 0; r < old.length; r += REC) {
      if (old[r + R_ID] === 0) continue;
      let s = mix(old[r + R_K1], old[r + R_K2], old[r + R_K3]) & mask;
      while (t[s * REC + R_ID] !== 0) s = (s + 1) & mask;
      for (let k = 0; k < REC; k++) t[s * REC + k] = old[r + k];
      if (r === keep) moved = s * REC;
    }
    this.table = t;
    this.mask = mask;
    return moved;
  }

  word(id: number): string {
    const o = this.offs[id];
    let s = '';
    for (let k = 0; k < this.lens[id]; k++) s += String.fromCharCode(96 + this.pool[o + k]);
    return s;
  }
}

export interface FinalVocab {
  words: string[];
  counts: Float64Array;
  /** [provisional id] → final id, or -1 when the word was dropped. */
  remap: Int32Array;
  /** Tokens of kept words (the corpus length after min-count / max-vocab). */
  kept: number;
}

/**
 * Orders words by count descending, ties by first occurrence (gensim's stable sort),
 * keeps count >= minCount, then at most maxVocab words.
 */
export function finalVocab(c: WordCounter, minCount: number, maxVocab?: number): FinalVocab {
  const keep: number[] = [];
  for (let id = 0; id < c.size; id++) if (c.counts[id] >= minCount) keep.push(id);
  keep.sort((a, b) => c.counts[b] - c.counts[a] || a - b);
  if (maxVocab !== undefined && maxVocab > 0 && keep.length > maxVocab) keep.length = maxVocab;
  const remap = new Int32Array(c.size).fill(-1);
  const counts = new Float64Array(keep.length);
  const words = new Array<string>(keep.length);
  let kept = 0;
  keep.forEach((id, i) => {
    remap[id] = i;
    counts[i] = c.counts[id];
    words[i] = c.word(id);
    kept += counts[i];
  });
  return { words, counts, remap, kept };
}

/** Maps one block of provisional ids to final ids, dropping dropped words (as word2vec.c does). */
export function remapBlock(block: Uint32Array, remap: Int32Array): Uint32Array {
  const out = new Uint32Array(block.length);
  let fill = 0;
  for (let i = 0; i < block.length; i++) {
    const f = remap[block[i]];
    if (f >= 0) out[fill++] = f;
  }
  return fill === out.length ? out : out.slice(0, fill);
}
