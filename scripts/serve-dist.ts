// A tiny static server for dist/ under a sub-path, as a static host would serve it
// (`tsx scripts/serve-dist.ts [--base /some/sub/path/] [--port 4173]`). Used by the ship tests.
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
  '.svg': 'image/svg+xml',
};

export interface DistServer {
  server: Server;
  /** Full URL of the site root, ending in '/'. */
  url: string;
  /** Every request path that was answered with a status >= 400. */
  failures: string[];
  close(): Promise<void>;
}

export async function serveDist(dir: string, base = '/some/sub/path/', port = 0): Promise<DistServer> {
  const root = resolve(dir);
  const failures: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const fail = (status: number) => {
      failures.push(`${status} ${path}`);
      res.writeHead(status).end();
    };
    if (!path.startsWith(base)) return fail(404);
    let file = normalize(join(root, path.slice(base.length)));
    if (!file.startsWith(root)) return fail(403);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return fail(404);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const addr = server.address();
  const p = typeof addr === 'object' && addr ? addr.port : port;
  return {
    server,
    url: `http://127.0.0.1:${p}${base}`,
    failures,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const s = await serveDist('dist', arg('--base') ?? '/some/sub/path/', Number(arg('--port') ?? 4173));
  console.log(`serving dist/ at ${s.url}`);
}
