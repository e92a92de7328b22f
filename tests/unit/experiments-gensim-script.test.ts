import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gensimScript, type GensimScriptOptions } from '../../workers/experiments/gensim-script';
import { defaultTrainSettings } from '../../workers/settings';
import { text8Words } from '../../workers/lib/text8';
import { hash2 } from '../../workers/train/rng';

/** The keyword arguments of the script's Word2Vec(...) call, read back from the Python text. */
function word2vecKwargs(script: string): Record<string, string> {
  const m = /model = Word2Vec\(\n([\s\S]*?)\n {4}\)/.exec(script);
  if (!m) throw new Error('no Word2Vec( … ) call in the script');
  return Object.fromEntries(
    m[1].split('\n').map((l) => {
      const kv = /^\s+(\w+)=(.+),$/.exec(l);
      if (!kv) throw new Error(`not a keyword argument: ${l}`);
      return [kv[1], kv[2]];
    }),
  );
}

// The first Python that imports gensim ($PYTHON, python3 on PATH, then Debian's python3-gensim's).
const python = [process.env.PYTHON, 'python3', '/usr/bin/python3'].find(
  (p) => p && spawnSync(p, ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0,
);
const hasGensim = python !== undefined;

describe('gensim script', () => {
  it("passes the run's settings as Word2Vec's keyword arguments", () => {
    const settings = {
      ...defaultTrainSettings(),
      dim: 64,
      window: 3,
      negative: 7,
      sample: 1e-4,
      alpha: 0.03,
      minAlpha: 0.0002,
      epochs: 2,
      seed: 42,
      minCount: 3,
    };
    const o: GensimScriptOptions = {
      settings,
      corpus: { kind: 'url', url: 'http://mattmahoney.net/dc/text8.zip' },
      maxVocab: 30000,
      workers: 2,
    };
    expect(word2vecKwargs(gensimScript(o))).toEqual({
      sg: '1',
      vector_size: '64',
      window: '3',
      negative: '7',
      sample: '0.0001',
      alpha: '0.03',
      min_alpha: '0.0002',
      epochs: '2',
      seed: '42',
      min_count: '3',
      max_final_vocab: '30000',
      workers: '2',
      hs: '0',
      cbow_mean: '1',
    });
    const s = gensimScript(o);
    expect(s).toContain('CORPUS = "http://mattmahoney.net/dc/text8.zip"');
    expect(s).toMatch(/Cannot match bit for bit[\s\S]*random numbers[\s\S]*Hogwild[\s\S]*float summation/);
    expect(s).toContain('save_word2vec_format(OUTPUT)');
  });

  it('defaults: skip-gram, one worker, no vocabulary cap; cbow gives sg=0; the sample and local files by name', () => {
    const d = word2vecKwargs(gensimScript({ settings: defaultTrainSettings(), corpus: { kind: 'sample' } }));
    expect(d).toMatchObject({ sg: '1', workers: '1', max_final_vocab: 'None', vector_size: '100', sample: '0.001', min_alpha: '0.0001' });
    expect(word2vecKwargs(gensimScript({ settings: defaultTrainSettings(), corpus: { kind: 'sample' }, model: 'cbow' })).sg).toBe('0');
    expect(gensimScript({ settings: defaultTrainSettings(), corpus: { kind: 'sample' } })).toContain('CORPUS = "brown.txt"');
    // A file name with quotes and a backslash stays one Python string literal.
    expect(gensimScript({ settings: defaultTrainSettings(), corpus: { kind: 'file', name: 'my "odd"\\file.gz' } })).toContain(
      'CORPUS = "my \\"odd\\"\\\\file.gz"',
    );
  });

  // Needs python3 with gensim 4; the name says when it could not run here.
  it.skipIf(!hasGensim)(
    hasGensim
      ? 'runs in gensim on a small corpus (plain and zipped) and writes a .vec with the expected vocabulary'
      : 'runs in gensim on a small corpus — NOT RUN: no python3 here imports gensim',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'gensim-script-'));
      try {
        // 300,000 words (1.3 MB: the script reads 1 MB at a time, so a word straddles a read) over
        // 120 word forms, Zipf-like, some in capitals with a comma to normalise (text8 form).
        const forms = Array.from(
          { length: 120 },
          (_, i) => 'w' + String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26)),
        );
        const toks: string[] = [];
        for (let j = 0; j < 300_000; j++) {
          const r = Math.floor(120 ** (hash2(7, j) / 4294967296)) - 1;
          toks.push(j % 7 === 0 ? forms[r].toUpperCase() + ',' : forms[r]);
        }
        const text = toks.join(' ');
        writeFileSync(join(dir, 'tiny.txt'), text);
        const minCount = 5;
        const counts = new Map<string, number>();
        for (const w of text8Words(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
        const expected = [...counts.values()].filter((c) => c >= minCount).length;
        expect(expected).toBeGreaterThan(40); // some forms fall below min count, most do not

        const settings = { ...defaultTrainSettings(), dim: 8, epochs: 1, minCount };
        const out = join(dir, 'tiny.vec');
        writeFileSync(join(dir, 'run.py'), gensimScript({ settings, corpus: { kind: 'file', name: join(dir, 'tiny.txt') }, output: out }));
        const r = spawnSync(python ?? 'python3', [join(dir, 'run.py')], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
        expect(r.status, r.stderr).toBe(0);
        const last = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { words: number; vocab: number; epochs: number };
        expect(last).toMatchObject({ words: 300_000, vocab: expected, epochs: 1 });
        const lines = readFileSync(out, 'utf8').trim().split('\n');
        expect(lines[0]).toBe(`${expected} 8`);
        expect(lines).toHaveLength(expected + 1);
        expect(lines[1].split(' ')).toHaveLength(9);

        // The same corpus zipped (python's zipfile, one entry) gives the same vocabulary.
        spawnSync(python ?? 'python3', ['-c', `import zipfile; zipfile.ZipFile("tiny.zip","w",zipfile.ZIP_DEFLATED).write("tiny.txt")`], {
          cwd: dir,
        });
        const z = spawnSync(python ?? 'python3', [join(dir, 'run.py'), join(dir, 'tiny.zip')], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(z.status, z.stderr).toBe(0);
        expect(JSON.parse(z.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ words: 300_000, vocab: expected });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
