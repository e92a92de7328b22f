// Fuzzed share links: parseHash on valid hashes from the settings table, mutated (bytes,
// broken %-escapes, lone surrogates, huge numbers, 1 MB values). Every parsed value must be
// within its declared range, and what parseHash accepts serializeHash must write back to the
// same state with no notices (a link copied from the page reproduces the page).
import { describe, expect, it } from 'vitest';
import {
  modelParam,
  parseHash,
  serializeHash,
  vectorsParam,
  SHARE_KEYS,
  SHARE_SETTINGS,
  type ParsedHash,
  type ShareSetting,
} from '../../src/url-state';
import { asTextKeepBom, fuzz, must, mutate, ODD_NUMBERS, summary, utf8, type Rng } from '../fuzz-inputs';

function validValue(r: Rng, spec: ShareSetting): string {
  switch (spec.kind) {
    case 'int':
      return String(spec.min + r.int(Math.min(spec.max - spec.min + 1, 10_000)));
    case 'float':
      return String(spec.min + r.next() * (spec.max - spec.min));
    case 'enum':
      return r.pick(spec.values);
    case 'bool':
      return r.pick(['0', '1']);
    case 'text':
      return r.pick(['https://example.org/a b.txt?x=1&y=2#f', r.word(), 'naïve café', '']);
    case 'numbers': {
      const out: number[] = [];
      for (let v = spec.min + r.int(3), n = 1 + r.int(5); n > 0 && v <= spec.max; n--, v += 1 + r.int(500)) out.push(v);
      return out.join(',');
    }
  }
}

/** `#k=v&…` with a random subset of keys set to valid values (some keys twice). */
function validHash(r: Rng): string {
  const parts: string[] = [];
  for (let n = r.int(8); n > 0; n--) {
    const k = r.pick(SHARE_KEYS);
    parts.push(`${k}=${encodeURIComponent(validValue(r, SHARE_SETTINGS[k]))}`);
  }
  return (r.chance(0.8) ? '#' : '') + parts.join('&');
}

// Hash-level damage the byte mutators do not make.
const HASH_DAMAGE: ((r: Rng, h: string) => string)[] = [
  (r, h) =>
    h +
    r.pick([
      '&dim=%',
      '&dim=%E0%A4%A',
      '&%ZZ=1',
      '&word=%ED%A0%80',
      '&word=\uD800',
      '&corpusUrl=\uDFFF',
      '&==&',
      '&&&',
      '&=1',
      '&word=a+b',
    ]),
  (r, h) => `${h}&${r.pick(SHARE_KEYS)}=${encodeURIComponent(r.pick(ODD_NUMBERS))}`,
  (r, h) => `${h}&bins=${r.pick(['1,1', '10,1', '1,,2', ',', '1e3,2e3', '0,1000001', Array.from({ length: 30 }, (_, i) => i).join(',')])}`,
  (r, h) => `${h}&${r.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'DIM', 'dim '])}=1`,
  (r, h) => `${h}&${r.pick(['word', 'corpusUrl'])}=${'x'.repeat(r.pick([100, 101, 2048, 2049, 20_000]))}`,
  (r, h) => `${h}&alpha=${r.pick(['0.001', '1e-7'])}&minAlpha=${r.pick(['0.5', '0'])}`,
  (_r, h) => h.replace(/=/g, '%3D'),
  (_r, h) => decodeURIComponentSafe(h),
];

function decodeURIComponentSafe(h: string): string {
  try {
    return decodeURIComponent(h);
  } catch {
    return h;
  }
}

function checkValue(k: string, spec: ShareSetting, v: unknown): void {
  switch (spec.kind) {
    case 'int':
    case 'float':
      must(
        typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max,
        `${k}=${String(v)} outside [${spec.min}, ${spec.max}]`,
      );
      must(spec.kind === 'float' || Number.isInteger(v), `${k}=${v} is not whole`);
      return;
    case 'enum':
      must(typeof v === 'string' && spec.values.includes(v), `${k}=${String(v)} is not one of ${spec.values.join(',')}`);
      return;
    case 'bool':
      must(typeof v === 'boolean', `${k} is not a boolean`);
      return;
    case 'text':
      must(typeof v === 'string' && v.length <= spec.maxLength, `${k} is not a string of at most ${spec.maxLength}`);
      return;
    case 'numbers':
      must(Array.isArray(v) && v.length >= 1 && v.length <= spec.maxItems, `${k} has a bad length`);
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        must(typeof x === 'number' && Number.isFinite(x) && x >= spec.min && x <= spec.max, `${k}[${i}]=${String(x)} out of range`);
        must(i === 0 || x > v[i - 1], `${k} is not increasing`);
      }
  }
}

