// Streaming byte tokeniser + word counter, platform-neutral (Node tests, worker).
// text8 normalisation on raw bytes: A–Z are lowercased, a–z are letters, every other
// byte (digits, punctuation, UTF-8 multi-byte sequences) is a separator. A word split
// across two feed() calls is carried over and counted once.
// Words live in a byte-keyed open-addressing hash table; every token is appended as a
// provisional id (first-occurrence order) to 1 M-id Uint32Array blocks, remapped at the end.

export const BLOCK_IDS = 1 << 20;

export class WordCounter {
  /** Tokens seen (before min-count). */
  tokens = 0;
  /** Provisional-id blocks, each BLOCK_IDS long except the last (filled to `tokens`). */
  readonly blocks: Uint32Array[] = [];
  private block = new Uint32Array(BLOCK_IDS);
  private blockFill = 0;

  // Word table: slot → provisional id + 1 (0 = empty).
  private slots = new Int32Array(1 << 16);
  private mask = (1 << 16) - 1;
  private pool = new Uint8Array(1 << 20);
  private poolFill = 0;
  private offs = new Int32Array(1 << 14);
  private lens = new Int32Array(1 << 14);
  private hashes = new Int32Array(1 << 14);
  counts = new Float64Array(1 << 14);
  size = 0;

  // Partial word carried across feed() calls.
  private cur = new Uint8Array(256);
  private curLen = 0;
  private curHash = 0x811c9dc5 | 0;

  feed(bytes: Uint8Array): void {
    let cur = this.cur;
    let len = this.curLen;
    let h = this.curHash;
    for (let i = 0, n = bytes.length; i < n; i++) {
      let b = bytes[i];
      if (b >= 65 && b <= 90) b += 32;
      else if (b < 97 || b > 122) {
        if (len > 0) {
          this.emit(cur, len, h);
          len = 0;
          h = 0x811c9dc5 | 0;
        }
        continue;
      }
      if (len === cur.length) {
        const bigger = new Uint8Array(len * 2);
        bigger.set(cur);
        cur = this.cur = bigger;
      }
      cur[len++] = b;
      h = Math.imul(h ^ b, 0x01000193);
    }
    this.curLen = len;
    this.curHash = h;
  }

  /** Flushes the last word (end of input). */
  end(): void {
    if (this.curLen > 0) this.emit(this.cur, this.curLen, this.curHash);
    this.curLen = 0;
    this.curHash = 0x811c9dc5 | 0;
    if (this.blockFill > 0) this.blocks.push(this.block.subarray(0, this.blockFill));
    this.blockFill = 0;
    this.block = new Uint32Array(0);
  }

  private emit(w: Uint8Array, len: number, h: number): void {
    const id = this.lookup(w, len, h);
    this.counts[id]++;
    this.tokens++;
    this.block[this.blockFill++] = id;
    if (this.blockFill === BLOCK_IDS) {
      this.blocks.push(this.block);
      this.block = new Uint32Array(BLOCK_IDS);
      this.blockFill = 0;
    }
  }

  private lookup(w: Uint8Array, len: number, h: number): number {
    const slots = this.slots;
    let s = h & this.mask;
    for (;;) {
      const e = slots[s];
      if (e === 0) break;
      const id = e - 1;
      if (this.hashes[id] === h && this.lens[id] === len) {
        const o = this.offs[id];
        const pool = this.pool;
        let k = 0;
        while (k < len && pool[o + k] === w[k]) k++;
        if (k === len) return id;
      }
      s = (s + 1) & this.mask;
    }
    return this.insert(w, len, h, s);
  }

  private insert(w: Uint8Array, len: number, h: number, slot: number): number {
    const id = this.size++;
    if (id === this.offs.length) this.growIds();
    if (this.poolFill + len > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolFill + len));
      p.set(this.pool);
      this.pool = p;
    }
    this.pool.set(w.subarray(0, len), this.poolFill);
    this.offs[id] = this.poolFill;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.poolFill += len;
    this.slots[slot] = id + 1;
    // Keep the load factor under 1/2.
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growIds(): void {
    const n = this.offs.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.offs = g(this.offs, (k) => new Int32Array(k));
    this.lens = g(this.lens, (k) => new Int32Array(k));
    this.hashes = g(this.hashes, (k) => new Int32Array(k));
    this.counts = g(this.counts, (k) => new Float64Array(k));
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let s = this.hashes[id] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
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
  keep.forEach((id, i) => {
    remap[id] = i;
    counts[i] = c.counts[id];
    words[i] = c.word(id);
  });
  return { words, counts, remap };
}

/** Rewrites provisional-id blocks into final-id chunks of at most BLOCK_IDS, dropping OOV tokens. */
export function remapBlocks(blocks: Uint32Array[], remap: Int32Array): { chunks: Uint32Array[]; kept: number } {
  const chunks: Uint32Array[] = [];
  let out = new Uint32Array(BLOCK_IDS);
  let fill = 0;
  let kept = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.length; i++) {
      const f = remap[b[i]];
      if (f < 0) continue;
      out[fill++] = f;
      if (fill === BLOCK_IDS) {
        chunks.push(out);
        kept += fill;
        out = new Uint32Array(BLOCK_IDS);
        fill = 0;
      }
    }
  }
  if (fill > 0) {
    chunks.push(out.slice(0, fill));
    kept += fill;
  }
  return { chunks, kept };
}
