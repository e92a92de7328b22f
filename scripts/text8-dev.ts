// Dev-server route /data/text8.zip (`npm start`): the built site serves its own same-origin copy
// (README, Static build); the dev server serves a local copy when there is one, and otherwise
// downloads text8 from its public URL on first use, streaming it to the browser as it arrives
// (Content-Length passed on, so the page shows progress) while writing it to disk next to the
// project, so the next load is local. A failed download is answered 502 with the reason in the
// status text, which the page shows with its "download it yourself" hint; nothing half-written
// is kept.
//
// Environment (read on each request):
//   TEXT8_PATH               a local text8.zip to serve (never written)
//   SKIPGRAM_TEXT8_UPSTREAM  where to download from (default the public URL; tests point it at a local server)
//   SKIPGRAM_TEXT8_CACHE     where the download is kept (default ./text8.zip, gitignored); when set,
//                            it is the only other place looked at (tests: no stray copy is served)
import type { Plugin } from 'vite';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const TEXT8_PUBLIC_URL = 'http://mattmahoney.net/dc/text8.zip';

interface Places {
  /** Local copies to serve, first found wins. */
  read: string[];
  /** Where a download is kept. */
  cache: string;
  upstream: string;
}

function places(root: string): Places {
  const env = process.env;
  const cache = env.SKIPGRAM_TEXT8_CACHE || resolve(root, 'text8.zip');
  const read = env.SKIPGRAM_TEXT8_CACHE ? [env.TEXT8_PATH, cache] : [env.TEXT8_PATH, cache, resolve(root, '../shared/data/text8.zip')];
  return { read: read.filter((p): p is string => !!p), cache, upstream: env.SKIPGRAM_TEXT8_UPSTREAM || TEXT8_PUBLIC_URL };
}

/** Status text must be one line of Latin-1: the reason, short. */
const statusText = (s: string): string => s.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);

function fail(res: ServerResponse, why: string): void {
  res.statusCode = 502;
  res.statusMessage = statusText(why);
  res.setHeader('Content-Type', 'text/plain');
  res.end(why);
}

function serveFile(path: string, res: ServerResponse): void {
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Length', String(statSync(path).size));
  createReadStream(path).pipe(res);
}

let downloads = 0;

/** Resolves when `res` can take more (or has closed), leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((r) => {
    const done = (): void => {
      res.off('drain', done).off('close', done);
      r();
    };
    res.on('drain', done).on('close', done);
  });
}

/** Streams `upstream` to `res` and into `cache` (via a .part file renamed only when complete). */
async function download(p: Places, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  let up: Response;
  try {
    up = await fetch(p.upstream, { signal: abort.signal });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return fail(res, `could not download text8 from ${p.upstream} (${cause?.code ?? cause?.message ?? String(e)}): no network?`);
  }
  if (!up.ok || !up.body) return fail(res, `could not download text8 from ${p.upstream} (HTTP ${up.status})`);
  const length = Number(up.headers.get('content-length')) || undefined;
  res.setHeader('Content-Type', 'application/zip');
  if (length) res.setHeader('Content-Length', String(length));
  res.statusCode = 200;
  const part = `${p.cache}.${process.pid}.${downloads++}.part`;
  const file = createWriteStream(part);
  let written = 0;
  let gone = false;
  // The page went away (Cancel, reload): stop the download, keep nothing.
  req.on('close', () => void (res.writableFinished || ((gone = true), abort.abort())));
  try {
    for await (const chunk of up.body as unknown as AsyncIterable<Uint8Array>) {
      written += chunk.length;
      file.write(chunk);
      if (!res.write(chunk)) await drained(res);
      if (gone) throw new Error('the page closed the request');
    }
    await new Promise<void>((r, j) => file.end((e?: Error | null) => (e ? j(e) : r())));
    if (length !== undefined && written !== length) throw new Error(`got ${written} of ${length} bytes`);
    renameSync(part, p.cache);
    res.end();
  } catch {
    file.destroy();
    rmSync(part, { force: true });
    res.destroy(); // the page reports a dropped connection, not a short file
  }
}

export function text8DevServer(): Plugin {
  return {
    name: 'text8-dev',
    configureServer(server) {
      server.middlewares.use('/data/text8.zip', (req, res) => {
        const p = places(server.config.root);
        const local = p.read.find((f) => existsSync(f));
        if (local) return serveFile(local, res);
        void download(p, req, res);
      });
    },
  };
}
