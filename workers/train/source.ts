// Streams a stored corpus's word-id chunks from IndexedDB in order, prefetching the
// next chunk while the current one is consumed (after the last chunk, the first, for the next
// epoch): the read's result is only delivered when the engine thread is free between batches.
import { readChunk, type CorpusManifest } from '../corpus/format';
import type { WordSource } from './plan';

const PREFETCH = 2;

export class IdbSource implements WordSource {
  private chunkIdx = -1;
  private chunkStart = 0;
  private chunk: Uint32Array = new Uint32Array(0);
  /** Reads of the next chunks, started early (after the last chunk come the first ones again, for the next epoch). */
  private prefetch: { n: number; ids: Promise<Uint32Array> }[] = [];

  constructor(private readonly m: CorpusManifest) {}

  get total(): number {
    return this.m.kept;
  }

  private fetch(n: number): Promise<Uint32Array> {
    const p = this.prefetch.shift();
    if (p?.n === n) return p.ids;
    this.prefetch = [];
    return readChunk(this.m.id, n);
  }

  private async advance(): Promise<void> {
    const n = this.chunkIdx + 1;
    const c = this.fetch(n);
    this.chunkStart += this.chunk.length;
    this.chunk = await c;
    this.chunkIdx = n;
    // Two ahead: the last chunk can be short, and a read only advances while the thread is free.
    for (let k = this.prefetch.length + 1; k <= Math.min(PREFETCH, this.m.chunkCount - 1); k++) {
      const next = (n + k) % this.m.chunkCount;
      const ids = readChunk(this.m.id, next);
      ids.catch(() => {}); // reported when read
      this.prefetch.push({ n: next, ids });
    }
  }

  async read(start: number, end: number): Promise<Uint32Array> {
    if (start < this.chunkStart) {
      this.chunkIdx = -1;
      this.chunkStart = 0;
      this.chunk = new Uint32Array(0);
    }
    const out = new Uint32Array(end - start);
    let o = 0;
    while (o < out.length) {
      const pos = start + o;
      while (pos >= this.chunkStart + this.chunk.length) {
        if (this.chunkIdx + 1 >= this.m.chunkCount) throw new Error(`corpus ${this.m.id} ends before word ${pos}`);
        await this.advance();
      }
      const from = pos - this.chunkStart;
      const take = Math.min(out.length - o, this.chunk.length - from);
      out.set(this.chunk.subarray(from, from + take), o);
      o += take;
    }
    return out;
  }
}
