import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { unzipSync } from 'fflate';
import { NO_SHARED_DATA_ENV, sharedData } from '../shared-data';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  id?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
  environment?: { name: string };
  env?: Record<string, string>;
  container?: { image: string; options?: string };
}
interface Workflow {
  on: { push?: { branches?: string[] } };
  jobs: Record<string, Job>;
  env?: Record<string, string>;
}

const wf = parse(readFileSync('.github/workflows/pages.yml', 'utf8')) as Workflow;
const jobs = Object.entries(wf.jobs);
const allSteps = jobs.flatMap(([, j]) => j.steps);
const indexIn = (steps: Step[], pred: (s: Step) => boolean) => steps.findIndex(pred);

describe('GitHub Pages workflow', () => {
  it('runs on push to main', () => {
    expect(wf.on.push?.branches).toContain('main');
  });

  it('installs, tests, builds, adds text8 to dist/data, tests the built site CSP and uploads dist, in that order', () => {
    const [, build] = jobs.find(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/upload-pages-artifact')))!;
    const s = build.steps;
    const checkout = indexIn(s, (x) => !!x.uses?.startsWith('actions/checkout'));
    const node = indexIn(s, (x) => !!x.uses?.startsWith('actions/setup-node'));
    const ci = indexIn(s, (x) => /\bnpm ci\b/.test(x.run ?? ''));
    const chromium = indexIn(s, (x) => /apt-get install[^\n]*\bchromium\b/.test(x.run ?? ''));
    const test = indexIn(s, (x) => /\bnpm (run )?test\b/.test(x.run ?? ''));
    const buildStep = indexIn(s, (x) => /\bnpm run build\b/.test(x.run ?? ''));
    const text8 = indexIn(s, (x) => /dist\/data\/text8\.zip/.test(x.run ?? ''));
    const upload = indexIn(s, (x) => !!x.uses?.startsWith('actions/upload-pages-artifact'));
    for (const i of [checkout, node, ci, chromium, test, buildStep, text8, upload]) expect(i).toBeGreaterThanOrEqual(0);
    expect(checkout).toBeLessThan(ci);
    expect(node).toBeLessThan(ci);
    expect(chromium).toBeLessThan(test);
    expect(ci).toBeLessThan(test);
    expect(test).toBeLessThan(buildStep);
    expect(buildStep).toBeLessThan(text8);
    expect(text8).toBeLessThan(upload);
    expect(s[upload].with?.path).toBe('dist');
    // The deployed files themselves pass the CSP test, after text8 is in and before the upload.
    const csp = indexIn(s, (x) => /tests\/browser\/ship-csp\.test\.ts/.test(x.run ?? ''));
    expect(csp).toBeGreaterThan(text8);
    expect(csp).toBeLessThan(upload);
    expect(s[csp].env?.SHIP_DIST).toBe('dist');
    expect(allSteps.some((x) => (x.run ?? '').includes('http://mattmahoney.net/dc/text8.zip'))).toBe(true);
  });

  it('deploys after the build job with the Pages permissions', () => {
    const [, deploy] = jobs.find(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/deploy-pages')))!;
    const [buildName] = jobs.find(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/upload-pages-artifact')))!;
    expect([deploy.needs].flat()).toContain(buildName);
    expect(deploy.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(deploy.environment?.name).toBe('github-pages');
  });

  it('runs the tests with missing shared data reported as not run, the switch on that step only', () => {
    const [, build] = jobs.find(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/upload-pages-artifact')))!;
    const s = build.steps;
    const test = s.find((x) => /\bnpm (run )?test\b/.test(x.run ?? ''))!;
    expect(test.env?.[NO_SHARED_DATA_ENV]).toBe('1');
    // Nowhere else: every other step (and `npm test` anywhere else) treats missing data as a failure.
    expect(wf.env?.[NO_SHARED_DATA_ENV]).toBeUndefined();
    for (const [, j] of jobs) expect(j.env?.[NO_SHARED_DATA_ENV]).toBeUndefined();
    expect(s.filter((x) => x.env?.[NO_SHARED_DATA_ENV] !== undefined)).toEqual([test]);
    // The data it can make comes before the tests; the type check too.
    const data = s.findIndex((x) => /\.\.\/shared\/data\/?\s/.test(x.run ?? '') && /text8-prefix\.zip/.test(x.run ?? ''));
    const check = s.findIndex((x) => /\bnpm run check\b/.test(x.run ?? ''));
    expect(data).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThanOrEqual(0);
    expect(data).toBeLessThan(s.indexOf(test));
    expect(check).toBeLessThan(s.indexOf(test));
    // The storage-full test mounts a tmpfs: the container must be privileged.
    expect(build.container?.options).toMatch(/--privileged/);
  });

  it('cuts text8-prefix.zip from text8 only when it matches the shared file byte for byte', () => {
    const step = allSteps.find((x) => /text8-prefix\.zip/.test(x.run ?? ''))!.run!;
    const bytes = Number(/head -c (\d+)/.exec(step)?.[1]);
    const sha = /echo "([0-9a-f]{64}) /.exec(step)?.[1];
    expect(step).toMatch(/sha256sum -c/);
    const text = Object.values(unzipSync(new Uint8Array(readFileSync(sharedData('text8-prefix.zip')))))[0];
    expect(bytes).toBe(text.length);
    expect(sha).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
