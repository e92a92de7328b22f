// Finds the Chromium the tests and the runner drive: $CHROMIUM_PATH, then Debian's.
import { existsSync } from 'node:fs';

export const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROMIUM_PATH=${env} does not exist`);
    return env;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error("No Chromium found: set CHROMIUM_PATH or run `node scripts/ensure-chromium.mjs` (installs Debian's chromium as root)");
  return found;
}

export function hasChromium() {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}
