// A local stand-in for the HN search API (hn.algolia.com/api/v1/search_by_date) for tests:
// the same response format (hits with objectID, title, url, author, points, num_comments,
// created_at, created_at_i, _tags; nbHits, page, nbPages, hitsPerPage, …), filtered by the
// numericFilters the client sends, newest first, with Algolia's 1000-hit pagination cap.
// Faults (HTTP status codes) can be queued for the next requests. CORS like the real API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayStory {
  objectID: string;
  title: string;
  url: string | null;
  author: string;
  points: number | null;
  num_comments: number;
  created_at_i: number;
}

export interface ReplayServer {
  /** Base URL to give the client, ending in "/api/v1/". */
  apiBase: string;
  /** Requests seen (path + query), in order. */
  log: string[];
  /** The next requests answer these statuses (e.g. [429, 429]); then normal answers resume. */
  failNext(statuses: number[]): void;
  /** Every request answers `status` until called with null. */
  failAlways(status: number | null): void;
  /** Answer `ok` more requests normally, then `status` for every request until failAlways(null). */
  failAfter(ok: number, status: number): void;
  /**
   * Park the request `skip` requests from now (0: the next) before answering it: `reached`
   * resolves once it has arrived; `release()` lets it be answered (the test paces the client).
   */
  hold(skip?: number): { reached: Promise<void>; release(): void };
  close(): Promise<void>;
}

type Cmp = { field: string; op: '<' | '<=' | '>' | '>=' | '='; value: number };

/** "created_at_i>=A,created_at_i<B" → comparisons (ANDed, as Algolia does for a comma list). */
export function parseNumericFilters(s: string): Cmp[] {
  return s
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const m = /^\s*([A-Za-z_]+)\s*(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
      if (!m) throw new Error(`bad numeric filter: ${part}`);
      return { field: m[1], op: m[2] as Cmp['op'], value: Number(m[3]) };
    });
}

function passes(v: number, c: Cmp): boolean {
  switch (c.op) {
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    default:
      return v === c.value;
  }
}

/** Synthetic stories: `n` posts walking back from `newest` (unix s), several sharing a second. */
export function syntheticStories(n: number, newest: number, seed = 7): ReplayStory[] {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const out: ReplayStory[] = [];
  let t = newest;
  for (let i = 0; i < n; i++) {
    // Every 5th story shares its second with the one before: windows must not lose or repeat them.
    if (i % 5 !== 0) t -= 1 + Math.floor(rnd() * 600);
    out.push({
      objectID: String(9_000_000 + i),
      title: `Story ${i} &amp; friends`,
      url: i % 4 === 0 ? null : `https://site${i % 13}.example.com/p/${i}`,
      author: `user${i % 37}`,
      points: Math.floor(10 ** (rnd() * 3.2)),
      num_comments: i % 50,
      created_at_i: t,
    });
  }
  return out;
}

export async function startHnReplay(stories: ReplayStory[]): Promise<ReplayServer> {
  const sorted = [...stories].sort((a, b) => b.created_at_i - a.created_at_i || (a.objectID < b.objectID ? 1 : -1));
  const log: string[] = [];
  let queued: number[] = [];
  let always: number | null = null;
  let okLeft: number | null = null;
  let afterStatus: number | null = null;
  let held: { skip: number; arrived(): void; released: Promise<void> } | null = null;
  const server = http.createServer(async (req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': '*' }).end();
    const u = new URL(req.url ?? '/', 'http://x');
    log.push(u.pathname + u.search);
    if (held && held.skip-- === 0) {
      const h = held;
      held = null;
      h.arrived();
      await h.released;
    }
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { ...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (okLeft !== null && okLeft-- <= 0) {
      always = afterStatus;
      okLeft = null;
    }
    const fault = queued.length ? queued.shift()! : always;
    if (fault !== null) {
      return json(fault, fault === 429 ? { message: 'Too many requests', status: 429 } : { message: 'Internal error', status: fault });
    }
    if (u.pathname !== '/api/v1/search_by_date') return json(404, { message: 'not found', status: 404 });
    const tags = u.searchParams.get('tags') ?? '';
    const hitsPerPage = Math.min(1000, Math.max(1, Number(u.searchParams.get('hitsPerPage') ?? 20)));
    const page = Math.max(0, Number(u.searchParams.get('page') ?? 0));
    let filters: Cmp[];
    try {
      filters = parseNumericFilters(u.searchParams.get('numericFilters') ?? '');
    } catch (e) {
      return json(400, { message: (e as Error).message, status: 400 });
    }
    const matching =
      tags === 'story' ? sorted.filter((h) => filters.every((c) => passes(c.field === 'created_at_i' ? h.created_at_i : NaN, c))) : [];
    // Algolia's paginationLimitedTo (1000): pages beyond the first 1000 hits are empty.
    const start = page * hitsPerPage;
    const visible = Math.min(matching.length, 1000);
    const pageHits = start < visible ? matching.slice(start, Math.min(start + hitsPerPage, visible)) : [];
    json(200, {
      hits: pageHits.map((h) => ({
        created_at: new Date(h.created_at_i * 1000).toISOString(),
        title: h.title,
        url: h.url,
        author: h.author,
        points: h.points,
        story_text: null,
        comment_text: null,
        num_comments: h.num_comments,
        story_id: null,
        story_title: null,
        story_url: null,
        parent_id: null,
        created_at_i: h.created_at_i,
        updated_at: new Date(h.created_at_i * 1000 + 3_600_000).toISOString(),
        _tags: ['story', `author_${h.author}`, `story_${h.objectID}`],
        objectID: h.objectID,
        _highlightResult: { title: { value: h.title, matchLevel: 'none', matchedWords: [] } },
      })),
      nbHits: matching.length,
      page,
      nbPages: Math.ceil(visible / hitsPerPage),
      hitsPerPage,
      exhaustiveNbHits: true,
      exhaustiveTypo: true,
      query: '',
      params: u.search.slice(1),
      processingTimeMS: 1,
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    apiBase: `http://127.0.0.1:${port}/api/v1/`,
    log,
    failNext(statuses) {
      queued = [...statuses];
    },
    failAlways(status) {
      always = status;
      okLeft = null;
    },
    failAfter(ok, status) {
      okLeft = ok;
      afterStatus = status;
    },
    hold(skip = 0) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((r) => (arrived = r));
      held = { skip, arrived: () => arrived(), released: new Promise<void>((r) => (release = r)) };
      return { reached, release: () => release() };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
