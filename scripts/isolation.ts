// Cross-origin isolation (crossOriginIsolated: a shared WebAssembly memory for the threaded CPU
// trainer). The dev server and `vite preview` send ISOLATION_HEADERS (vite.config.ts); the
// static build, whose host may send no headers (GitHub Pages), gets the npm package
// coi-serviceworker: a service worker that adds them to every response, registered by a classic
// script in the page's <head>, with our settings (coi-config.js, below) set just before it.
import type { Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The files the build adds beside index.html (relative URLs: the site works under any sub-path). */
export const COI_SCRIPT = 'coi-serviceworker.js';
export const COI_CONFIG = 'coi-config.js';

/**
 * coi-serviceworker's settings, as a classic script (the page's CSP allows scripts from 'self' only,
 * no inline ones). It reloads the page once to come under the newly installed worker (at the
 * address as opened, so a share link is read again as given); the guard
 * keeps that to one reload per tab session until the page is isolated, so a browser where the
 * worker cannot isolate the page (or a worker update that loses it) gets no reload loop: the page
 * stays, trains on one thread, and says why (workers/train/pick.ts); so does a page with no
 * sessionStorage to keep the guard in. Quiet: no console lines.
 */
export const COI_CONFIG_SOURCE = `// Settings for ${COI_SCRIPT} (npm coi-serviceworker), written by scripts/isolation.ts.
(function () {
  var KEY = 'skipgram-coi-reloaded';
  var store = function (f) {
    try {
      return f(window.sessionStorage);
    } catch (e) {
      return undefined;
    }
  };
  if (window.crossOriginIsolated) store(function (s) { s.removeItem(KEY); });
  // The address as opened: the app may rewrite the hash before the reload (it drops a share
  // link's invalid entries and says so), and the reloaded page should read the link as given.
  var opened = window.location.href;
  window.coi = {
    quiet: true,
    coepCredentialless: function () { return false; },
    doReload: function () {
      // null: not reloaded yet this session; undefined: no storage to remember it in, so no reload.
      if (store(function (s) { return s.getItem(KEY); }) !== null) return;
      if (!store(function (s) { s.setItem(KEY, '1'); return true; })) return;
      // coi-serviceworker asks as soon as the worker starts installing; a reload before the worker
      // is active would not come under it (and the guard allows no second try): wait until it is.
      window.navigator.serviceWorker.ready.then(function () {
        // The address is put back here, in the same task as the reload, not when asked: the app may
        // clean the hash at any moment until then, and nothing can run between these two lines.
        try {
          window.history.replaceState(window.history.state, '', opened);
        } catch (e) {
          // keep the address as it is
        }
        window.location.reload();
      });
    },
  };
})();
`;

/** Build only: puts coi-serviceworker.js and its settings beside index.html and loads them in its <head>. */
export function isolationServiceWorker(): Plugin {
  return {
    name: 'isolation-service-worker',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'script', attrs: { src: `./${COI_CONFIG}` }, injectTo: 'head' },
        { tag: 'script', attrs: { src: `./${COI_SCRIPT}` }, injectTo: 'head' },
      ],
    },
    generateBundle() {
      const file = createRequire(import.meta.url).resolve(`coi-serviceworker/${COI_SCRIPT}`);
      this.emitFile({ type: 'asset', fileName: COI_SCRIPT, source: readFileSync(file, 'utf8') });
      this.emitFile({ type: 'asset', fileName: COI_CONFIG, source: COI_CONFIG_SOURCE });
    },
  };
}
