import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; id?: string }
interface Job { needs?: string | string[]; permissions?: Record<string, string>; steps: Step[]; environment?: { name: string } }
interface Workflow { on: { push?: { branches?: string[] } }; jobs: Record<string, Job> }

const wf = parse(readFileSync('.github/workflows/pages.yml', 'utf8')) as Workflow;
const jobs = Object.entries(wf.jobs);
const allSteps = jobs.flatMap(([, j]) => j.steps);
const indexIn = (steps: Step[], pred: (s: Step) => boolean) => steps.findIndex(pred);

describe('GitHub Pages workflow', () => {
  it('runs on push to main', () => {
    expect(wf.on.push?.branches).toContain('main');
  });

  it('installs, tests, builds, adds text8 to dist/data and uploads dist, in that order', () => {
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
    expect(allSteps.some((x) => (x.run ?? '').includes('http://mattmahoney.net/dc/text8.zip'))).toBe(true);
  });

  it('deploys after the build job with the Pages permissions', () => {
    const [, deploy] = jobs.find(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/deploy-pages')))!;
    const [buildName] = jobs.find(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/upload-pages-artifact')))!;
    expect([deploy.needs].flat()).toContain(buildName);
    expect(deploy.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(deploy.environment?.name).toBe('github-pages');
  });
});
