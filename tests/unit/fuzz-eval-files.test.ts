// Fuzzed evaluation files: analogy questions (questions-words.txt: ": section" lines, four words
// a line) and word pairs ("word1 word2 score", tab or space, "#" comments). Parsed questions
// must be four lowercase words without whitespace under a section that exists; pairs two
// words and a finite score; line ends (LF, CRLF, lone CR) and a leading BOM must not change
// what a valid file says. Pair evaluation on small vectors must give correlations in [-1, 1]
// or NaN (too few pairs), with every pair either used or skipped.
import { describe, expect, it } from 'vitest';
import { parseAnalogyFile, type ParsedQuestions } from '../../workers/explore/analogy';
import { evaluateWordPairs, parsePairs } from '../../workers/explore/pairs';
import { asTextKeepBom, fuzz, must, mutate, summary, utf8, type Rng } from '../fuzz-inputs';

const sep = (r: Rng): string => r.pick([' ', ' ', '\t', '  ']);
const word = (r: Rng): string =>
  r.chance(0.2) ? r.word(5).toUpperCase() : r.chance(0.1) ? r.word(4) + r.pick(['é', 'ß', '😀']) : r.word(7);

function validAnalogies(r: Rng): { text: string; parsed: ParsedQuestions } {
  const sections: string[] = [];
  const questions: ParsedQuestions['questions'] = [];
  const lines: string[] = [];
  for (let s = 1 + r.int(3); s > 0; s--) {
    const name = r.pick(['capital-common-countries', 'gram1-adjective-to-adverb', 'family', r.word()]);
    sections.push(name);
    lines.push(`: ${name}`);
    for (let q = 1 + r.int(8); q > 0; q--) {
      const ws = [word(r), word(r), word(r), word(r)];
      lines.push(ws.join(sep(r)));
      questions.push({ section: sections.length - 1, words: ws.map((w) => w.toLowerCase()) as [string, string, string, string] });
    }
  }
  return { text: lines.join('\n') + '\n', parsed: { sections, questions, malformed: 0, malformedLines: [] } };
}

// Tiny vectors for pair evaluation; pair files draw their words from it 60% of the time, so
// both used and skipped (unknown) pairs occur.
const VOCAB = ['a', 'b', 'c', 'ab', 'ba', 'abc', 'cab', 'bca'];
const MATRIX = Float32Array.from(VOCAB.flatMap((_, i) => [Math.cos(i), Math.sin(i), i % 3]));

function validPairs(r: Rng): { text: string; pairs: [string, string, number][] } {
  const pairs: [string, string, number][] = [];
  const lines: string[] = r.chance(0.5) ? ['# word1 word2 score'] : [];
  const tabs = r.chance(0.5);
  for (let n = 1 + r.int(15); n > 0; n--) {
    const a = r.chance(0.6) ? r.pick(VOCAB) : word(r),
      b = r.chance(0.6) ? r.pick(VOCAB) : word(r);
    const score = Math.round(r.next() * 1000) / 100;
    pairs.push([a.toLowerCase(), b.toLowerCase(), score]);
    const sp = (): string => r.pick([' ', '  ']); // a tab anywhere makes tabs the only separator (gensim)
    lines.push(tabs ? `${a}\t${b}\t${score}` : `${a}${sp()}${b}${sp()}${score}`);
  }
  return { text: lines.join('\n') + (r.chance(0.5) ? '\n' : ''), pairs };
}

/** The same text with other line ends and maybe a BOM (pasted text and Node reads keep it). */
function restyle(r: Rng, text: string): { text: string; how: string } {
  const eol = r.pick(['\n', '\r\n', '\r']);
  const bom = r.chance(0.3);
  return { text: (bom ? '\uFEFF' : '') + text.replace(/\n/g, eol), how: `${JSON.stringify(eol)}${bom ? ' + BOM' : ''}` };
}

interface Input<V> {
  text: string;
  valid?: V;
}

function make<V>(valid: (r: Rng) => { text: string } & V) {
  return (r: Rng): { input: Input<V>; label: string } => {
    const v = valid(r);
    if (r.chance(0.15)) {
      const s = restyle(r, v.text);
      return { input: { text: s.text, valid: v }, label: `valid (${s.how})` };
    }
    const m = mutate(r, utf8(v.text), 100);
    return { input: { text: asTextKeepBom(m.bytes) }, label: m.label };
  };
}

