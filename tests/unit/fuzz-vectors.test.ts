// Fuzzed word-vector files through the streaming reader (.vec with and without a header, .bin):
// every input is read whole and in random chunks (cut anywhere, mid UTF-8 sequence and mid
// float too); both readings must agree, and a result must hold only whole rows of finite
// numbers under distinct words — or the reader refuses the file with a LabError. Rows with
// NaN/Inf are skipped and counted (the reader's documented rule), never stored.
import { describe, expect, it } from 'vitest';
import { parseVectors, type ParsedVectors } from '../../workers/vectors/read';
import { binParts, vecParts } from '../../workers/vectors/write';
import { LabError } from '../../workers/errors';
import { fuzz, must, mutate, preview, randomChunks, summary, utf8, type Rng } from '../fuzz-inputs';

interface Valid {
  words: string[];
  rows: number[][];
  bytes: Uint8Array;
}

const join = (parts: Iterable<Uint8Array>): Uint8Array => {
  const ps = [...parts];
  const out = new Uint8Array(ps.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of ps) (out.set(p, o), (o += p.length));
  return out;
};

function validFile(r: Rng): Valid & { kind: 'vec' | 'glove' | 'bin' } {
  const dim = 1 + r.int(6);
  const n = 1 + r.int(12);
  const words = new Set<string>();
  while (words.size < n) words.add(r.chance(0.1) ? r.word(4) + r.pick(['é', 'ß', '😀', '中']) : r.word(6));
  const rows = Array.from({ length: n }, () => Array.from({ length: dim }, () => Math.fround((r.next() - 0.5) * 10 ** r.int(4))));
  const v = { words: [...words], matrix: Float32Array.from(rows.flat()), dim };
  const kind = r.pick(['vec', 'glove', 'bin'] as const);
  let bytes = join(kind === 'bin' ? binParts(v) : vecParts(v));
  if (kind === 'glove') bytes = bytes.subarray(bytes.indexOf(10) + 1);
  return { kind, words: v.words, rows, bytes };
}

// Headers that are numbers but not sane ones: the reader sizes its matrix from them.
const HEADERS = ['1048576 100000', '3 100000', '3 100001', '0 3', '3 0', '99999999999999999999 3', '3 3 3', '2 -3', '4294967297 2', '7'];

function withHeader(r: Rng, b: Uint8Array): Uint8Array {
  const nl = b.indexOf(10);
  return join([utf8(r.pick(HEADERS) + '\n'), nl < 0 ? b : b.subarray(nl + 1)]);
}

type Outcome = { ok: true; v: ParsedVectors } | { ok: false; e: unknown };

async function read(chunks: Uint8Array[], hint: 'vec' | 'bin' | undefined): Promise<Outcome> {
  async function* gen(): AsyncIterable<Uint8Array> {
    yield* chunks;
  }
  try {
    return { ok: true, v: await parseVectors(chunks.length === 1 ? chunks[0] : gen(), { hint }) };
  } catch (e) {
    return { ok: false, e };
  }
}

interface Input {
  bytes: Uint8Array;
  chunks: Uint8Array[];
  hint?: 'vec' | 'bin';
  valid?: Valid;
}

function checkVectors(p: ParsedVectors, input: Input): void {
  must(Number.isInteger(p.dim) && p.dim >= 1 && p.dim <= 100_000, `dim ${p.dim}`);
  must(p.words.length >= 1, 'no words in a result (should be an error)');
  must(p.matrix.length === p.words.length * p.dim, `matrix ${p.matrix.length} != ${p.words.length} × ${p.dim}`);
  for (let i = 0; i < p.matrix.length; i++)
    must(Number.isFinite(p.matrix[i]), () => `row ${Math.floor(i / p.dim)} ("${p.words[Math.floor(i / p.dim)]}") holds ${p.matrix[i]}`);
  must(new Set(p.words).size === p.words.length, 'duplicate words kept');
  for (const w of p.words) must(w.length > 0 && !/\s/.test(w), () => `bad word ${JSON.stringify(w)}`);
  must(
    ['vec', 'vec-noheader', 'bin'].includes(p.format) && !(p.format === 'bin' && input.hint === 'vec'),
    `format ${p.format} with hint ${input.hint}`,
  );
  for (const n of Object.values(p.skipped)) must(Number.isInteger(n) && n >= 0, 'bad skip count');
  must(
    p.warnings.every((w) => typeof w === 'string' && w.length > 0),
    'empty warning',
  );
  if (input.valid) {
    expect(p.words).toEqual(input.valid.words);
    expect(Array.from(p.matrix)).toEqual(input.valid.rows.flat());
  }
}

