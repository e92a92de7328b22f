// EDA statistics on a hand-checked 8-post fixture (tests/fixtures/hn/eda.csv), the bin-edge input,
// the manual column mapping, and the documented bin counts of the shared 16,000-post file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeEda, median, spearman } from '../../workers/hn/eda';
import { collect } from '../../workers/hn/dataset';
import { guessMapping, mappingNotices } from '../../workers/hn/mapping';
import { csvRecords, parsePosts, toTable, type Table } from '../../workers/hn/parse';
import { dayRange, parseEdges } from '../../src/panels/predict/data-format';

const fx = (name: string) => readFileSync(new URL(`../fixtures/hn/${name}`, import.meta.url), 'utf8');
const posts = parsePosts(fx('eda.csv')).posts;

describe('HN EDA statistics', () => {
  it('reads the fixture', () => {
    expect(posts).toHaveLength(8);
    expect(posts[5].title).toBe('A & B');
  });

  it('summarises points, the log histogram and the target bins', () => {
    const e = computeEda(posts);
    // Points 0,1,5,9,12,100,150,1000.
    expect(e.points).toEqual({ min: 0, max: 1000, median: 10.5, mean: 1277 / 8 });
    expect(e.zeroPoints).toBe(1);
    expect(e.targetBins.map((b) => [b.label, b.count])).toEqual([
      ['1–9', 4],
      ['10–99', 1],
      ['100–999', 2],
      ['1000+', 1],
    ]);
    expect(e.targetBins[0].share).toBe(0.5);
    // 4 bins per decade: 1 → [1,1.78), 5 → [3.16,5.62), 9 → [5.62,10), 12 → [10,17.8), 100 and 150 → [100,178), 1000 → [1000,1778).
    expect(e.histogram).toHaveLength(13);
    expect(e.histogram.map((b) => b.count)).toEqual([1, 0, 1, 1, 1, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(e.histogram[4]).toMatchObject({ lo: 10 });
    expect(e.histogram[8]).toMatchObject({ lo: 100 });
    expect(e.histogram[12]).toMatchObject({ lo: 1000 });
    // Other edges: below the first edge counts in the first bin (as the classifier's binOf).
    expect(computeEda(posts, { edges: [5, 20] }).targetBins.map((b) => [b.label, b.count])).toEqual([
      ['5–19', 5],
      ['20+', 3],
    ]);
  });

  it('counts posts by hour and weekday in UTC with their median points', () => {
    const e = computeEda(posts);
    const hours = Object.fromEntries(e.hours.filter((h) => h.posts).map((h) => [h.label, [h.posts, h.median]]));
    expect(hours).toEqual({ '00': [1, 1], '09': [4, 56], '12': [1, 0], '14': [1, 150], '23': [1, 9] });
    expect(e.hours[3]).toEqual({ label: '03', posts: 0, median: null });
    expect(e.weekdays.map((d) => [d.label, d.posts, d.median])).toEqual([
      ['Mon', 2, 3],
      ['Tue', 1, 12],
      ['Wed', 1, 150],
      ['Thu', 1, 0],
      ['Fri', 1, 100],
      ['Sat', 1, 1000],
      ['Sun', 1, 9],
    ]);
  });

  it('ranks domains and authors by posts (then median points), self posts as "(self)"', () => {
    const e = computeEda(posts);
    expect(e.domains).toEqual([
      { name: 'a.com', posts: 3, median: 12 },
      { name: 'b.org', posts: 2, median: 79.5 },
      { name: '(self)', posts: 2, median: 2.5 },
      { name: 'c.net', posts: 1, median: 1000 },
    ]);
    expect(e.authors?.map((a) => [a.name, a.posts, a.median])).toEqual([
      ['alice', 3, 9],
      ['bob', 2, 2.5],
      ['dave', 1, 1000],
      ['carol', 1, 150],
      ['erin', 1, 100],
    ]);
    expect(computeEda(posts, { top: 2 }).authors).toHaveLength(2);
    expect(computeEda(posts.map((p) => ({ ...p, author: null }))).authors).toBeNull();
  });

  it('lists the top posts and relates title length to points', () => {
    const e = computeEda(posts);
    expect(e.topPosts.slice(0, 3).map((p) => [p.id, p.points])).toEqual([
      ['6', 1000],
      ['4', 150],
      ['8', 100],
    ]);
    expect(Array.from(e.scatter.length)).toEqual([10, 12, 8, 2, 22, 5, 11, 7]);
    expect(Array.from(e.scatter.points)).toEqual([1, 5, 12, 150, 9, 1000, 0, 100]);
    expect(e.scatter.sampled).toBe(false);
    // Rank differences 3,4,−1,−6,4,−6,5,−3: rho = 1 − 6·148 / (8·63) = −16/21.
    expect(e.lengthSpearman).toBeCloseTo(-16 / 21, 12);
    expect(e.timeRange).toEqual([Date.UTC(2016, 0, 4, 0, 10) / 1000, Date.UTC(2016, 0, 10, 23, 59) / 1000]);
  });

  it('median and spearman handle ties and degenerate input', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(spearman([1, 2, 2, 3], [1, 2, 2, 3])).toBeCloseTo(1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(computeEda([]).n).toBe(0);
  });
});

describe('Data section inputs', () => {
  it('validates bin edges', () => {
    expect(parseEdges('1, 10,100 1000')).toEqual({ edges: [1, 10, 100, 1000] });
    expect(parseEdges('1')).toMatchObject({ error: expect.stringMatching(/at least two/) });
    expect(parseEdges('10, 5')).toMatchObject({ error: expect.stringMatching(/must go up/) });
    expect(parseEdges('1, ten')).toMatchObject({ error: expect.stringMatching(/"ten" is not a number/) });
    expect(parseEdges('-1, 5')).toMatchObject({ error: expect.stringMatching(/not a number ≥ 0/) });
  });

  it('turns two dates into a UTC range that includes both days', () => {
    expect(dayRange('2016-01-04', '2016-01-05')).toEqual({ from: Date.UTC(2016, 0, 4) / 1000, to: Date.UTC(2016, 0, 6) / 1000 });
    expect(dayRange('2016-01-05', '2016-01-04')).toMatchObject({ error: expect.stringMatching(/before/) });
    expect(dayRange('', '2016-01-04')).toMatchObject({ error: expect.any(String) });
  });
});

describe('manual column mapping', () => {
  const text =
    'headline,votes,when,link\n"Hello &amp; bye",12,2016-01-04 10:00:00,http://x.org\n"Hello &amp; bye",3,2016-01-05 11:00:00,\n';
  const table = toTable(text) as Table;

  it('guesses columns by name and imports with an explicit mapping, numbering rows without an id', () => {
    const m = guessMapping(table.columns);
    expect(m).toEqual({ title: 'headline', points: 'votes', time: 'when', url: 'link', author: null, id: null, type: null });
    const c = collect(table, m);
    expect(c.posts.map((p) => [p.id, p.title, p.points, p.url, p.author])).toEqual([
      ['1', 'Hello & bye', 12, 'http://x.org', null],
      ['2', 'Hello & bye', 3, '', null],
    ]);
    expect(mappingNotices(m).join(' ')).toMatch(/author feature is off.*rows are numbered/);
  });

  it('counts rows a wrong mapping cannot read', () => {
    const c = collect(table, { title: 'headline', points: 'link', time: 'when', url: null, author: null, id: null, type: null });
    expect(c.posts).toHaveLength(0);
    expect(c.reasons).toEqual({ 'non-numeric points': 2 });
  });
});

describe('CSV records', () => {
  it("split every record on the header's delimiter (a title full of semicolons stays one field)", () => {
    const r = csvRecords('id,title,num_points,created_at\n1,a;b;c;d;e,5,1/4/2016 10:00\n2,"x, y;b;c;d;e;f",7,1/4/2016 11:00\n');
    expect(r.rows).toEqual([
      ['1', 'a;b;c;d;e', '5', '1/4/2016 10:00'],
      ['2', 'x, y;b;c;d;e;f', '7', '1/4/2016 11:00'],
    ]);
    expect(r.ragged + r.unbalanced).toBe(0);
  });
});

describe('the shared 16,000-post file', () => {
  it('has the documented target bins', async () => {
    const { sharedData } = await import('../shared-data');
    const r = parsePosts(readFileSync(sharedData('hn-posts-2015-2016.csv'), 'utf8'));
    const e = computeEda(r.posts);
    expect(e.targetBins.map((b) => b.count)).toEqual([8203, 5573, 2197, 27]);
    expect(e.hours.reduce((a, h) => a + h.posts, 0)).toBe(r.posts.length);
    expect(e.histogram.reduce((a, b) => a + b.count, 0) + e.zeroPoints).toBe(r.posts.length);
  });
});
