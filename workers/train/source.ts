// Streams a stored corpus's word-id chunks from IndexedDB in order, prefetching the
// next chunk while the current one is consumed.
import { readChunk, type CorpusManifest } from '../corpus/format';
import type { WordSource } from './plan';

export class IdbSource implements WordSource {
  private chunkIdx = -1;
  private chunkStart = 0;
  private chunk: Uint32Array = new Uint32Array(0);
  private prefetch?: Promise<Uint32Array>;

  constructor(private readonly m: CorpusManifest) {}

  get total(): number {
    return this.m.kept;
  }

  private async advance(): Promise<void> {
    const n = this.chunkIdx + 1;
    const c = this.prefetch ?? readChunk(this.m.id, n);
    this.chunkStart += this.chunk.length;
    this.chunk = await c;
    this.chunkIdx = n;
    this.prefetch = n + 1 < this.m.chunkCount ? readChunk(this.m.id, n + 1) : undefined;
  }

  async read(start: number, end: number): Promise<Uint32Array> {
    if (start < this.chunkStart) {
      this.chunkIdx = -1;
      this.chunkStart = 0;
      this.chunk = new Uint32Array(0);
      this.prefetch = undefined;
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
