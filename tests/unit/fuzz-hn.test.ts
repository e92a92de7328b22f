// Fuzzed HN imports in the four schemas (Kaggle CSV, BigQuery CSV, search-API hits JSON, item
// JSON / JSON lines): parsePosts (the runner's classify path), and the Predict panel's path —
// previewSource, then the preview's mapping applied to the table as importDataset does. Every
// post must have a finite whole number of points in [0, MAX_POINTS], a non-empty title and id,
// distinct ids and a time a Date can hold; skip counts must add up. Valid files must give
// exactly the posts they were made from.
import { describe, expect, it } from 'vitest';
import { parsePosts, toTable } from '../../workers/hn/parse';
import { collect, previewSource, type Preview } from '../../workers/hn/dataset';
import { MAX_POINTS, type Post, type ParseResult } from '../../workers/hn/posts';
import { REQUIRED_FIELDS } from '../../workers/hn/mapping';
import { asText, asTextKeepBom, fuzz, must, mutate, summary, utf8, type Rng } from '../fuzz-inputs';

type Schema = 'kaggle' | 'bigquery' | 'algolia' | 'item';

interface Made {
  text: string;
  posts: Post[];
}

const TITLE_BITS = [
  'Show HN:',
  'Ask HN:',
  'Rust',
  'Go,',
  'compared',
  '"quoted"',
  'naïve',
  'café',
  '😀',
  'a;b',
  '50%',
  '(2015)',
  '—',
  'C++',
];

function title(r: Rng): { raw: string; decoded: string } {
  const words = Array.from({ length: 1 + r.int(6) }, () => (r.chance(0.5) ? r.pick(TITLE_BITS) : r.word()));
  if (r.chance(0.2)) words.splice(r.int(words.length), 0, '&amp;');
  const raw = words.join(' ');
  return { raw, decoded: raw.replace(/&amp;/g, '&') };
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const pad = (n: number): string => String(n).padStart(2, '0');

function makeFile(r: Rng, schema: Schema): Made {
  const n = 1 + r.int(10);
  const posts: Post[] = [];
  const lines: string[] = [];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(1000 + i * 7 + r.int(5));
    const t = title(r);
    const url = r.chance(0.3) ? '' : `https://${r.word()}.example.org/${r.word()}`;
    const points = r.int(r.chance(0.1) ? MAX_POINTS : 500);
    const author = r.word(6);
    // Whole minutes for Kaggle's "M/D/YYYY H:MM"; any second otherwise.
    const created = schema === 'kaggle' ? (23_333_333 + r.int(1_666_666)) * 60 : 1_400_000_000 + r.int(100_000_000);
    const d = new Date(created * 1000);
    const comment = schema === 'bigquery' && r.chance(0.15);
    if (!comment) posts.push({ id, title: t.decoded, url, points, author, createdAt: created });
    if (schema === 'kaggle') {
      const when = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${pad(d.getUTCMinutes())}`;
      lines.push([id, csvCell(t.raw), url, points, r.int(50), author, when].join(','));
    } else if (schema === 'bigquery') {
      const time = r.chance(0.5) ? String(created) : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}`;
      lines.push(
        comment
          ? [id, 'comment', author, time, csvCell('I disagree &gt; strongly'), '', '', ''].join(',')
          : [id, 'story', author, time, '', url, points, csvCell(t.raw)].join(','),
      );
    } else if (schema === 'algolia') {
      items.push({ objectID: id, title: t.raw, url: url || null, author, points, created_at: d.toISOString(), created_at_i: created });
    } else {
      items.push({ id: Number(id), by: author, score: points, time: created, title: t.raw, url: url || undefined, type: 'story' });
    }
  }
  if (schema === 'kaggle')
    return { text: ['id,title,url,num_points,num_comments,author,created_at', ...lines].join(r.chance(0.2) ? '\r\n' : '\n') + '\n', posts };
  if (schema === 'bigquery') return { text: ['id,type,by,time,text,url,score,title', ...lines].join('\n') + '\n', posts };
  if (schema === 'algolia') return { text: JSON.stringify({ hits: items, nbHits: items.length, page: 0 }), posts };
  return { text: r.chance(0.5) ? JSON.stringify(items) : items.map((x) => JSON.stringify(x)).join('\n'), posts };
}

