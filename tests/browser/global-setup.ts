// Starts one Vite server for all browser tests; tests read its URL with inject('appUrl').
import type { TestProject } from 'vitest/node';
import { execFileSync } from 'node:child_process';
import { startVite, ROOT } from '../../scripts/harness';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The bundled sample (public/sample/brown.txt) is generated, not committed: make it first.
  execFileSync('node', ['scripts/build-sample.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const { server, url } = await startVite();
  project.provide('appUrl', url);
  return async () => {
    await server.close();
  };
}
