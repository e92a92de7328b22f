// Skip-gram with negative sampling, Hogwild. One workgroup per chunk of centre words of
// one sentence; lanes over dimensions (vec4), so each lane reads and writes only its own
// slice of every row and the per-chunk order matches the reference trainer exactly.
// Negatives are drawn here (hash RNG over an alias table of unigram^0.75) once per centre
// and shared by all contexts of its window; their dot products are reduced together.
// Loss: per-chunk f32 partial sums, summed in f64 on the CPU.

// Structs, bindings, RNG: sgns-common.wgsl.

alias ROW = vec4<f32>;

override WG: u32 = 32u;
const MAXNV: u32 = 8u;   // vec4s per lane: dim ≤ 4·WG·8

var<workgroup> partial: array<f32, WG * MAXT>;  // [target, lane] partial dots
var<workgroup> dots: array<f32, MAXT>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let k = wid.x;
  if (k >= P.nChunks) { return; }
  let ch = chunks[k];
  let dp4 = P.dp4;
  let T = P.negative + 1u;
  let nv = (dp4 + WG - 1u) / WG;
  var targets: array<u32, MAXT>;
  var l1: array<vec4<f32>, MAXNV>;
  var neu: array<vec4<f32>, MAXNV>;
  var loss = 0.0;
  var pairs = 0u;
  for (var i = ch.c0; i < ch.c1; i++) {
    let w = words[i];
    let local = (i - ch.c0) * 64u;
    let r = P.window - hash2(ch.seed, local) % P.window;
    targets[0] = w;
    for (var n = 0u; n < P.negative; n++) { targets[n + 1u] = drawAlias(hash2(ch.seed, local + 1u + n)); }
    let lo = select(ch.sentStart, i - r, i >= ch.sentStart + r);
    let hi = min(ch.sentEnd - 1u, i + r);
    for (var j = lo; j <= hi; j++) {
      if (j == i) { continue; }
      let crow = words[j] * dp4;
      for (var v = 0u; v < nv; v++) {
        let d4 = lane + v * WG;
        l1[v] = select(vec4<f32>(0.0), syn0[crow + min(d4, dp4 - 1u)], d4 < dp4);
      }
      for (var t = 0u; t < T; t++) {
        let trow = targets[t] * dp4;
        var s = 0.0;
        for (var v = 0u; v < nv; v++) {
          let d4 = lane + v * WG;
          if (d4 < dp4) { s += dot(l1[v], syn1[trow + d4]); }
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
      for (var v = 0u; v < nv; v++) { neu[v] = vec4<f32>(0.0); }
      for (var t = 0u; t < T; t++) {
        if (t > 0u && targets[t] == w) { continue; }
        let f = dots[t];
        let label = select(0.0, 1.0, t == 0u);
        var g: f32;
        if (f > MAX_EXP) { g = (label - 1.0) * ch.alpha; }
        else if (f < -MAX_EXP) { g = label * ch.alpha; }
        else { g = (label - 1.0 / (1.0 + exp(-f))) * ch.alpha; }
        loss += softplus(select(f, -f, t == 0u));
        let trow = targets[t] * dp4;
        for (var v = 0u; v < nv; v++) {
          let d4 = lane + v * WG;
          if (d4 < dp4) {
            let o = syn1[trow + d4];
            neu[v] += g * o;
            syn1[trow + d4] = o + g * l1[v];
          }
        }
      }
      for (var v = 0u; v < nv; v++) {
        let d4 = lane + v * WG;
        if (d4 < dp4) { syn0[crow + d4] = l1[v] + neu[v]; }
      }
      pairs++;
    }
  }
  if (lane == 0u) {
    lossOut[k * 2u] = loss;
    lossOut[k * 2u + 1u] = f32(pairs);
  }
}
