// One line for every setting, shown under its control and tied to it with aria-describedby
// (issue 15 item 11, as TF Playground explains its controls). Keys are the share-state names
// (src/url-state.ts) where there is one, else the panel's own option's name.
export const SETTING_HELP = {
  // Corpus
  minCount: 'Words seen fewer times than this are dropped from the vocabulary (and skipped in training).',
  maxVocab: 'Keep only this many of the most frequent words; 0 keeps every word that passes min-count.',
  // word2vec training
  trainCorpus: 'The stored corpus to train on; add one in the Corpus panel.',
  dim: 'Length of each word vector: more dimensions hold more detail but train slower and need more text.',
  window: 'How many words on each side of a word count as its context (the pairs it learns from).',
  negative: 'Random "noise" words contrasted with each real context word per pair; 5–20 is usual.',
  sample: 'Frequent words are randomly skipped above this frequency (1e-3 is usual; 0 keeps every word).',
  alpha: 'The SGD step size at the start; it falls linearly to the end rate over the run.',
  minAlpha: 'The SGD step size the run ends at (it decays from the start rate).',
  epochs: 'How many passes over the corpus: more passes, better vectors on a small corpus.',
  seed: 'Fixes the random start and sampling: the same seed and settings give the same run.',
  model:
    "Skip-gram predicts the context from the word; CBOW the word from its context's mean (faster, weaker analogies). Rate 0.025 for both, as gensim (word2vec.c: 0.05 for CBOW).",
  trainer:
    "Where the arithmetic runs: WebGPU kernels, or WebAssembly SIMD on one CPU thread or several. Automatic times each on the corpus's first batches (about 1.5 s, remembered) and trains on the fastest.",
  threads: 'CPU threads the CPU path trains on at once (Hogwild, as word2vec.c); 0 uses one per core. Needs a cross-origin isolated page.',
  watch: 'Up to 6 words whose nearest neighbours are shown as the run trains.',
  // HN model
  vectors: "The word vectors whose mean over a title's words is the title feature.",
  bins: 'Points are predicted as a bin: edges 1,10,100,1000 give 1–9, 10–99, 100–999, 1000+.',
  split: 'By time tests on the newest posts (what predicting tomorrow looks like); random mixes them.',
  testShare: 'The share of posts held out to test on; the model never sees them while training.',
  hnSeed: "Fixes the classifier's random start, shuffling and the random split.",
  classWeights: 'Weighs each bin by how rare it is, so the model does not just predict the commonest bin.',
  finetune: 'Lets training also adjust the word vectors themselves (slower; may overfit a small dataset); it uses the plain title mean.',
  ablation: 'Retrains once without each feature group, to show what each one adds.',
  intervals: 'Resamples the test posts 1,000 times to give each metric a 95% range.',
  modelKind: 'Wide and deep adds a linear part on hashed title words, domain and author beside the network, which remembers rare ones.',
  titleMean: "SIF weighs rare words up, by a/(a + p(w)); plain averages the title's word vectors.",
  members: 'Trains this many nets with different seeds and averages them: steadier than one net, each one more fit.',
  gbdtBlend: 'Mixes the boosted trees into the nets at the weight that does best on the validation part (none if mixing does not help).',
  hnEpochs: '', // explained by its own line in the model form (ModelSection.svelte)
  maxEpochs: 'An upper bound on passes over the training posts; training stops earlier once validation loss stops improving.',
  features: 'Switch a group off to train without it.',
  // Explore
  metric: 'Cosine compares directions (the usual choice); euclidean compares positions, so it is a distance.',
  analogyMethod: '3CosAdd ranks by b − a + c; 3CosMul (Levy & Goldberg) balances the three similarities and is often more accurate.',
  mapMethod: 'PCA is a fast linear projection; UMAP and t-SNE keep neighbourhoods better but take longer.',
  mapWords: 'How many of the most frequent words to place on the map.',
  topn: "How many answers to list, best first (gensim's topn).",
  mapFollow: 'Redraws a PCA map of the training run every 3 s, so you watch the words find their places.',
  map3d: 'Three components drawn in perspective: drag or use the arrow keys to rotate, the wheel or +/− to zoom.',
  spherize:
    "Centres the vectors and scales each to length 1 first, so the shared direction and frequent words' long vectors do not dominate.",
  colourBy: 'Colours the points by frequency rank, highlights a list of words you paste, or groups them by k-means clusters.',
  clusters: 'How many k-means clusters to group the mapped words into (cosine, in the worker).',
  clusterSeed: 'Where k-means starts: the same seed gives the same clusters.',
} as const;

export type HelpKey = keyof typeof SETTING_HELP;

/** The id of a setting's hint element, for aria-describedby. */
export const hintId = (key: HelpKey): string => `hint-${key}`;
