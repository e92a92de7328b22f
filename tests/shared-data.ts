// Real data in ../shared/data (see DESIGN.md). Tests that need it fail loudly when it is missing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/data');

export function sharedData(name: string): string {
  const p = resolve(SHARED_DATA, name);
  if (!existsSync(p)) {
    throw new Error(`missing test data ${p}: this test needs ../shared/data beside the project (see DESIGN.md)`);
  }
  return p;
}
