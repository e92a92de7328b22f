// The built site's Content-Security-Policy (scripts/csp-plugin.ts): what it allows and where the
// plugin puts it. The policy at work in Chromium: tests/browser/ship-csp.test.ts.
import { describe, expect, it } from 'vitest';
import type { IndexHtmlTransformContext } from 'vite';
import { CSP_DIRECTIVES, CSP_POLICY, contentSecurityPolicy } from '../../scripts/csp-plugin';
import { HN_API_BASE } from '../../workers/hn/fetch';

const sources = (d: string): string[] => (CSP_DIRECTIVES.find(([name]) => name === d)?.[1] ?? '').split(' ');

function transform(html: string): string {
  const hook = contentSecurityPolicy().transformIndexHtml;
  if (!hook || typeof hook === 'function') throw new Error('expected an ordered transformIndexHtml hook');
  const out = hook.handler.call({} as never, html, {} as IndexHtmlTransformContext);
  if (typeof out !== 'string') throw new Error('expected the transformed html as a string');
  return out;
}

describe('Content-Security-Policy of the built site', () => {
  it('runs only our own scripts: no inline script, no eval; WebAssembly compiles', () => {
    expect(CSP_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/);
    for (const [, list] of CSP_DIRECTIVES) expect(list.split(' ')).not.toContain('*');
    expect(sources('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(sources('style-src')).toEqual(["'self'"]);
    expect(sources('object-src')).toEqual(["'none'"]);
    expect(sources('default-src')).toEqual(["'self'"]);
  });

  it('lets the app connect to itself, the HN search API, any https URL and http on loopback only', () => {
    const connect = sources('connect-src');
    expect(connect).toContain("'self'");
    expect(connect).toContain(new URL(HN_API_BASE).origin);
    expect(connect).toContain('https:');
    expect(connect.filter((s) => s.startsWith('http:'))).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
  });

  it('names no directive a <meta> policy ignores (Chromium logs a console error for each)', () => {
    for (const [d] of CSP_DIRECTIVES) expect(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']).not.toContain(d);
    expect(new Set(CSP_DIRECTIVES.map(([d]) => d)).size).toBe(CSP_DIRECTIVES.length);
    expect(CSP_POLICY).not.toMatch(/["<>&]/); // safe inside content="…" unescaped
  });

  it('is added in the build only, right after <meta charset>, before any script', () => {
    expect(contentSecurityPolicy().apply).toBe('build');
    const html =
      '<!doctype html><html><head>\n    <meta charset="utf-8" />\n    <script type="module" src="./a.js"></script></head></html>';
    const out = transform(html);
    const meta = `<meta http-equiv="Content-Security-Policy" content="${CSP_POLICY}" />`;
    expect(out.indexOf(meta)).toBeGreaterThan(out.indexOf('<meta charset'));
    expect(out.indexOf(meta)).toBeLessThan(out.indexOf('<script'));
    expect(() => transform('<html><head><script src="a.js"></script></head></html>')).toThrow(/meta charset/);
  });
});
