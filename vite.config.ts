import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { assemblyScript } from './scripts/assemblyscript-plugin.ts';
import { contentSecurityPolicy } from './scripts/csp-plugin.ts';
import { text8DevServer } from './scripts/text8-dev.ts';
import { ISOLATION_HEADERS, isolationServiceWorker } from './scripts/isolation.ts';

export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    assemblyScript(),
    contentSecurityPolicy(), // build only: a CSP <meta> in dist/index.html (README, Security)
    isolationServiceWorker(), // build only: coi-serviceworker adds the isolation headers where the host sends none
    text8DevServer(), // dev only: /data/text8.zip from a local copy, else downloaded once from the public URL (scripts/text8-dev.ts)
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
      '@tensorflow/tfjs-backend-wasm', // with tfjs in one pre-bundle: a copy of tfjs-core of its own would register 'wasm' elsewhere
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
        // Some unit tests train or score real data (questions-words, the WebAssembly trainer):
        // seconds on a quiet machine, several times that on a loaded one; a timeout is no assertion.
        // They run before the browser tests, not beside them: the browser tests' latency checks
        // (no long task, cancel answered) should not share the two cores with WebAssembly training.
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
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
          sequence: { groupOrder: 1 },
          // expect.poll waits on engine work (a delete, a cancel): a hang fails, a slow machine does not.
          expect: { poll: { timeout: 60_000 } },
        },
      },
    ],
  },
});
