// Shared by sgns.wgsl, sgns-lane.wgsl and sgns-subgroup.wgsl (prepended to each by gpu-trainer.ts): the
// buffers, the per-chunk record, the hash RNG + alias sampler that rng.ts mirrors, and each centre
// word's window and gradient as reference.ts computes them — one copy, so the kernels and
// the reference cannot drift apart.

struct Params {
  vocab: u32,
  dp4: u32,      // row stride in vec4s
  window: u32,
  negative: u32,
  nChunks: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

struct Chunk {
  sentStart: u32, // first word of the sentence (contexts never leave it)
  sentEnd: u32,
  c0: u32,        // centre words [c0, c1)
  c1: u32,
  seed: u32,
  alpha: f32,
  _pad0: u32,
  _pad1: u32,
}

// MAXT (targets per centre), MAX_EXP, RNG_STRIDE, META_U32: workers/train/constants.ts, put in here.
// @shared-constants

@group(0) @binding(0) var<uniform> P: Params;
// ROW (the element of a row) is an alias each kernel declares: vec4<f32> or f32.
@group(0) @binding(1) var<storage, read_write> syn0: array<ROW>;   // [vocab, dp4 vec4s]
@group(0) @binding(2) var<storage, read_write> syn1: array<ROW>;   // [vocab, dp4 vec4s]
@group(0) @binding(3) var<storage, read> words: array<u32>;              // subsampled ids
@group(0) @binding(4) var<storage, read> chunks: array<Chunk>;           // [nChunks]
@group(0) @binding(5) var<storage, read> aliasProb: array<f32>;          // [vocab]
@group(0) @binding(6) var<storage, read> aliasIdx: array<u32>;           // [vocab]
@group(0) @binding(7) var<storage, read_write> lossOut: array<f32>;      // [nChunks, 2]: loss, pairs

fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
fn hash2(a: u32, b: u32) -> u32 { return pcg(a ^ pcg(b)); }
fn unit24(h: u32) -> f32 { return f32(h >> 8u) * (1.0 / 16777216.0); }

fn drawAlias(h: u32) -> u32 {
  let n = P.vocab;
  let col = min(n - 1u, u32(floor(unit24(h) * f32(n))));
  if (unit24(pcg(h)) < aliasProb[col]) { return col; }
  return aliasIdx[col];
}

fn softplus(x: f32) -> f32 { return max(x, 0.0) + log(1.0 + exp(-abs(x))); }

/**
 * Centre word i of chunk ch: targets[0] = the word, targets[1 ..] its negatives (drawn once, shared
 * by every context of its window); returns its reduced window [lo, hi], inside the sentence.
 */
fn centre(ch: Chunk, i: u32, targets: ptr<function, array<u32, MAXT>>) -> vec2<u32> {
  let local = (i - ch.c0) * RNG_STRIDE;
  let r = P.window - hash2(ch.seed, local) % P.window;
  (*targets)[0] = words[i];
  for (var n = 0u; n < P.negative; n++) { (*targets)[n + 1u] = drawAlias(hash2(ch.seed, local + 1u + n)); }
  return vec2<u32>(select(ch.sentStart, i - r, i >= ch.sentStart + r), min(ch.sentEnd - 1u, i + r));
}

/** word2vec.c's gradient scale for dot f (label 1: the word, 0: a negative), saturated outside ±MAX_EXP. */
fn gradient(f: f32, label: f32, alpha: f32) -> f32 {
  if (f > MAX_EXP) { return (label - 1.0) * alpha; }
  if (f < -MAX_EXP) { return label * alpha; }
  return (label - 1.0 / (1.0 + exp(-f))) * alpha;
}