// Damage aimed at the CSV/JSON structure, on top of the byte mutators.
const TEXT_DAMAGE: ((r: Rng, t: string) => string)[] = [
  (r, t) =>
    t.replace(
      /\d+(?=,[^,]*,[^,]*\r?\n)|(?<="(points|score|created_at_i|time)":)\d+/,
      r.pick(['1e309', '-5', '9e15', 'NaN', '1e5', '0x10', '-0', '""', 'null', '"12"', '[]', '{}', '1e300', '99999999999999']),
    ),
  (r, t) =>
    t.replace(
      /\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}|(?<="time":)\d+|\d{4}-\d{2}-\d{2}T[\d:.]+Z/,
      r.pick([
        '13/1/2015 1:00',
        '2/30/2015 1:00',
        '1/1/0015 0:00',
        '99999999999',
        '0',
        '-1',
        '2015-13-45T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '1e300',
        'null',
        'yesterday',
      ]),
    ),
  (r, t) => t.replace(/^([^\n]*)/, (h) => h + r.pick([',title', ',id', ',', ',extra,extra', ''])), // duplicate / extra header columns
  (r, t) => t.replace(/\n/, r.pick(['\n1,"open quote,x,1,1,a,9/6/2015 5:56\n', '\n,,,,,,\n', '\n1,2\n', '\n"a""b",c\n'])),
  (r, t) => (t.startsWith('{') || t.startsWith('[') ? t.slice(0, r.int(t.length)) : t),
  (r, t) =>
    r.pick([
      '{"hits": 5}',
      '{"hits": [1, "a", null, []]}',
      '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
      '['.repeat(100_000),
      'null',
      '"x"',
      '{"__proto__": {"title": "x"}, "id": 1, "title": "t", "score": 1, "time": 1500000000}',
      '[{"id": 1, "title": {"a": 1}, "score": 1, "time": 1500000000}]',
    ]) + (r.chance(0.5) ? '' : t),
];

function checkPosts(posts: readonly Post[], skipped: number, reasons: ParseResult['reasons']): void {
  const ids = new Set<string>();
  for (const p of posts) {
    must(typeof p.id === 'string' && p.id.trim() !== '' && !ids.has(p.id), () => `bad or repeated id ${JSON.stringify(p.id)}`);
    ids.add(p.id);
    must(typeof p.title === 'string' && p.title !== '' && p.title === p.title.trim(), () => `bad title ${JSON.stringify(p.title)}`);
    must(Number.isInteger(p.points) && p.points >= 0 && p.points <= MAX_POINTS, `points ${p.points}`);
    must(
      Number.isInteger(p.createdAt) && Number.isFinite(new Date(p.createdAt * 1000).getTime()),
      `createdAt ${p.createdAt} is not a time a Date holds`,
    );
    must(typeof p.url === 'string' && (p.author === null || typeof p.author === 'string'), 'url/author types');
  }
  must(Object.values(reasons).reduce((a, b) => a + (b ?? 0), 0) === skipped, 'skip reasons do not add up');
}

interface Input {
  text: string;
  made?: Made;
}

function checkPreview(p: Preview): void {
  must(
    p.columns.every((c) => typeof c === 'string'),
    'column names',
  );
  must(
    p.sample.length <= 10 &&
      p.sample.every((row) => row.length === p.columns.length && row.every((c) => typeof c === 'string' && c.length <= 160)),
    'sample cells',
  );
  must(Number.isInteger(p.rows) && p.rows >= 0 && p.skippedRecords >= 0, 'row counts');
}

