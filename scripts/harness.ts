// Shared by the headless runner (scripts/lab.ts) and the browser tests: a Vite server
// for the app, a small file server for corpora and data, and Debian's Chromium.
import { createServer, type ViteDevServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import http from 'node:http';
import { createReadStream, createWriteStream, statSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { findChromium } from './chromium-path.mjs';
import { proxyTo, type Upstream } from './remote';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function startVite(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false },
    clearScreen: false,
  });
  await server.listen();
  const addr = server.httpServer!.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

export interface FileRoute {
  /** A file on disk to stream. */
  path?: string;
  /** Or a fixed body. */
  body?: Uint8Array | string;
  status?: number;
  /** Default true: send Access-Control-Allow-Origin: *. */
  cors?: boolean;
  /** Destroy the socket after this many body bytes (a network drop mid-stream). */
  dropAfter?: number;
  contentType?: string;
  /** Stop after this many body bytes until the gate is released (a source paced by the test). */
  hold?: { bytes: number; gate: Gate };
  /** Or a remote http(s) URL, fetched from Node and streamed through with CORS added (scripts/remote.ts). */
  upstream?: Upstream;
}

/**
 * A test's hand on a held stream: `reached` resolves once a response has sent its first
 * `bytes` and is parked there; `release()` lets it (and every later response) go on.
 */
export interface Gate {
  reached: Promise<void>;
  release(): void;
  /** Internal: the held response waits on this. */
  readonly released: Promise<void>;
  readonly isReleased: boolean;
  /** Internal: the held response calls this when it parks. */
  park(): void;
}

export function gate(): Gate {
  let park!: () => void;
  let release!: () => void;
  let isReleased = false;
  const reached = new Promise<void>((r) => (park = r));
  const released = new Promise<void>((r) => (release = r));
  return {
    reached,
    released,
    get isReleased() {
      return isReleased;
    },
    park: () => park(),
    release() {
      isReleased = true;
      release();
    },
  };
}

/** Writes `body` to `res`, parking after `hold.bytes` until the gate is released. */
async function writeHeld(res: http.ServerResponse, body: Uint8Array, hold: { bytes: number; gate: Gate }): Promise<void> {
  const at = Math.min(hold.bytes, body.length);
  res.write(body.subarray(0, at));
  if (!hold.gate.isReleased) {
    hold.gate.park();
    await hold.gate.released;
  }
  if (!res.destroyed) res.end(body.subarray(at));
}