function checkParsed(p: ParsedHash): void {
  const state: Record<string, unknown> = p.state;
  for (const k of SHARE_KEYS) checkValue(k, SHARE_SETTINGS[k], state[k]);
  must(Object.keys(state).length === SHARE_KEYS.length, 'state has extra keys');
  must(p.state.minAlpha <= p.state.alpha, 'minAlpha > alpha');
  must(
    new Set(p.present).size === p.present.length && p.present.every((k) => SHARE_KEYS.includes(k)),
    'present has duplicates or unknown keys',
  );
  must(
    p.notices.every((n) => typeof n === 'string' && n.length > 0 && n.length < 400),
    'a notice is empty or huge',
  );
  // What the page would write back for this state is a link that parses to the same state.
  const again = parseHash(serializeHash(p.state));
  must(again.notices.length === 0, () => `re-parsing the serialised state gave notices: ${again.notices.join(' | ')}`);
  expect(again.state).toEqual(p.state);
}

describe('fuzz: share-link hash', { timeout: 60_000 }, () => {
  it('parses 3,000 valid and damaged hashes to in-range values that serialise back to themselves', async () => {
    let noticed = 0;
    const stats = await fuzz({
      name: 'url-state',
      count: 3000,
      make: (r) => {
        const valid = validHash(r);
        if (r.chance(0.15)) return { input: valid, label: 'valid' };
        if (r.chance(0.5)) return { input: r.pick(HASH_DAMAGE)(r, valid), label: 'hash damage' };
        const m = mutate(r, utf8(valid), 100);
        return { input: asTextKeepBom(m.bytes), label: m.label };
      },
      run: (h: string) => parseHash(h),
      check: (p) => {
        checkParsed(p);
        if (p.notices.length) noticed++;
      },
    });
    console.log(summary('url-state', stats));
    expect(stats.results).toBe(stats.cases);
    expect(noticed).toBeGreaterThan(500); // the damage reached the checks
  });

  // Inputs the fuzzing found (kept as they were found).
  it('regression: a raw lone surrogate in a text value is ignored with a notice (serializeHash threw URIError)', () => {
    const p = parseHash('#featLength=0&word=zemq&word=\ud800');
    expect(p.state.word).toBe('zemq');
    expect(p.notices.join('\n')).toMatch(/word is not valid text/);
    expect(parseHash(serializeHash(p.state)).state).toEqual(p.state);
  });

  it('regression: "-0" is read as 0, so the link written back parses to the same state', () => {
    const p = parseHash('#window=50&minAlpha=-0');
    expect(Object.is(p.state.minAlpha, 0)).toBe(true);
    expect(parseHash(serializeHash(p.state)).state).toEqual(p.state);
  });

  it('?vectors= / ?model= give an http(s) URL or a notice, never a throw', async () => {
    const stats = await fuzz({
      name: 'url-param',
      count: 1500,
      make: (r) => {
        const url = r.pick([
          'https://example.org/v.vec',
          'http://127.0.0.1:8000/a b.bin',
          '/rel/w.vec',
          'javascript:alert(1)',
          'data:,x',
          'file:///etc/passwd',
          'http://[::1',
          '//host/x',
        ]);
        const name = r.pick(['vectors', 'model']);
        const m = mutate(r, utf8(`?${name}=${r.chance(0.5) ? encodeURIComponent(url) : url}`), 100);
        return { input: asTextKeepBom(m.bytes), label: m.label };
      },
      run: (search: string) => [vectorsParam(search, 'http://127.0.0.1:5173/app/'), modelParam(search, 'http://127.0.0.1:5173/app/')],
      check: (outs) => {
        for (const o of outs) {
          must(!(o.url && o.notice), 'both a URL and a notice');
          if (o.url) must(/^https?:\/\//.test(o.url), `not http(s): ${o.url}`);
          if (o.notice) must(o.notice.length > 0, 'empty notice');
        }
      },
    });
    console.log(summary('url-param', stats));
    expect(stats.results).toBe(stats.cases);
  });
});
