// Vite plugin: the built index.html gets a Content-Security-Policy <meta> (static hosts such as
// GitHub Pages send no headers, so the page carries its own policy). Build only: the dev server
// needs Vite's inline HMR client and injected <style> elements. Why each source is there: README,
// "Security".
import type { Plugin } from 'vite';

/** Directive → sources. `connect-src` cannot list the URLs a user types (a meta policy is fixed
 * when the page loads), so it allows any https URL and http only on this machine's loopback —
 * what an https page may fetch anyway (mixed content), stated outright. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  // Our bundles only; WebAssembly.compile/instantiate of the CPU trainer needs 'wasm-unsafe-eval'
  // (not 'unsafe-eval': no eval or new Function runs in the bundles).
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  // The engine worker and its inflate worker start from same-origin bundles. blob: for
  // workers/spawn.ts, which starts them from a blob: wrapper so they inherit this policy.
  ['worker-src', "'self' blob:"],
  // The HN search API's origin (HN_API_BASE in workers/hn/fetch.ts; a unit test ties the two).
  // Chromium rejects IPv6 literals in source expressions, so no http://[::1]:*.
  ['connect-src', "'self' https://hn.algolia.com https: http://localhost:* http://127.0.0.1:*"],
  // One stylesheet file; Svelte sets styles through CSSOM (element.style), which CSP allows.
  ['style-src', "'self'"],
  // data: for the empty favicon (<link rel="icon" href="data:,">).
  ['img-src', "'self' data:"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
];

export const CSP_POLICY = CSP_DIRECTIVES.map(([d, s]) => `${d} ${s}`).join('; ');

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after <meta charset>: a meta policy covers only what comes after it in the document.
      handler(html) {
        const charset = /<meta charset="utf-8"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('csp-plugin: index.html has no <meta charset="utf-8"> to put the policy after');
        return html.replace(charset, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${CSP_POLICY}" />`);
      },
    },
  };
}
