// Live fetch against a local replay of the HN search API: time-window paging (no duplicates,
// count and date range respected, same-second posts kept), 5xx and 429 retries, giving up clearly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStories, searchUrl, type FetchProgress } from '../../workers/hn/fetch';
import { startHnReplay, syntheticStories, type ReplayServer, type ReplayStory } from '../hn-api-replay';

const NEWEST = 1_460_000_000; // 2016-04-07
let stories: ReplayStory[];
let api: ReplayServer;

beforeAll(async () => {
  stories = syntheticStories(2600, NEWEST);
  api = await startHnReplay(stories);
});
afterAll(() => api?.close());

const fast = { backoffMs: 1 };
const inRange = (from: number, to: number) =>
  stories.filter((s) => s.created_at_i >= from && s.created_at_i < to).sort((a, b) => b.created_at_i - a.created_at_i);

describe('HN search API fetch', () => {
  it('builds the search_by_date query the API expects', () => {
    expect(searchUrl('https://hn.algolia.com/api/v1', 10, 20, 1000)).toBe(
      'https://hn.algolia.com/api/v1/search_by_date?tags=story&numericFilters=created_at_i%3E%3D10%2Ccreated_at_i%3C20&hitsPerPage=1000&page=0',
    );
  });

  it('walks time windows: the newest `count` posts of the range, no duplicates, none outside it', async () => {
    const from = stories[2200].created_at_i,
      to = stories[150].created_at_i; // to is exclusive
    const want = inRange(from, to);
    expect(want.length).toBeGreaterThan(1500);
    api.log.length = 0;
    const r = await fetchStories({ apiBase: api.apiBase, from, to, count: 1234, hitsPerPage: 100, ...fast });
    expect(r.complete).toBe(true);
    expect(r.problem).toBeUndefined();
    const ids = r.hits.map((h) => h.objectID);
    expect(new Set(ids).size).toBe(1234);
    expect(r.hits.every((h) => h.created_at_i >= from && h.created_at_i < to)).toBe(true);
    // Newest first; exactly the newest 1234 (ties at the cut second may be any of them).
    const times = r.hits.map((h) => h.created_at_i);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times).toEqual(want.slice(0, 1234).map((s) => s.created_at_i));
    // Each window asks for posts below the last one's oldest second; at least 13 windows of ≤ 100.
    expect(api.log.length).toBeGreaterThanOrEqual(13);
    expect(api.log.every((l) => l.includes('tags=story') && l.includes('page=0'))).toBe(true);
  });

  it('fetches everything in a range smaller than `count`, same-second posts included, and says complete', async () => {
    const from = stories[1999].created_at_i,
      to = stories[1000].created_at_i + 1;
    const want = inRange(from, to);
    const r = await fetchStories({ apiBase: api.apiBase, from, to, count: 50_000, hitsPerPage: 37, ...fast });
    expect(r.complete).toBe(true);
    expect(r.hits.map((h) => h.objectID).sort()).toEqual(want.map((s) => s.objectID).sort());
    // Hits come back in the API's format.
    expect(r.hits[0]).toMatchObject({
      _tags: expect.arrayContaining(['story']),
      num_comments: expect.any(Number),
      created_at: expect.any(String),
    });
  });

  it("pages past Algolia's 1000-hit cap with hitsPerPage 1000", async () => {
    const r = await fetchStories({ apiBase: api.apiBase, from: 0, to: NEWEST + 1, count: 2600, ...fast });
    expect(new Set(r.hits.map((h) => h.objectID)).size).toBe(2600);
    expect(r.complete).toBe(true);
  });

  it('retries a 500 and a 429 with back-off, saying so, then succeeds', async () => {
    for (const status of [500, 429]) {
      api.failNext([status, status]);
      const progress: FetchProgress[] = [];
      const r = await fetchStories({
        apiBase: api.apiBase,
        from: 0,
        to: NEWEST + 1,
        count: 300,
        hitsPerPage: 200,
        ...fast,
        onProgress: (p) => progress.push(p),
      });
      expect(r.complete).toBe(true);
      expect(r.hits).toHaveLength(300);
      const retries = progress.filter((p) => p.retry);
      expect(retries.map((p) => [p.retry!.status, p.retry!.attempt, p.retry!.waitMs])).toEqual([
        [status, 1, 1],
        [status, 2, 2],
      ]);
      expect(retries[0].retry!.message).toMatch(
        status === 429 ? /rate-limiting.*429.*retry 1 of 4/ : /HTTP 500 \(server error\).*retry 1 of 4/,
      );
      expect(r.requests).toBe(4); // 2 failures + 2 windows
    }
  });

  it('gives up on a 429 that never ends, clearly, keeping what was fetched', async () => {
    api.failAlways(429);
    try {
      const none = await fetchStories({ apiBase: api.apiBase, from: 0, to: NEWEST + 1, count: 300, ...fast });
      expect(none.hits).toEqual([]);
      expect(none.complete).toBe(false);
      expect(none.problem).toBe('Stopped: the HN API is rate-limiting requests (HTTP 429), still after 4 retries.');
      expect(none.requests).toBe(5);
    } finally {
      api.failAlways(null);
    }
    // Rate-limited after the first window: the first window's posts are kept.
    const r = await fetchStories({
      apiBase: api.apiBase,
      from: 0,
      to: NEWEST + 1,
      count: 1000,
      hitsPerPage: 250,
      retries: 2,
      ...fast,
      onProgress: (p) => {
        if (p.fetched === 250 && !p.retry) api.failAlways(429);
      },
    });
    api.failAlways(null);
    expect(r.complete).toBe(false);
    expect(r.hits).toHaveLength(250);
    expect(r.problem).toMatch(/429.*after 2 retries/);
  });

  it('stops at once on a 400, and retries an unreachable server', async () => {
    api.failNext([400]);
    const bad = await fetchStories({ apiBase: api.apiBase, from: 0, to: NEWEST, count: 10, ...fast });
    expect(bad.requests).toBe(1);
    expect(bad.problem).toMatch(/refused the request: HTTP 400/);
    const down = await fetchStories({ apiBase: 'http://127.0.0.1:9/api/v1/', from: 0, to: NEWEST, count: 10, retries: 1, ...fast });
    expect(down.requests).toBe(2);
    expect(down.problem).toMatch(/could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it('cancels during a back-off wait, and refuses an empty range', async () => {
    api.failAlways(429);
    api.log.length = 0;
    const ctl = new AbortController();
    // Cancelled once the client has said it waits 60 s before its first retry (a microtask later,
    // so the wait has begun): were the cancel not answered, the test's time limit would fail it.
    const p = fetchStories({
      apiBase: api.apiBase,
      from: 0,
      to: NEWEST,
      count: 10,
      backoffMs: 60_000,
      signal: ctl.signal,
      onProgress: (q) => {
        if (q.retry) queueMicrotask(() => ctl.abort());
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(api.log).toHaveLength(1); // no retry was sent
    api.failAlways(null);
    await expect(fetchStories({ apiBase: api.apiBase, from: 5, to: 5, count: 10 })).rejects.toThrow(/before its end/);
  });
});