function checkLines(malformed: number, lines: number[], text: string): void {
  const total = text.split(/\r\n|\r|\n/).length;
  must(malformed >= lines.length && lines.length <= 5, 'malformed line list longer than the count or over 5');
  must(
    lines.every((l, i) => Number.isInteger(l) && l >= 1 && l <= total && (i === 0 || l > lines[i - 1])),
    () => `malformed lines ${lines.join(',')} outside 1..${total}`,
  );
}

describe('fuzz: analogy and word-pair files', { timeout: 60_000 }, () => {
  it('analogy questions: 3,000 valid and damaged files parse to four lowercase words under a real section', async () => {
    const stats = await fuzz({
      name: 'analogy',
      count: 3000,
      make: make(validAnalogies),
      run: (i: Input<{ parsed: ParsedQuestions }>) => parseAnalogyFile(i.text),
      check: (p, i) => {
        for (const q of p.questions) {
          must(
            Number.isInteger(q.section) && q.section >= 0 && q.section < p.sections.length,
            `section ${q.section} of ${p.sections.length}`,
          );
          must(
            q.words.length === 4 && q.words.every((w) => w.length > 0 && !/\s/.test(w) && w === w.toLowerCase()),
            () => `words ${JSON.stringify(q.words)}`,
          );
        }
        must(
          p.sections.every((s) => typeof s === 'string' && s === s.trim()),
          'section names',
        );
        checkLines(p.malformed, p.malformedLines, i.text);
        if (i.valid) expect(p).toEqual(i.valid.parsed);
      },
    });
    console.log(summary('analogy', stats));
    expect(stats.results).toBe(stats.cases);
  });

  it('word pairs: 3,000 valid and damaged files parse to two words and a finite score; evaluation stays in range', async () => {
    let used = 0;
    const stats = await fuzz({
      name: 'pairs',
      count: 3000,
      make: make(validPairs),
      run: (i: Input<{ pairs: [string, string, number][] }>) => ({
        parsed: parsePairs(i.text),
        ev: evaluateWordPairs(VOCAB, MATRIX, 3, i.text),
      }),
      check: ({ parsed, ev }, i) => {
        for (const [a, b, s] of parsed.pairs) {
          must(
            a.length > 0 && b.length > 0 && a === a.toLowerCase() && b === b.toLowerCase() && !/\t/.test(a + b),
            () => `words ${JSON.stringify([a, b])}`,
          );
          must(Number.isFinite(s), `score ${s}`);
        }
        checkLines(parsed.malformed, parsed.malformedLines, i.text);
        must(ev.used + ev.skipped === parsed.pairs.length && ev.malformed === parsed.malformed, 'pairs neither used nor skipped');
        for (const c of [ev.spearman, ev.pearson]) must(Number.isNaN(c) || (c >= -1 - 1e-9 && c <= 1 + 1e-9), `correlation ${c}`);
        used += ev.used;
        if (i.valid) expect(parsed).toEqual({ pairs: i.valid.pairs, malformed: 0, malformedLines: [] });
      },
    });
    console.log(summary('pairs', stats));
    expect(stats.results).toBe(stats.cases);
    expect(used).toBeGreaterThan(50);
  });

  // Inputs the fuzzing found (kept as they were found).
  it('regression: a leading BOM kept the first ": section" line from being a section', () => {
    const p = parseAnalogyFile('\uFEFF: capital-common-countries\nszppg ekquqyq awafn lué\n');
    expect(p.sections).toEqual(['capital-common-countries']);
    expect(p.malformed).toBe(0);
  });

  it('regression: lone CR line ends (old Mac files) are line ends in both formats', () => {
    expect(parseAnalogyFile(': s\ra b c d\re f g h\r').questions).toHaveLength(2);
    expect(parsePairs('ryo\tGYHI\t8.35\rsximxo\tyenphxv\t4.06\r').pairs).toEqual([
      ['ryo', 'gyhi', 8.35],
      ['sximxo', 'yenphxv', 4.06],
    ]);
  });

  it('regression: a pair score in hex or binary is malformed, not 31 or 3', () => {
    const p = parsePairs('a b 0x1F\nc d 0b11\ne f 1e1\n');
    expect(p.pairs).toEqual([['e', 'f', 10]]);
    expect(p.malformedLines).toEqual([1, 2]);
  });
});
