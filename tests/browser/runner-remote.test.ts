// The runner fetches URLs like curl (issue 14): from `python3 -m http.server`, which sends no
// CORS headers, `ingest --corpus`, `classify --train/--test/--vectors` and `eval --vectors
// --analogies --pairs` work, with the same counts as from the file; 404, connection refused and
// a drop mid-stream fail with an {"error"} naming the user's URL. The page itself still refuses
// that server (no CORS) with its CORS message.
import { it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, unzipSync } from 'fflate';
import { startFileServer, type FileServer } from '../../scripts/harness';
import { labSession } from './lab';
import { runLab } from './run-lab';
import { describeWithData, sharedData } from '../shared-data';

/** `python3 -m http.server` on a free port over `dir`; resolves once it says where it listens. */
async function pythonServer(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`python3 -m http.server exited (${code})`)));
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      const m = /port (\d+)/.exec(l);
      if (m) resolve(m[1]);
    });
  });
  return { url: `http://127.0.0.1:${port}/`, proc };
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// Built so the answers are known: king − man + woman = queen exactly; the pairs' cosines rank
// as their scores do (Spearman 1). Title words (google, apple…) give classify some hits.
const VEC =
  [
    '9 4',
    'king 1 1 0 0',
    'man 1 0 0 0',
    'woman 0 0 1 0',
    'queen 0 1 1 0',
    'apple 0 0 0 1',
    'pear 0 0 0.2 1',
    'google 0.5 0 0 1',
    'python 0 0.5 0 1',
    'rust 0 0.5 0.1 1',
  ].join('\n') + '\n';
const ANALOGIES = ': family\nman king woman queen\n';
const PAIRS = '# word1 word2 score\napple pear 9\nking queen 6\nman apple 1\n';

describeWithData(['text8-prefix.zip', 'hn-posts-2015-2016.csv'], 'runner: http(s) inputs fetched like curl', () => {
  let tmp: string;
  let py: { url: string; proc: ChildProcess };
  let drop: FileServer;
  let dropUrl: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'runner-remote-'));
    const text = Object.values(unzipSync(new Uint8Array(readFileSync(sharedData('text8-prefix.zip')))))[0];
    writeFileSync(join(tmp, 't8.gz'), gzipSync(text, { level: 1 }));
    // Two names for the HN file, so --train and --test are two downloads.
    symlinkSync(sharedData('hn-posts-2015-2016.csv'), join(tmp, 'train.csv'));
    symlinkSync(sharedData('hn-posts-2015-2016.csv'), join(tmp, 'test.csv'));
    writeFileSync(join(tmp, 'tiny.vec'), VEC);
    writeFileSync(join(tmp, 'analogies.txt'), ANALOGIES);
    writeFileSync(join(tmp, 'pairs.txt'), PAIRS);
    py = await pythonServer(tmp);
    // A server that also sends no CORS headers and destroys the socket after 1 MB of the gzip.
    drop = await startFileServer();
    dropUrl = drop.add('t8.gz', { path: join(tmp, 't8.gz'), cors: false, dropAfter: 1_000_000 });
  });
  afterAll(async () => {
    py?.proc.kill();
    await drop?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the test servers send no CORS headers (so the runner cannot be leaning on them)', async () => {
    for (const u of [py.url + 't8.gz', dropUrl]) {
      const r = await fetch(u);
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      await r.body?.cancel();
    }
  });

  it('ingests the gzip over http with the same figures as the zip from disk', async () => {
    const http = await runLab(['ingest', '--corpus', py.url + 't8.gz']);
    const file = await runLab(['ingest', '--corpus', sharedData('text8-prefix.zip')]);
    console.log(`runner ingest over http: ${http.line}\nrunner ingest from file: ${file.line}`);
    expect(http.code).toBe(0);
    expect(file.code).toBe(0);
    expect(http.last.words).toBe(file.last.words);
    expect(http.last.vocab).toBe(file.last.vocab);
    expect(http.last.bytes).toBe(file.last.bytes);
    expect(http.last.words).toBeGreaterThan(2_000_000);
  });

  it('classify takes --train, --test and --vectors as URLs', async () => {
    const r = await runLab([
      'classify',
      '--train',
      py.url + 'train.csv',
      '--test',
      py.url + 'test.csv',
      '--vectors',
      py.url + 'tiny.vec',
      '--max-epochs',
      '1',
    ]);
    expect(r.code, JSON.stringify(r.last)).toBe(0);
    // Both files read whole: every post of each.
    expect(r.last.rows).toMatchObject({ train: 16_000, test: 16_000 });
    const b = r.last.baselines as { titleLogreg: { features: string } };
    expect(b.titleLogreg.features).toBe('title vectors');
  });

  it('eval takes --vectors, --analogies and --pairs as URLs', async () => {
    const r = await runLab([
      'eval',
      '--vectors',
      py.url + 'tiny.vec',
      '--analogies',
      py.url + 'analogies.txt',
      '--pairs',
      py.url + 'pairs.txt',
    ]);
    expect(r.code, JSON.stringify(r.last)).toBe(0);
    expect(r.last.analogy).toMatchObject({ correct: 1, total: 1 });
    const pairs = r.last.pairs as { used: number; spearman: number };
    expect(pairs.used).toBe(3);
    expect(pairs.spearman).toBeCloseTo(1, 9);
  });

  it('a 404 fails naming the URL and the status', async () => {
    const url = py.url + 'missing.gz';
    const r = await runLab(['ingest', '--corpus', url]);
    console.log(r.line);
    expect(r.code).not.toBe(0);
    expect(String(r.last.error)).toContain(url);
    expect(String(r.last.error)).toMatch(/HTTP 404/);
  });

  it('a refused connection fails naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/t8.gz`;
    const r = await runLab(['eval', '--vectors', url, '--pairs', join(tmp, 'pairs.txt')]);
    console.log(r.line);
    expect(r.code).not.toBe(0);
    expect(r.last.error).toBe(`could not connect to ${url} (connection refused)`);
  });

  it('a drop mid-stream fails naming the URL and the drop', async () => {
    const r = await runLab(['ingest', '--corpus', dropUrl]);
    console.log(r.line);
    expect(r.code).not.toBe(0);
    expect(String(r.last.error)).toContain(dropUrl);
    expect(String(r.last.error)).toMatch(/dropped mid-stream/);
  });

  it('the page itself still refuses the server without CORS, with its CORS message', async () => {
    const s = await labSession();
    try {
      const r = await s.call('ingest', { source: { kind: 'url', url: py.url + 't8.gz' }, settings: { minCount: 5 } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/CORS/);
    } finally {
      await s.close();
    }
  });
});
