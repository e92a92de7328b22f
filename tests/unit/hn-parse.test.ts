import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePosts } from '../../workers/hn/parse';

const fx = (name: string) => readFileSync(new URL(`../fixtures/hn/${name}`, import.meta.url), 'utf8');

describe('HN import', () => {
  it('reads the Kaggle schema, decodes entities and skips bad rows with reasons', () => {
    const r = parsePosts(fx('kaggle.csv'));
    expect(r.schema).toBe('kaggle');
    expect(r.posts.map((p) => p.id)).toEqual(['1', '2', '3']);
    expect(r.posts[2].title).toBe('Rust & Go, compared');
    expect(r.posts[0].createdAt).toBe(Date.UTC(2015, 8, 6, 5, 56) / 1000);
    expect(r.posts[1].url).toBe('');
    expect(r.reasons).toEqual({
      'unbalanced quotes': 1,
      'non-numeric points': 1,
      'negative or absurd points': 2,
      'empty title': 1,
      'unparseable date': 1,
      'duplicate id': 1,
      'missing fields': 1,
    });
    expect(r.skipped).toBe(8);
  });

  it('drops comments from a BigQuery export', () => {
    const r = parsePosts(fx('bigquery.csv'));
    expect(r.schema).toBe('bigquery');
    expect(r.posts.map((p) => [p.id, p.points, p.author])).toEqual([
      ['100', 250, 'alice'],
      ['102', 15, 'carol'],
    ]);
    expect(r.posts[0].title).toBe('Quantum "supremacy" explained');
    expect(r.reasons['not a story']).toBe(2);
  });

  it('reads HN search API hits and HN item JSON', () => {
    const a = parsePosts(fx('algolia.json'));
    expect(a.schema).toBe('algolia');
    expect(a.posts.map((p) => [p.id, p.points, p.createdAt, p.url])).toEqual([
      ['200', 1500, 1451703845, 'https://widgets.example.com/'],
      ['201', 2, 1451779200, ''],
    ]);
    expect(a.posts[1].title).toBe('A & B');
    const i = parsePosts(fx('item.json'));
    expect(i.schema).toBe('item');
    expect(i.posts.map((p) => [p.id, p.author, p.points])).toEqual([['300', 'pg', 60]]);
  });

  it('turns the author feature off when there is no author column', () => {
    const r = parsePosts(fx('no-author.csv'));
    expect(r.posts).toHaveLength(1);
    expect(r.posts[0].author).toBeNull();
    expect(r.posts[0].createdAt).toBe(Date.UTC(2016, 1, 1, 10) / 1000);
    expect(r.notices.join(' ')).toMatch(/author/);
  });

  it('refuses JSON that is not HN data without crashing', () => {
    const r = parsePosts(fx('not-hn.json'));
    expect(r.posts).toEqual([]);
    expect(r.schema).toBeNull();
    expect(r.notices.join(' ')).toMatch(/not recognised/);
    expect(parsePosts('{oops').reasons['not HN data']).toBe(1);
  });

  it('reads the shared Kaggle data with the documented bin counts', async () => {
    const { sharedData } = await import('../shared-data');
    const r = parsePosts(readFileSync(sharedData('hn-posts-2015-2016.csv'), 'utf8'));
    expect(r.posts.length + r.skipped).toBe(16000);
    const bins = [0, 0, 0, 0];
    for (const p of r.posts) bins[p.points >= 1000 ? 3 : p.points >= 100 ? 2 : p.points >= 10 ? 1 : 0]++;
    expect(bins).toEqual([8203, 5573, 2197, 27]);
  });
});
