import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { assemblyScript } from './scripts/assemblyscript-plugin.ts';
import { contentSecurityPolicy } from './scripts/csp-plugin.ts';
import { ISOLATION_HEADERS, isolationServiceWorker } from './scripts/isolation.ts';

// Where `npm start` finds text8.zip for its same-origin proxy (see README):
// TEXT8_PATH, or ../shared/data/text8.zip, or ./text8.zip.
function text8Path(): string | undefined {
  const candidates = [process.env.TEXT8_PATH, resolve('text8.zip'), resolve('../shared/data/text8.zip')];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    assemblyScript(),
    contentSecurityPolicy(), // build only: a CSP <meta> in dist/index.html (README, Security)
    isolationServiceWorker(), // build only: coi-serviceworker adds the isolation headers where the host sends none
    {
      // Dev-server route /data/text8.zip → a local copy of text8 when there is one.
      name: 'text8-proxy',
      configureServer(server) {
        server.middlewares.use('/data/text8.zip', async (_req, res) => {
          const path = text8Path();
          if (!path) {
            res.statusCode = 404;
            res.end('text8.zip not found: set TEXT8_PATH or put text8.zip in the project folder');
            return;
          }
          const { createReadStream, statSync } = await import('node:fs');
          res.setHeader('Content-Type', 'application/zip');
          res.setHeader('Content-Length', String(statSync(path).size));
          createReadStream(path).pipe(res);
        });
      },
    },
  ],
  build: {
    target: 'es2022',
    rollupOptions: { input: { main: resolve('index.html') } },
  },
  // Worker bundles get their own plugins in a build: the engine worker imports the trainer's ?wasm.
  worker: { format: 'es', plugins: () => [assemblyScript()] },
  optimizeDeps: {
    entries: ['index.html', 'lab.html', 'tests/browser/pages/*.html'],
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      'idb-keyval',
      'fflate',
      'papaparse',
      'umap-js',
      'he', // CJS, imported only by the engine worker (HN titles), which the dep scan does not reach
      'd3',
    ],
    // wasm-pack output: served as it is, so its `new URL('…_bg.wasm', import.meta.url)` and
    // snippet paths stay valid (the t-SNE loader passes the .wasm URL itself too).
    exclude: ['wasm-bhtsne'],
  },
  // Cross-origin isolation (crossOriginIsolated: a shared WebAssembly memory for the threaded
  // CPU trainer) on the dev server, the runner and `vite preview`; the static build gets the same
  // headers from its service worker (scripts/isolation.ts). require-corp:
  // every cross-origin fetch the app makes is in CORS mode, which needs no CORP header.
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
