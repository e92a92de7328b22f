// Fuzzed corpus input. (1) The byte tokeniser on random text — ASCII, UTF-8 (split mid
// sequence by the chunking), bad bytes, NULs, CR/CRLF, words over 12 letters and 1 MB words —
// fed in random chunks: its tokens must be exactly the text8 normalisation of the bytes (only
// a–z words, whatever the chunking) and what text8Words (HN titles, queries) makes of the same
// text decoded. (2) openText on zip (stored, deflated, with a data descriptor), gzip and plain
// text, damaged: the text stream gives the original bytes, or fails with a LabError.
import { describe, expect, it } from 'vitest';
import { gzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { WordCounter } from '../../workers/corpus/counter';
import { openText, selfChecking } from '../../workers/corpus/streams';
import { text8Words } from '../../workers/lib/text8';
import { asTextKeepBom, fuzz, must, mutate, randomChunks, summary, utf8, type Rng } from '../fuzz-inputs';

const PIECES = [
  'the',
  'Quick',
  'BROWN',
  'fox',
  "it's",
  'café',
  'naïve',
  'İstanbul',
  'Kelvin',
  'straße',
  '😀',
  '中文',
  '3',
  '1e5',
  '-',
  ',',
  '.',
  '\n',
  '\r\n',
  '\t',
  '  ',
  '\u00a0',
  'antidisestablishmentarianism',
  'abcdefghijkl',
  'abcdefghijklm',
];

function randomText(r: Rng): Uint8Array {
  const parts: string[] = [];
  for (let n = r.int(60); n > 0; n--)
    parts.push(r.chance(0.5) ? r.pick(PIECES) : r.word(r.chance(0.1) ? 20 : 7), r.pick([' ', ' ', '\n', '', ', ']));
  return utf8(parts.join(''));
}

/** text8 form of raw bytes, the reference: A–Z lowercased, a–z kept, every other byte a separator (latin1: one char a byte). */
function referenceTokens(b: Uint8Array): string[] {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength)
    .toString('latin1')
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

function tokens(chunks: Uint8Array[]): string[] {
  const c = new WordCounter();
  for (const p of chunks) c.feed(p);
  c.end();
  const out: string[] = [];
  for (const block of c.blocks) for (const id of block) out.push(c.word(id));
  must(out.length === c.tokens, 'token count differs from the ids written');
  return out;
}

/** Token lists equal (a long line makes 350k tokens: expect().toEqual takes seconds on those). */
function sameTokens(got: string[], want: string[], what: string): void {
  if (got.length === want.length && got.every((w, i) => w === want[i])) return;
  const i = got.findIndex((w, k) => w !== want[k]);
  throw new Error(
    `tokens differ from ${what} at ${i < 0 ? got.length : i}: ${JSON.stringify(got.slice(Math.max(0, i - 2), i + 3))} vs ${JSON.stringify(want.slice(Math.max(0, i - 2), i + 3))} (${got.length} vs ${want.length} tokens)`,
  );
}

const NEWLINE = Uint8Array.of(10);

async function readAll(s: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of s as unknown as AsyncIterable<Uint8Array>) parts.push(p);
  return Buffer.concat(parts);
}

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(ctl) {
      if (i >= chunks.length) return ctl.close();
      ctl.enqueue(chunks[i++]);
    },
  });
}

/** A zip whose sizes are only in a trailing data descriptor (as streaming zip writers make). */
function zipWithDescriptor(name: string, data: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  const z = new Zip((err, chunk) => {
    if (err) throw err;
    out.push(chunk);
  });
  const f = new ZipDeflate(name);
  z.add(f);
  f.push(data, true);
  z.end();
  return Buffer.concat(out);
}