describe('fuzz: .vec / .bin reader', { timeout: 60_000 }, () => {
  it('reads 3,000 valid and damaged files whole and in chunks alike: whole finite rows, or a LabError', async () => {
    const stats = await fuzz({
      name: 'vectors',
      count: 3000,
      make: (r): { input: Input; label: string } => {
        const f = validFile(r);
        const hint = r.pick<'vec' | 'bin' | undefined>([
          undefined,
          undefined,
          f.kind === 'bin' ? 'bin' : 'vec',
          r.pick(['vec', 'bin'] as const),
        ]);
        // A valid file named for its format, or unnamed (with dim 1 the name decides: see read.ts).
        if (r.chance(0.1))
          return {
            input: {
              bytes: f.bytes,
              chunks: randomChunks(r, f.bytes),
              hint: r.pick<'vec' | 'bin' | undefined>([undefined, f.kind === 'bin' ? 'bin' : 'vec']),
              valid: f,
            },
            label: `valid ${f.kind}`,
          };
        const m = r.chance(0.1) ? { bytes: withHeader(r, f.bytes), label: 'odd header' } : mutate(r, f.bytes, 150);
        return { input: { bytes: m.bytes, chunks: randomChunks(r, m.bytes), hint }, label: `${f.kind}: ${m.label}` };
      },
      run: async (input: Input) => {
        const whole = await read([input.bytes], input.hint);
        const chunked = await read(input.chunks, input.hint);
        if (
          !whole.ok &&
          !chunked.ok &&
          whole.e instanceof LabError &&
          chunked.e instanceof LabError &&
          whole.e.message === chunked.e.message
        )
          throw whole.e;
        return { whole, chunked };
      },
      check: ({ whole, chunked }, input) => {
        if (!whole.ok)
          throw whole.e instanceof LabError
            ? new Error(`whole: "${whole.e.message}", chunked: ${chunked.ok ? 'a result' : String(chunked.e)}`)
            : whole.e;
        if (!chunked.ok)
          throw chunked.e instanceof LabError
            ? new Error(`chunked (${input.chunks.length} chunks) threw "${chunked.e.message}" but whole gave a result`)
            : chunked.e;
        checkVectors(whole.v, input);
        expect(chunked.v.words).toEqual(whole.v.words);
        expect(chunked.v.matrix).toEqual(whole.v.matrix);
        expect(chunked.v.skipped).toEqual(whole.v.skipped);
      },
      show: (input) => `${preview(input.bytes)} (${input.bytes.length} bytes, hint ${input.hint})`,
    });
    console.log(summary('vectors', stats), [...stats.messages]);
    expect(stats.results).toBeGreaterThan(300);
    expect(stats.labErrors).toBeGreaterThan(100);
  });

  // Inputs the fuzzing found (kept as they were found).
  it('regression: a header promising 1048576 × 100000 on a small file is a LabError, not a RangeError', async () => {
    const text = '1048576 100000\nzx -286.3726 -24.762856\nhedag 2.129446 22.31397\n';
    await expect(parseVectors(utf8(text), { hint: 'vec' })).rejects.toThrow(LabError);
    await expect(parseVectors(utf8(text), { hint: 'vec' })).rejects.toThrow(/header says 100000 values per word/);
  });

  it('regression: a text .vec file named .bin is read as text, not as floats under made-up words', async () => {
    const text = '2 3\novffyd -4.9031663 197.81175 -0.44332424\nnnix -4.8624954 -352.10382 1.0200273\n';
    const r = await parseVectors(utf8(text), { hint: 'bin' });
    expect(r.format).toBe('vec');
    expect(r.words).toEqual(['ovffyd', 'nnix']);
  });

  it('regression: the reader throws LabErrors (VectorFileError was a plain Error), and names UTF-16', async () => {
    const u16 = Uint8Array.of(0xff, 0xfe, ...Array.from('2 1\na 1\n', (c) => [c.charCodeAt(0), 0]).flat());
    await expect(parseVectors(u16)).rejects.toThrow(LabError);
    await expect(parseVectors(u16)).rejects.toThrow(/UTF-16/);
  });
});
