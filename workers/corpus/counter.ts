// Streaming byte tokeniser + word counter, platform-neutral (Node tests, worker).
// text8 normalisation on raw bytes: A–Z are lowercased, a–z are letters, every other
// byte (digits, punctuation, UTF-8 multi-byte sequences) is a separator. A word split
// across two feed() calls is carried over and counted once.
// Words live in a byte-keyed open-addressing hash table; every token is appended as a
// provisional id (first-occurrence order) to 1 M-id Uint32Array blocks, handed to `onBlock`
// as each fills (ingest stores them at once) and mapped to final ids through `finalVocab`'s remap.

export const BLOCK_IDS = 1 << 20;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Byte → lowercase letter code (a–z), or 0 for a separator: the text8 normalisation as one table. */
const LETTER = new Uint8Array(256);
for (let c = 97; c <= 122; c++) LETTER[c] = c;
for (let c = 65; c <= 90; c++) LETTER[c] = c + 32;

// One open-addressing slot = REC Int32 fields, so a lookup touches one cache line plus the
// word's bytes in the pool: [hash, id + 1 (0 = empty), pool offset, length, count, -, -, -].
const REC = 8;
const R_HASH = 0, R_ID = 1, R_OFF = 2, R_LEN = 3, R_COUNT = 4;

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

  private table = new Int32Array(REC << 16);
  private mask = (1 << 16) - 1;
  private pool = new Uint8Array(1 << 20);
  private poolFill = 0;
  // [provisional id] → pool offset / length, for word(id).
  private offs = new Int32Array(1 << 14);
  private lens = new Int32Array(1 << 14);

  /** `onBlock` receives each provisional-id block as it fills (and the last one from end()) instead of `blocks`. */
  constructor(private readonly onBlock?: (block: Uint32Array) => void) {}

  // Partial word carried across feed() calls.
  private cur = new Uint8Array(256);
  private curLen = 0;
  private curHash = FNV_OFFSET;

  feed(bytes: Uint8Array): void {
    const n = bytes.length;
    let i = 0;
    // A word carried over from the previous chunk continues here.
    if (this.curLen > 0) {
      let c: number;
      while (i < n && (c = LETTER[bytes[i]]) !== 0) this.carry(c), i++;
      if (i === n) return;
      this.count(this.lookup(this.cur, 0, this.curLen, this.curHash));
      this.curLen = 0;
      this.curHash = FNV_OFFSET;
    }
    // Words wholly inside this chunk are hashed and looked up in place (no copy).
    for (;;) {
      while (i < n && LETTER[bytes[i]] === 0) i++;
      if (i === n) return;
      const start = i;
      let h = FNV_OFFSET;
      let c: number;
      while (i < n && (c = LETTER[bytes[i]]) !== 0) {
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
      }
      if (i === n) {
        // The chunk ends inside a word: keep it for the next feed().
        for (let k = start; k < n; k++) this.carry(LETTER[bytes[k]]);
        return;
      }
      this.count(this.lookup(bytes, start, i - start, h));
    }
  }

  /** Flushes the last word (end of input) and fills `counts`. */
  end(): void {
    if (this.curLen > 0) this.count(this.lookup(this.cur, 0, this.curLen, this.curHash));
    this.curLen = 0;
    this.curHash = FNV_OFFSET;
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
    this.curHash = Math.imul(this.curHash ^ c, FNV_PRIME);
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

  /** Record index of the word bytes[start, start+len) (any case), inserting it when new. */
  private lookup(w: Uint8Array, start: number, len: number, h: number): number {
    const t = this.table;
    const pool = this.pool;
    let s = h & this.mask;
    for (;;) {
      const r = s * REC;
      if (t[r + R_ID] === 0) return this.insert(w, start, len, h, r);
      if (t[r + R_HASH] === h && t[r + R_LEN] === len) {
        const o = t[r + R_OFF];
        let k = 0;
        while (k < len && pool[o + k] === LETTER[w[start + k]]) k++;
        if (k === len) return r;
      }
      s = (s + 1) & this.mask;
    }
  }

  private insert(w: Uint8Array, start: number, len: number, h: number, r: number): number {
    const id = this.size++;
    if (id === this.offs.length) {
      const offs = new Int32Array(id * 2), lens = new Int32Array(id * 2);
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
    for (let k = 0; k < len; k++) this.pool[o + k] = LETTER[w[start + k]];
    this.poolFill += len;
    this.offs[id] = o;
    this.lens[id] = len;
    const t = this.table;
    t[r + R_HASH] = h;
    t[r + R_ID] = id + 1;
    t[r + R_OFF] = o;
    t[r + R_LEN] = len;
    t[r + R_COUNT] = 0;
    // Keep the load factor under 1/2.
    if (this.size * 2 > this.mask + 1) return this.rehash(r);
    return r;
  }

  /** Doubles the table; returns where record `keep` moved to. */
  private rehash(keep: number): number {
    const old = this.table;
    const t = new Int32Array(old.length * 2);
    const mask = (t.length / REC) - 1;
    let moved = -1;
    for (let r = 0; r < old.length; r += REC) {
      if (old[r + R_ID] === 0) continue;
      let s = old[r + R_HASH] & mask;
      while (t[s * REC + R_ID] !== 0) s = (s + 1) & mask;
      t.set(old.subarray(r, r + REC), s * REC);
      if (r === keep) moved = s * REC;
    }
    this.table = t;
    this.mask = mask;
    return moved;
  }

  word(id: number): string {
    const o = this.offs[id];
    // Bytes are a–z only, so a plain char-code conversion is exact.
    return String.fromCharCode(...this.pool.subarray(o, o + this.lens[id]));
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
