// Makes sure Debian's gensim and scikit-learn are there: the gensim-script test runs the exported
// script in gensim, and the runner's peers (scripts/peers/) measure gensim and scikit-learn beside us.
// On Debian as root it installs `python3-gensim` and `python3-sklearn` when /usr/bin/python3 cannot
// import them, and says so; elsewhere it says what is missing (the gensim test then shows as not run).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const imports = (mod) => spawnSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
const missing = [
  ['gensim', 'python3-gensim'],
  ['sklearn', 'python3-sklearn'],
].filter(([mod]) => !imports(mod));
if (!missing.length) process.exit(0);
const pkgs = missing.map(([, pkg]) => pkg).join(' ');
if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
  console.error(`No ${pkgs} for /usr/bin/python3: the gensim-script test will not run (apt-get install ${pkgs}).`);
  process.exit(0);
}
console.error(`Installing Debian's ${pkgs} (the gensim-script test and the runner's peers use them)…`);
execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`, { stdio: 'inherit' });
