import { describe, it, expect } from 'vitest';
import { gzipSync, zipSync, strToU8 } from 'fflate';
import { WordCounter, finalVocab, remapBlock, BLOCK_IDS } from '../../workers/corpus/counter';
import { openText, detectFormat, looksBinary } from '../../workers/corpus/streams';
import { text8Words } from '../../workers/lib/text8';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function countIn(parts: Uint8Array[]): { words: string[]; c: WordCounter } {
  const c = new WordCounter();
  for (const p of parts) c.feed(p);
  c.end();
  const ids = c.blocks.flatMap((b) => [...b]);
  return { words: ids.map((id) => c.word(id)), c };
}

function streamOf(bytes: Uint8Array, piece: number): ReadableStream<Uint8Array> {
  let o = 0;
  return new ReadableStream({
    pull(ctl) {
      if (o >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(o, o + piece));
      o += piece;
    },
  });
}

async function readAll(s: ReadableStream<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const p of s as unknown as AsyncIterable<Uint8Array>) parts.push(p);
  return Buffer.concat(parts).toString('latin1');
}

const SAMPLE = "The Quick brown-fox, jumped over 3 lazy DOGS!\nIt's the fox's day; the end.\tfox";

describe('byte tokeniser', () => {
  it('normalises like text8Words: lowercase, anything but a–z separates', () => {
    expect(countIn([enc(SAMPLE)]).words).toEqual(text8Words(SAMPLE));
  });

  it('counts a word split across chunk boundaries once, at every split point', () => {
    const bytes = enc(SAMPLE);
    const want = text8Words(SAMPLE);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(countIn([bytes.subarray(0, cut), bytes.subarray(cut)]).words).toEqual(want);
    }
    // One byte at a time.
    expect(countIn([...bytes].map((b) => Uint8Array.of(b))).words).toEqual(want);
  });

  it('treats UTF-8 multi-byte letters as separators (text8 keeps only a–z)', () => {
    expect(countIn([enc('café naïve über')]).words).toEqual(['caf', 'na', 've', 'ber']);
  });

  it('keeps words of every length apart, across every split point (long words share 12-letter prefixes)', () => {
    const base = 'abcdefghijklmnopqrstuvwxyzabcd';
    const words: string[] = [];
    for (let len = 1; len <= base.length; len++) words.push(base.slice(0, len), base.slice(0, len - 1) + 'z');
    words.push('internationalization', 'internationalisation', 'internationalizations', 'INTERNATIONALIZATION', 'abcdefabcdef', 'abcdef');
    const text = words.join(' ') + ' ' + [...words].reverse().join('\n');
    const want = text8Words(text);
    const bytes = enc(text);
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      const { words: got, c } = countIn([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(got).toEqual(want);
      expect(c.size).toBe(new Set(want).size);
    }
  });

  it('keeps many distinct words apart (table growth and rehash)', () => {
    const words = Array.from({ length: 150_000 }, (_, i) => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[+d]));
    const text = words.join(' ') + ' ' + words.slice(0, 10).join(' ');
    const { c } = countIn([enc(text)]);
    expect(c.size).toBe(new Set(words).size);
    expect(c.tokens).toBe(words.length + 10);
  });
});

describe('vocabulary', () => {
  const text = 'b a c a b a d e e e e f';
  it('orders by count descending, ties by first occurrence, applies min-count', () => {
    const { c } = countIn([enc(text)]);
    const v = finalVocab(c, 2);
    expect(v.words).toEqual(['e', 'a', 'b']);
    expect([...v.counts]).toEqual([4, 3, 2]);
    const all = finalVocab(c, 1);
    expect(all.words).toEqual(['e', 'a', 'b', 'c', 'd', 'f']);
  });

  it('caps at max-vocab and drops out-of-vocabulary tokens from the chunks', () => {
    const { c } = countIn([enc(text)]);
    const v = finalVocab(c, 1, 2);
    expect(v.words).toEqual(['e', 'a']);
    expect(v.kept).toBe(7);
    const chunk = remapBlock(c.blocks[0], v.remap);
    expect([...chunk].map((i) => v.words[i]).join(' ')).toBe('a a a e e e e');
  });

  it('hands each full block of ids to onBlock as it fills, the rest at end()', () => {
    const got: Uint32Array[] = [];
    const c = new WordCounter((b) => got.push(b.slice()));
    const words = BLOCK_IDS + 5;
    const piece = enc('ab '.repeat(4096));
    for (let fed = 0; fed < words; fed += 4096) c.feed(piece);
    expect(got.length).toBe(1);
    expect(got[0].length).toBe(BLOCK_IDS);
    c.end();
    expect(got.length).toBe(2);
    expect(got[0].length + got[1].length).toBe(c.tokens);
    expect(c.blocks.length).toBe(0);
  });
});

describe('zip / gzip streaming', () => {
  const text = SAMPLE.repeat(2000);
  it('detects format by magic bytes, not by name', () => {
    expect(detectFormat(gzipSync(strToU8('x')))).toBe('gzip');
    expect(detectFormat(zipSync({ 'a.txt': strToU8('x') }))).toBe('zip');
    expect(detectFormat(enc('PK is text'))).toBe('text');
  });

  it('inflates the first zip entry and gzip, in small pieces', async () => {
    for (const bytes of [zipSync({ 'a.txt': strToU8(text), 'b.txt': strToU8('other') }), gzipSync(strToU8(text)), enc(text)]) {
      const { text: out } = await openText(streamOf(bytes, 777));
      expect(await readAll(out)).toBe(text);
    }
  });

  it('reports truncated and corrupt archives by name', async () => {
    const zip = zipSync({ 'a.txt': strToU8(text) });
    await expect(openText(streamOf(zip.slice(0, zip.length >> 1), 500)).then((r) => readAll(r.text))).rejects.toThrow(/zip is truncated/);
    const gz = gzipSync(strToU8(text));
    await expect(openText(streamOf(gz.slice(0, gz.length >> 1), 500)).then((r) => readAll(r.text))).rejects.toThrow(
      /gzip is (truncated|corrupt)/,
    );
    const bad = gz.slice();
    bad.fill(0xff, 20, 60);
    await expect(openText(streamOf(bad, 500)).then((r) => readAll(r.text))).rejects.toThrow(/gzip is (corrupt|truncated)/);
  });

  it('flags binary data as not text', () => {
    const rnd = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    expect(looksBinary(rnd)).toBe(true);
    expect(looksBinary(enc(text))).toBe(false);
  });
});
