// Starts one Vite server for all browser tests; tests read its URL with inject('appUrl').
import type { TestProject } from 'vitest/node';
import { startVite } from '../../scripts/harness';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { server, url } = await startVite();
  project.provide('appUrl', url);
  return async () => {
    await server.close();
  };
}
