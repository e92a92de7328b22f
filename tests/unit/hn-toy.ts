// A toy HN world for unit tests: 7 two-dimensional word vectors and posts whose titles separate
// the bins ("Show HN: the rust thing" posts get 20–320 points, newsletters 1–12), seeded.
import type { Prep, WordTable } from '../../workers/hn/features';
import type { Post } from '../../workers/hn/posts';
import type { Metrics } from '../../workers/hn/metrics';
import type { NamedWeight } from '../../workers/hn/model';
import type { HnModelBundle } from '../../workers/hn/model-store';

export const words: WordTable = {
  index: new Map(['rust', 'compiler', 'weekly', 'newsletter', 'show', 'hn', 'the'].map((w, i) => [w, i])),
  matrix: Float32Array.from([1, 0, 0.9, 0.1, -1, 0, -0.9, 0.1, 0, 1, 0.1, 0.9, 0.3, 0.3]),
  dim: 2,
};

export function makePosts(n: number, seed: number): Post[] {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const hot = r() < 0.4;
    const title = hot ? `Show HN: the ${r() < 0.5 ? 'rust' : 'compiler'} thing` : `the ${r() < 0.5 ? 'weekly' : 'newsletter'} issue ${i}`;
    const points = hot ? Math.floor(20 + r() * 300) : Math.floor(1 + r() * 12);
    return {
      id: String(i),
      title,
      url: r() < 0.5 ? 'https://github.com/a' : 'https://example.com/b',
      points,
      author: r() < 0.5 ? 'pg' : 'dang',
      createdAt: 1_440_000_000 + i * 3600,
    };
  });
}

/** A trained model's bundle over the toy word table: `train` gives the titles, points and row count. */
export function toyBundle(o: {
  id: string;
  name: string;
  bins: number[];
  prep: Prep;
  weights: NamedWeight[];
  train: Post[];
  metrics: Metrics | null;
}): HnModelBundle {
  return {
    manifest: {
      id: o.id,
      name: o.name,
      createdAt: 1,
      origin: 'trained',
      bins: o.bins,
      groups: o.prep.groups,
      finetuned: false,
      vectorsName: 'toy',
      vocabSize: words.index.size,
      dim: words.dim,
      trainRows: o.train.length,
      metrics: o.metrics,
    },
    prep: o.prep,
    weights: o.weights,
    words: [...words.index.keys()],
    matrix: words.matrix,
    titles: o.train.map((p) => p.title),
    points: Int32Array.from(o.train, (p) => p.points),
  };
}
