// Starts a module worker through a one-line blob: wrapper (`import "<bundle URL>"`) instead of
// the bundle's URL. Why: a worker loaded from a URL takes its Content-Security-Policy from that
// response's headers, and a static host (GitHub Pages) sends none, so the page's <meta> policy
// would not reach the engine — which makes every fetch and compiles the WebAssembly trainer. A
// worker from a blob: URL inherits its creator's policy (CSP 3, "policy container"), and the
// engine starts the inflate worker the same way, so both run under the page's policy.
// `scriptUrl` is what Vite's `?worker&url` import gives: absolute in a build, root-relative
// ('/workers/…?worker_file&type=module') on the dev server, hence the resolve.

// One wrapper per worker script, kept for the page's life (two tiny blobs): a blob: URL revoked
// before the worker has fetched it would fail the start.
const wrappers = new Map<string, string>();

export function spawnModuleWorker(scriptUrl: string): Worker {
  const href = new URL(scriptUrl, import.meta.url).href;
  let wrapper = wrappers.get(href);
  if (!wrapper) {
    wrapper = URL.createObjectURL(new Blob([`import ${JSON.stringify(href)};\n`], { type: 'text/javascript' }));
    wrappers.set(href, wrapper);
  }
  return new Worker(wrapper, { type: 'module' });
}
