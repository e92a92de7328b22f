// The runner fetches the http(s) URLs on its command line the way curl does: from Node, through
// a route on its own file server, so a server that sends no CORS headers (`python3 -m
// http.server`) works. The page itself keeps refusing such URLs; only the runner rewrites them.
// Bodies are piped (backpressure: Node reads upstream only as fast as Chromium takes it), never
// held whole. Upstream bytes pass through untouched (no decoding), status and headers with them.
import http from 'node:http';
import https from 'node:https';

/** A remote URL served through the runner's file server. */
export interface Upstream {
  /** The user's URL. */
  url: string;
  /**
   * What went wrong upstream, in the user's terms (it names `url`): connection refused, a drop
   * mid-stream. Set before the page sees the failure, so the runner can report it instead of
   * the page's message about its local proxy URL.
   */
  failure?: string;
}

const MAX_REDIRECTS = 5;
/** Upstream headers the page gets as they are. */
const PASSED = ['content-type', 'content-length', 'content-encoding', 'last-modified', 'etag'];

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function reasonOf(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  return REASONS[code] ?? (e instanceof Error ? e.message : String(e));
}

const mb = (n: number): string => (n / 1e6).toFixed(1);

/** GETs `url`, following up to MAX_REDIRECTS redirects (as the page's fetch would). */
function open(url: string, redirects = MAX_REDIRECTS): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { headers: { 'User-Agent': 'skipgram-lab-runner', Accept: '*/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location && redirects > 0) {
        res.resume();
        open(new URL(location, url).href, redirects - 1).then(resolve, reject);
      } else resolve(res);
    });
    req.on('error', reject);
  });
}

/** Serves `up.url` on `res`: upstream's status, headers and bytes, plus Access-Control-Allow-Origin. */
export function proxyTo(up: Upstream, res: http.ServerResponse): void {
  const cors = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };
  open(up.url).then(
    (src) => {
      const headers: Record<string, string> = { ...cors };
      for (const h of PASSED) {
        const v = src.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const expected = Number(src.headers['content-length']);
      let got = 0;
      src.on('data', (chunk: Buffer) => (got += chunk.length));
      // The upstream broke off (destroyed socket, fewer bytes than its Content-Length): say so,
      // then break the page's response too, so the engine sees a dropped stream, not a short file.
      // When the page went away first (a cancel), res is destroyed already and nothing is said.
      src.on('error', (e) => {
        if (!res.destroyed) {
          const of = expected > 0 ? ` of ${mb(expected)} MB` : '';
          up.failure ??= `reading ${up.url} failed after ${mb(got)}${of}: the connection dropped mid-stream (${reasonOf(e)})`;
        }
        res.destroy();
      });
      res.on('close', () => {
        if (!src.complete) src.destroy();
      });
      res.writeHead(src.statusCode ?? 502, src.statusMessage, headers);
      src.pipe(res);
    },
    (e: unknown) => {
      up.failure ??= `could not connect to ${up.url} (${reasonOf(e)})`;
      res.writeHead(502, { ...cors, 'Content-Type': 'text/plain' }).end(up.failure);
    },
  );
}

/**
 * The message for a failed engine call: an upstream's own failure when there is one, else the
 * engine's message with each local proxy URL replaced by the user's URL.
 */
export function userMessage(message: string, upstreams: readonly { local: string; upstream: Upstream }[]): string {
  const failed = upstreams.find((u) => u.upstream.failure);
  if (failed?.upstream.failure) return failed.upstream.failure;
  return upstreams.reduce((m, { local, upstream }) => m.split(local).join(upstream.url), message);
}
