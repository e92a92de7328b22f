// Makes sure a Chromium is there for the browser tests and the runner. On Debian as
// root it installs the `chromium` package when none is found, and says so.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hasChromium, findChromium } from './chromium-path.mjs';

if (hasChromium()) {
  process.exit(0);
}
const isRoot = process.getuid?.() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error("No Chromium found. Install Debian's `chromium` package (apt-get install chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}
console.error("No Chromium found: installing Debian's `chromium` package (apt-get update && apt-get install -y chromium)…");
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
console.error(`Installed: ${findChromium()}`);
