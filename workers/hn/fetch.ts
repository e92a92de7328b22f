// Live fetch of stories from the public HN search API (Algolia), walking time windows downward:
//   GET <apiBase>search_by_date?tags=story&numericFilters=created_at_i>=A,created_at_i<B&hitsPerPage=H&page=0
// search_by_date answers newest first, and Algolia stops paging after ~1000 hits per query, so
// instead of paging we move the window's upper bound B down to the oldest second seen (kept
// inclusive, since that second may hold more posts) and dedupe by objectID.
// Rate limits (429), server errors (5xx) and network failures are retried with exponential back-off;
// other HTTP errors stop at once. Plain TypeScript: fetch and sleep are injectable, so Node tests
// replay a local server.
import { CancelledError, LabError } from '../errors';

export const HN_API_BASE = 'https://hn.algolia.com/api/v1/';
/** Algolia's largest page. */
export const MAX_HITS_PER_PAGE = 1000;

/** One search hit as the API sends it (fields we rely on; others pass through untouched). */
export type AlgoliaHit = Record<string, unknown> & { objectID: string; created_at_i: number };

export interface FetchProgress {
  fetched: number; // unique stories so far
  target: number;
  requests: number;
  oldest: number | null; // unix s of the oldest story so far: the walk goes from `to` down to `from`
  /** Set while waiting before a retry. */
  retry?: { status: number | 'network'; attempt: number; of: number; waitMs: number; message: string };
}

export interface FetchOptions {
  apiBase?: string;
  from: number; // unix s, inclusive
  to: number; // unix s, exclusive
  count: number;
  hitsPerPage?: number; // default 1000
  retries?: number; // retries per request after the first try (default 4)
  backoffMs?: number; // first wait; doubles each retry (default 500)
  signal?: AbortSignal;
  fetchFn?: (url: string, init: { signal?: AbortSignal }) => Promise<Response>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress?: (p: FetchProgress) => void;
}

export interface FetchOutcome {
  hits: AlgoliaHit[]; // newest first, unique objectIDs, at most `count`
  requests: number;
  /** True when `count` stories were fetched or the range holds no more. */
  complete: boolean;
  /** Why the walk stopped early (rate limit, HTTP error, bad answer); hits keep what was fetched. */
  problem?: string;
}

/** Sleeps `ms`, or rejects with CancelledError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function searchUrl(apiBase: string, from: number, upper: number, hitsPerPage: number, page = 0): string {
  const base = apiBase.endsWith('/') ? apiBase : apiBase + '/';
  const filters = encodeURIComponent(`created_at_i>=${from},created_at_i<${upper}`);
  return `${base}search_by_date?tags=story&numericFilters=${filters}&hitsPerPage=${hitsPerPage}&page=${page}`;
}

/** Thrown when a request fails for good (after retries, or at once for a 4xx other than 429). */
export class FetchFailed extends LabError {
  constructor(message: string) {
    super(message, 'network');
    this.name = 'FetchFailed';
  }
}

function describe(status: number | 'network', url: string): string {
  if (status === 'network') return `could not reach ${new URL(url).origin} (offline, blocked, or no CORS)`;
  if (status === 429) return 'the HN API is rate-limiting requests (HTTP 429)';
  return `the HN API answered HTTP ${status}${status >= 500 ? ' (server error)' : ''}`;
}

/** Seconds from a Retry-After header (readable only when the server exposes it to CORS). */
function retryAfterMs(r: Response): number | null {
  const v = r.headers.get('Retry-After');
  if (v === null || !/^\d+(\.\d+)?$/.test(v.trim())) return null;
  return Math.min(60_000, Number(v) * 1000);
}

interface Ctx {
  opts: FetchOptions;
  progress: () => FetchProgress;
  requests: number;
}

