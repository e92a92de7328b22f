// Settings of the HN predictors chosen on validation, never on the test part: fits on the time
// split's training part minus its newest 10% (the validation part the engine uses) and prints each
// setting's validation log loss. Node only (the GBDT and features are plain TypeScript).
//   npx tsx scripts/hn-tune.ts ../shared/data/hn-posts-2015-2016.csv vectors.vec gbdt
import { readFileSync } from 'node:fs';
import { parsePosts } from '../workers/hn/parse';
import { timeSplit } from '../workers/hn/split';
import { ALL_GROUPS, fitPrep, type WordTable } from '../workers/hn/features';
import { runGbdt } from '../workers/hn/gbdt-baseline';
import { binOf, metrics } from '../workers/hn/metrics';
import type { GbdtOpts } from '../workers/hn/gbdt';
import { DEFAULT_BINS } from '../workers/hn/bins';

const [csv, vec, what = 'gbdt'] = process.argv.slice(2);
const posts = parsePosts(readFileSync(csv, 'utf8')).posts;
const { train } = timeSplit(posts, 0.2);
const { train: fit, test: val } = timeSplit(train, 0.1);
function readVec(path: string): WordTable {
  const lines = readFileSync(path, 'utf8').split('\n');
  const [n, dim] = lines[0].split(' ').map(Number);
  const index = new Map<string, number>(),
    matrix = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const parts = lines[r + 1].trimEnd().split(' ');
    index.set(parts[0], r);
    for (let j = 0; j < dim; j++) matrix[r * dim + j] = Number(parts[j + 1]);
  }
  return { index, matrix, dim };
}
const words = vec && vec !== '-' ? readVec(vec) : null;
const edges = [...DEFAULT_BINS];
const prep = fitPrep(fit, { ...ALL_GROUPS, title: !!words }, words?.dim ?? 0);
const yVal = Int32Array.from(val, (p) => binOf(p.points, edges));
if (what === 'gbdt') {
  const grid: Partial<GbdtOpts>[] = [];
  for (const learningRate of [0.05, 0.1])
    for (const maxLeaves of [7, 15, 31])
      for (const minSamplesLeaf of [20, 80]) for (const l2 of [0, 1]) grid.push({ learningRate, maxLeaves, minSamplesLeaf, l2 });
  for (const g of grid) {
    const r = await runGbdt(fit, val, [], prep, words, edges, ['a', 'b', 'c', 'd'], { ...g, seed: 1 });
    const m = metrics(yVal, r.valProbs, 4, 2);
    console.log(
      JSON.stringify({
        ...g,
        rounds: r.model.rounds,
        valLogLoss: +m.logLoss.toFixed(4),
        valAuc: +m.auc100.toFixed(4),
        seconds: +r.seconds.toFixed(1),
      }),
    );
  }
}