export interface FileServer {
  url: string;
  /** Serve `route` at `/name`; returns its absolute URL. */
  add(name: string, route: FileRoute): string;
  /** Serve a local file under a generated name; returns its URL. */
  serveFile(path: string): string;
  /** Serve a remote http(s) URL through this server (the runner's URLs, no CORS needed); `local` is its URL here. */
  serveRemote(url: string): { local: string; upstream: Upstream };
  /** PUT target: bytes the page uploads to `<url>/upload/<name>` are written to `path`. */
  allowUpload(name: string, path: string): string;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const routes = new Map<string, FileRoute>();
  const uploads = new Map<string, string>();
  let n = 0;
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, PUT',
        'Access-Control-Allow-Headers': '*',
      });
      res.end();
      return;
    }
    if (req.method === 'PUT' && url.startsWith('/upload/')) {
      const target = uploads.get(url.slice('/upload/'.length));
      if (!target) return void res.writeHead(404).end();
      const out = createWriteStream(target);
      req.pipe(out);
      out.on('finish', () => res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok'));
      return;
    }
    const route = routes.get(url.slice(1));
    if (!route) {
      res.writeHead(404, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (route.upstream) return proxyTo(route.upstream, res);
    const headers: Record<string, string> = { 'Content-Type': route.contentType ?? 'application/octet-stream' };
    if (route.cors !== false) headers['Access-Control-Allow-Origin'] = '*';
    const status = route.status ?? 200;
    if (route.hold && route.path) {
      // Read whole: held routes serve test-sized files, and the park point must be exact.
      const body = new Uint8Array(readFileSync(route.path));
      headers['Content-Length'] = String(body.length);
      res.writeHead(status, headers);
      void writeHeld(res, body, route.hold);
    } else if (route.path) {
      const size = statSync(route.path).size;
      headers['Content-Length'] = String(size);
      res.writeHead(status, headers);
      const stream = createReadStream(route.path);
      if (route.dropAfter !== undefined) {
        let sent = 0;
        stream.on('data', (chunk) => {
          sent += chunk.length;
          if (sent >= route.dropAfter!) {
            stream.destroy();
            res.destroy();
          }
        });
      }
      stream.pipe(res);
    } else {
      const body = typeof route.body === 'string' ? Buffer.from(route.body) : Buffer.from(route.body ?? new Uint8Array());
      headers['Content-Length'] = String(body.length);
      res.writeHead(status, headers);
      if (route.dropAfter !== undefined) {
        res.write(body.subarray(0, route.dropAfter));
        setTimeout(() => res.destroy(), 50);
      } else res.end(body);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const fs: FileServer = {
    url,
    add(name, route) {
      routes.set(name, route);
      return url + encodeURIComponent(name).replace(/%2F/g, '/');
    },
    serveFile(path) {
      if (!existsSync(path)) throw new Error(`no such file: ${path}`);
      const name = `f${n++}/${path.split('/').pop()}`;
      return fs.add(name, { path: resolve(path) });
    },
    serveRemote(remote) {
      const upstream: Upstream = { url: remote };
      // The same last path segment, so names the engine takes from the URL stay the user's.
      const local = fs.add(`r${n++}/${new URL(remote).pathname.split('/').pop() || 'index'}`, { upstream });
      return { local, upstream };
    },
    allowUpload(name, path) {
      uploads.set(name, resolve(path));
      return url + 'upload/' + name;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return fs;
}

export interface LaunchOptions {
  /** 'swiftshader' (default) forces WebGPU onto SwiftShader; 'default' lets Chromium pick a GPU. */
  adapter?: 'swiftshader' | 'default';
  /** No WebGPU at all (tests the CPU path). */
  noWebGpu?: boolean;
}

/** Chromium's command line for the runner and tests (see DESIGN.md's test environment). */
export function chromiumArgs(opts: LaunchOptions = {}): string[] {
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-background-timer-throttling',
  ];
  if (opts.noWebGpu) args.push('--disable-webgpu', '--disable-features=WebGPU');
  else {
    args.push('--enable-unsafe-webgpu', '--enable-features=Vulkan');
    if ((opts.adapter ?? 'swiftshader') === 'swiftshader') args.push('--use-webgpu-adapter=swiftshader');
  }
  return args;
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs(opts), headless: true });
}

/**
 * A Chromium whose profile lives on a small tmpfs, so IndexedDB really runs out of
 * space (QuotaExceededError) — CDP's quota override does not limit IndexedDB writes.
 * Needs root (mount); CI runs as root.
 */
export async function launchOnSmallDisk(
  megabytes: number,
  opts: LaunchOptions = {},
): Promise<{ context: BrowserContext; fill(leaveBytes: number): void; unfill(): void; close(): Promise<void> }> {
  const { closeSync, fstatSync, ftruncateSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const dir = mkdtempSync('/tmp/lab-small-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  const context = await chromium.launchPersistentContext(dir, { executablePath: findChromium(), args: chromiumArgs(opts), headless: true });
  return {
    context,
    /**
     * Takes the disk's free space down to about `leaveBytes` with a filler file. Chromium may
     * write to the profile meanwhile (LevelDB compaction, logs), so the filler grows in 1 MB
     * steps against a fresh statfs each time, and a write that meets ENOSPC is the disk already
     * full: the filler is then cut back until `leaveBytes` are free again.
     */
    fill(leaveBytes: number) {
      const filler = `${dir}/filler`;
      const freeNow = (): number => {
        const st = statfsSync(dir);
        return st.bavail * st.bsize;
      };
      const fd = openSync(filler, 'a');
      try {
        for (let free = freeNow(); free > leaveBytes; free = freeNow()) {
          try {
            writeSync(fd, new Uint8Array(Math.min(free - leaveBytes, 1 << 20)));
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
            break;
          }
        }
        const short = leaveBytes - freeNow();
        if (short > 0) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - short));
      } finally {
        closeSync(fd);
      }
    },
    /** Frees the space fill() took (the user deleting something). */
    unfill() {
      rmSync(`${dir}/filler`, { force: true });
    },
    async close() {
      await context.close().catch(() => {});
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Loads lab.html in `page` and waits until its engine has answered `hello` (window.labReady). */
export async function gotoLab(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl + 'lab.html');
  await page.waitForFunction(() => (window as unknown as { labReady?: boolean }).labReady === true, null, { timeout: 120_000 });
}

/** Opens lab.html in a fresh context and waits for `window.lab`. */
export async function openLab(browser: Browser, appUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await gotoLab(page, appUrl);
  return { context, page };
}