function archive(r: Rng, text: Uint8Array): { bytes: Uint8Array; kind: string } {
  const kind = r.pick(['zip stored', 'zip deflate', 'zip descriptor', 'gzip', 'text'] as const);
  if (kind === 'zip stored') return { kind, bytes: zipSync({ 'a.txt': [text, { level: 0 }] }) };
  if (kind === 'zip deflate') return { kind, bytes: zipSync({ 'a.txt': text }) };
  if (kind === 'zip descriptor') return { kind, bytes: zipWithDescriptor('a.txt', text) };
  if (kind === 'gzip') return { kind, bytes: gzipSync(text) };
  return { kind, bytes: text };
}

describe('fuzz: corpus text', { timeout: 60_000 }, () => {
  // Ten texts a case, one counter for the ten (a newline between them ends the last word):
  // each WordCounter starts with 13 MB of tables, which cost more than counting a small text.
  it('tokeniser: 3,000 texts in random chunks give the text8 tokens of their bytes, and text8Words agrees', async () => {
    let words = 0;
    const stats = await fuzz({
      name: 'tokeniser',
      count: 300,
      make: (r) => {
        const labels: string[] = [];
        const texts = Array.from({ length: 10 }, () => {
          const m = r.chance(0.2) ? { bytes: randomText(r), label: 'text' } : mutate(r, randomText(r), 300);
          labels.push(m.label);
          return randomChunks(r, m.bytes, 12);
        });
        return { input: texts, label: labels.join(' | ') };
      },
      run: (texts: Uint8Array[][]) => tokens(texts.flatMap((chunks) => [...chunks, NEWLINE])),
      check: (got, texts) => {
        const bytes = Buffer.concat(texts.flatMap((chunks) => [...chunks, NEWLINE]));
        for (const w of got) must(/^[a-z]+$/.test(w), () => `token ${JSON.stringify(w.slice(0, 40))} is not a–z`);
        sameTokens(got, referenceTokens(bytes), 'the reference');
        // What HN titles and query words become must match the corpus's words (text8.ts).
        sameTokens(got, text8Words(asTextKeepBom(bytes)), 'text8Words');
        words += got.length;
      },
      show: (texts) =>
        texts
          .map((chunks) => JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 60)) + ` in ${chunks.length} chunks`)
          .join(', '),
    });
    console.log(summary('tokeniser', stats));
    expect(words).toBeGreaterThan(10_000);
  });

  it('archives: 2,000 zip / gzip / text inputs, damaged, give their text or a LabError', async () => {
    const stats = await fuzz({
      name: 'archives',
      count: 2000,
      make: (r) => {
        const text = randomText(r);
        const a = archive(r, text);
        if (r.chance(0.15)) return { input: { chunks: randomChunks(r, a.bytes), text }, label: `valid ${a.kind}` };
        // Bytes after the first 30 (zip's local header) hold the data; damage anywhere.
        const m = mutate(r, a.bytes, 400);
        return { input: { chunks: randomChunks(r, m.bytes), text: undefined }, label: `${a.kind}: ${m.label}` };
      },
      run: async (i: { chunks: Uint8Array[]; text?: Uint8Array }) => readAll(selfChecking(await openText(streamOf(i.chunks)))),
      check: (out, i) => {
        if (i.text) expect(Buffer.from(out).equals(i.text)).toBe(true);
      },
      show: (i) => `${JSON.stringify(Buffer.concat(i.chunks).toString('latin1').slice(0, 80))} (${Buffer.concat(i.chunks).length} bytes)`,
    });
    console.log(summary('archives', stats), [...stats.messages]);
    expect(stats.labErrors).toBeGreaterThan(200);
  });

  // Input the fuzzing found (kept as it was found).
  it('regression: text8Words splits "İstanbul" and the Kelvin sign as the byte tokeniser does', () => {
    const text = 'abcdefghijklmİstanbul \u212Aelvin';
    expect(text8Words(text)).toEqual(['abcdefghijklm', 'stanbul', 'elvin']);
    expect(tokens([utf8(text)])).toEqual(['abcdefghijklm', 'stanbul', 'elvin']);
  });
});