function makeInput(r: Rng): { input: Input; label: string } {
  const schema = r.pick(['kaggle', 'bigquery', 'algolia', 'item'] as const);
  const made = makeFile(r, schema);
  if (r.chance(0.15)) {
    // Line ends and a BOM must not change what is read (LF, CRLF, or lone CR as old Mac Excel writes).
    const eol = r.pick(['\n', '\r\n', '\r']);
    const text = (r.chance(0.3) ? '\uFEFF' : '') + made.text.replace(/\r\n/g, '\n').replace(/\n/g, eol);
    return { input: { text, made }, label: `valid ${schema} (${JSON.stringify(eol)})` };
  }
  if (r.chance(0.4)) return { input: { text: r.pick(TEXT_DAMAGE)(r, made.text) }, label: `${schema}: text damage` };
  const m = mutate(r, utf8(made.text), 150);
  // File.text() decodes UTF-8 and drops one BOM; pasted text keeps it.
  return { input: { text: r.chance(0.5) ? asText(m.bytes) : asTextKeepBom(m.bytes) }, label: `${schema}: ${m.label}` };
}

describe('fuzz: HN CSV / JSON import', { timeout: 60_000 }, () => {
  it('parsePosts: 3,000 valid and damaged files give only sound posts, and valid files their own posts', async () => {
    const stats = await fuzz({
      name: 'hn parsePosts',
      count: 3000,
      make: makeInput,
      run: (i: Input) => parsePosts(i.text),
      check: (res, i) => {
        checkPosts(res.posts, res.skipped, res.reasons);
        if (i.made) {
          expect(res.posts).toEqual(i.made.posts);
          expect(res.skipped).toBe(res.reasons['not a story'] ?? 0); // BigQuery comments
        }
      },
      show: (i) => JSON.stringify(i.text.slice(0, 200)),
    });
    console.log(summary('hn parsePosts', stats));
    expect(stats.results).toBe(stats.cases); // parsePosts reports, never throws
  });

  it('preview → import mapping: 2,000 files give a preview and sound posts, or a LabError', async () => {
    let imported = 0;
    const stats = await fuzz({
      name: 'hn preview',
      count: 2000,
      make: makeInput,
      run: (i: Input) => previewSource({ text: i.text, name: 'fuzz.csv' }),
      check: (p, i) => {
        checkPreview(p);
        const table = toTable(i.text); // the table importDataset keeps staged
        must(!('error' in table), 'preview accepted text that toTable refuses');
        // importDataset refuses a mapping without the required columns; otherwise it stores collect()'s posts.
        if (REQUIRED_FIELDS.some((f) => !p.mapping[f] || !table.columns.includes(p.mapping[f]))) return;
        const c = collect(table, p.mapping);
        checkPosts(c.posts, c.skipped, c.reasons);
        if (c.posts.length) imported++;
        if (i.made) expect(c.posts).toEqual(i.made.posts);
      },
      show: (i) => JSON.stringify(i.text.slice(0, 200)),
    });
    console.log(summary('hn preview', stats), [...stats.messages]);
    expect(stats.labErrors).toBeGreaterThan(20);
    expect(imported).toBeGreaterThan(500);
  });

  // Inputs the fuzzing found (kept as they were found).
  it('regression: a JSON "time": 1e300 skips the row (it gave a createdAt no Date holds: NaN hours)', () => {
    const r = parsePosts(
      '{"id":1003,"by":"sgivi","score":312,"time":1e300,"title":"tesk","type":"story"}\n{"id":1009,"by":"w","score":253,"time":1427728191,"title":"t","type":"story"}',
    );
    expect(r.posts.map((p) => p.id)).toEqual(['1009']);
    expect(r.reasons['unparseable date']).toBe(1);
  });

  it('regression: a CSV with lone CR line ends is read (it had "no data rows")', async () => {
    const text = 'id,title,url,num_points,num_comments,author,created_at\r1,A post,,5,1,al,9/6/2015 5:56\r2,B post,,7,1,bo,9/7/2015 6:00\r';
    expect(parsePosts(text).posts.map((p) => p.title)).toEqual(['A post', 'B post']);
    expect((await previewSource({ text, name: 'mac.csv' })).rows).toBe(2);
  });

  it('regression: a first line of 1 MB of quotes is answered, not a hang (1.7 s in the header guess)', async () => {
    const stats = await fuzz({
      name: 'hn long header',
      count: 1,
      make: () => ({ input: '"'.repeat(1 << 20) + '\nid,title\n1,x\n', label: '1 MB of quotes' }),
      run: (text: string) => parsePosts(text),
      check: (res) => expect(res.posts).toEqual([]),
    });
    expect(stats.results).toBe(1);
  });
});
