// CBOW with negative sampling (gensim's fast_sentence_cbow_neg, cbow_mean=1), Hogwild. One
// workgroup per chunk of centre words of one sentence; lanes over dimensions (vec4), so each lane
// reads and writes only its own slice of every row and the per-chunk order matches the reference
// trainer (reference.ts trainChunkCbow) exactly. Per centre word: h = mean of its window's context
// rows (the same reduced window and negatives as skip-gram, centre() in sgns-common.wgsl); the dots
// of h with the word's and the negatives' output rows reduced together through workgroup memory;
// then in target order neu1e += g·syn1[t], syn1[t] += g·h; finally neu1e is added in full to every
// context row. One barrier pair per centre word (skip-gram needs one per context word).
// Loss: per-chunk f32 partial sums, summed in f64 on the CPU; pairs: centre words trained.

// Structs, bindings, RNG, centre(), gradient(): sgns-common.wgsl.

alias ROW = vec4<f32>;

override WG: u32 = 32u;
const NV: u32 = __NV__u;   // vec4s per lane: ceil(padded dim / 4 / WG)

var<workgroup> partial: array<f32, WG * MAXT>;  // [target, lane] partial dots
var<workgroup> dots: array<f32, MAXT>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let k = wid.x;
  if (k >= P.nChunks) { return; }
  let ch = chunks[k];
  let dp4 = P.dp4;
  let T = P.negative + 1u;
  var targets: array<u32, MAXT>;
  var h: array<vec4<f32>, NV>;
  var neu: array<vec4<f32>, NV>;
  var loss = 0.0;
  var pairs = 0u;
  for (var i = ch.c0; i < ch.c1; i++) {
    let w = words[i];
    let win = centre(ch, i, &targets);
    let count = win.y - win.x;   // the window's words but the centre
    if (count == 0u) { continue; } // a one-word sentence: nothing to predict from
    for (var v = 0u; v < NV; v++) { h[v] = vec4<f32>(0.0); }
    for (var j = win.x; j <= win.y; j++) {
      if (j == i) { continue; }
      let crow = words[j] * dp4;
      for (var v = 0u; v < NV; v++) {
        let d4 = lane + v * WG;
        if (d4 < dp4) { h[v] += syn0[crow + d4]; }
      }
    }
    let fc = f32(count);
    for (var v = 0u; v < NV; v++) { h[v] = h[v] / fc; }
    for (var t = 0u; t < T; t++) {
      let trow = targets[t] * dp4;
      var s = 0.0;
      for (var v = 0u; v < NV; v++) {
        let d4 = lane + v * WG;
        if (d4 < dp4) { s += dot(h[v], syn1[trow + d4]); }
      }
      partial[t * WG + lane] = s;
    }
    workgroupBarrier();
    for (var t = lane; t < T; t += WG) {
      var s = 0.0;
      for (var l = 0u; l < WG; l++) { s += partial[t * WG + l]; }
      dots[t] = s;
    }
    workgroupBarrier();
    for (var v = 0u; v < NV; v++) { neu[v] = vec4<f32>(0.0); }
    for (var t = 0u; t < T; t++) {
      if (t > 0u && targets[t] == w) { continue; }
      let f = dots[t];
      let label = select(0.0, 1.0, t == 0u);
      let g = gradient(f, label, ch.alpha);
      loss += softplus(select(f, -f, t == 0u));
      let trow = targets[t] * dp4;
      for (var v = 0u; v < NV; v++) {
        let d4 = lane + v * WG;
        if (d4 < dp4) {
          let o = syn1[trow + d4];
          neu[v] += g * o;
          syn1[trow + d4] = o + g * h[v];
        }
      }
    }
    // neu1e in full to every context row, in window order (a word twice in the window gets it twice)
    for (var j = win.x; j <= win.y; j++) {
      if (j == i) { continue; }
      let crow = words[j] * dp4;
      for (var v = 0u; v < NV; v++) {
        let d4 = lane + v * WG;
        if (d4 < dp4) { syn0[crow + d4] += neu[v]; }
      }
    }
    pairs++;
  }
  if (lane == 0u) {
    lossOut[k * 2u] = loss;
    lossOut[k * 2u + 1u] = f32(pairs);
  }
}