async function getJson(url: string, c: Ctx): Promise<unknown> {
  const { signal } = c.opts;
  const fetchFn = c.opts.fetchFn ?? ((u, init) => fetch(u, init));
  const sleep = c.opts.sleep ?? abortableSleep;
  const retries = c.opts.retries ?? 4;
  const backoff = c.opts.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new CancelledError();
    let status: number | 'network';
    let wait: number | null = null;
    c.requests++;
    try {
      const r = await fetchFn(url, { signal });
      if (r.ok) {
        try {
          return (await r.json()) as unknown;
        } catch {
          if (signal?.aborted) throw new CancelledError();
          throw new FetchFailed('The HN API answered with something that is not JSON.');
        }
      }
      status = r.status;
      wait = retryAfterMs(r);
      if (status !== 429 && status < 500) {
        const body = (await r.text().catch(() => '')).slice(0, 200);
        throw new FetchFailed(`The HN API refused the request: HTTP ${status}${body ? ` — ${body}` : ''}`);
      }
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      if (e instanceof LabError) throw e;
      status = 'network';
    }
    const what = describe(status, url);
    if (attempt >= retries) {
      throw new FetchFailed(`Stopped: ${what}, still after ${retries} ${retries === 1 ? 'retry' : 'retries'}.`);
    }
    const waitMs = wait ?? backoff * 2 ** attempt;
    const message = `${what[0].toUpperCase()}${what.slice(1)}: retry ${attempt + 1} of ${retries} in ${(waitMs / 1000).toFixed(1)} s…`;
    c.opts.onProgress?.({ ...c.progress(), retry: { status, attempt: attempt + 1, of: retries, waitMs, message } });
    await sleep(waitMs, signal);
  }
}

function hitsOf(body: unknown): unknown[] | null {
  if (!body || typeof body !== 'object' || !('hits' in body) || !Array.isArray(body.hits)) return null;
  return body.hits;
}

function asHit(x: unknown): AlgoliaHit | null {
  if (!x || typeof x !== 'object') return null;
  const h = x as Record<string, unknown>;
  const id = typeof h.objectID === 'string' || typeof h.objectID === 'number' ? String(h.objectID) : null;
  return id !== null && typeof h.created_at_i === 'number' && Number.isFinite(h.created_at_i)
    ? { ...h, objectID: id, created_at_i: h.created_at_i }
    : null;
}

/** Fetches up to `count` stories created in [from, to), newest first. Cancel → CancelledError. */
export async function fetchStories(opts: FetchOptions): Promise<FetchOutcome> {
  const apiBase = opts.apiBase ?? HN_API_BASE;
  const hpp = Math.max(1, Math.min(MAX_HITS_PER_PAGE, Math.floor(opts.hitsPerPage ?? MAX_HITS_PER_PAGE)));
  if (!(opts.count >= 1)) throw new LabError('Ask for at least one post.');
  if (!(opts.from < opts.to)) throw new LabError('The start of the date range must come before its end.');
  const hits: AlgoliaHit[] = [];
  const seen = new Set<string>();
  let oldest: number | null = null;
  const c: Ctx = { opts, requests: 0, progress: () => ({ fetched: hits.length, target: opts.count, requests: c.requests, oldest }) };
  let upper = opts.to; // exclusive upper bound of the current window
  while (hits.length < opts.count && upper > opts.from) {
    let body: unknown;
    try {
      body = await getJson(searchUrl(apiBase, opts.from, upper, hpp), c);
    } catch (e) {
      if (e instanceof FetchFailed) return { hits, requests: c.requests, complete: false, problem: e.message };
      throw e;
    }
    const page = hitsOf(body);
    if (!page)
      return {
        hits,
        requests: c.requests,
        complete: false,
        problem: 'The HN API answered with something that is not search results (no "hits").',
      };
    let added = 0;
    let minT = Infinity;
    for (const raw of page) {
      const h = asHit(raw);
      // A hit outside the window means the server ignored the filter; skip it rather than loop.
      if (!h || h.created_at_i < opts.from || h.created_at_i >= upper) continue;
      minT = Math.min(minT, h.created_at_i);
      if (seen.has(h.objectID)) continue;
      seen.add(h.objectID);
      if (hits.length < opts.count) {
        hits.push(h);
        added++;
      }
    }
    if (minT !== Infinity) oldest = oldest === null ? minT : Math.min(oldest, minT);
    opts.onProgress?.(c.progress());
    // A short page: nothing older is left in the range.
    if (page.length < hpp || minT === Infinity) return { hits, requests: c.requests, complete: true };
    // Next window: up to and including the oldest second seen (more posts may share it), unless
    // that made no progress (a page all from one second, all seen) — then strictly below it.
    upper = added > 0 && minT + 1 < upper ? minT + 1 : minT;
  }
  return { hits, requests: c.requests, complete: true };
}
