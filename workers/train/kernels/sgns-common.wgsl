// Shared by sgns.wgsl and sgns-lane.wgsl (prepended to each by gpu-trainer.ts): the
// buffers, the per-chunk record, and the hash RNG + alias sampler that rng.ts mirrors
// in TypeScript — one copy, so the kernels and the reference cannot drift apart.

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

const MAXT: u32 = 51u;   // 1 positive + up to 50 negatives
const MAX_EXP: f32 = 6.0;

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
