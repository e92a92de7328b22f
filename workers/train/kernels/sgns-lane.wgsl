// Skip-gram with negative sampling, Hogwild — the CPU-rasteriser variant (SwiftShader):
// one invocation per chunk, a serial vec4 loop over dimensions, no barriers. SwiftShader
// runs a workgroup's invocations as SIMD lanes of one thread, so lanes over chunks keep
// all of them busy, while lanes over dimensions pay a barrier per context. Same math,
// RNG and per-chunk order as sgns.wgsl and the reference trainer.
// Negatives are drawn here (hash RNG over an alias table of unigram^0.75) once per centre
// and shared by all contexts of its window; their dot products are reduced together.
// Loss: per-chunk f32 partial sums, summed in f64 on the CPU.

// Structs, bindings, RNG: sgns-common.wgsl.

alias ROW = vec4<f32>;

override WG: u32 = 4u;
var<private> neu: array<vec4<f32>, 256>;  // dim ≤ 1024

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  if (k >= P.nChunks) { return; }
  let ch = chunks[k];
  let dp4 = P.dp4;
  let T = P.negative + 1u;
  var targets: array<u32, MAXT>;
  var dots: array<f32, MAXT>;
  var loss = 0.0;
  var pairs = 0u;
  for (var i = ch.c0; i < ch.c1; i++) {
    let w = words[i];
    let win = centre(ch, i, &targets);
    for (var j = win.x; j <= win.y; j++) {
      if (j == i) { continue; }
      let crow = words[j] * dp4;
      for (var t = 0u; t < T; t++) {
        let trow = targets[t] * dp4;
        var s = vec4<f32>(0.0);
        for (var d = 0u; d < dp4; d++) { s += syn0[crow + d] * syn1[trow + d]; }
        dots[t] = s.x + s.y + s.z + s.w;
      }
      for (var d = 0u; d < dp4; d++) { neu[d] = vec4<f32>(0.0); }
      for (var t = 0u; t < T; t++) {
        if (t > 0u && targets[t] == w) { continue; }
        let f = dots[t];
        let label = select(0.0, 1.0, t == 0u);
        let g = gradient(f, label, ch.alpha);
        loss += softplus(select(f, -f, t == 0u));
        let trow = targets[t] * dp4;
        for (var d = 0u; d < dp4; d++) {
          let o = syn1[trow + d];
          neu[d] += g * o;
          syn1[trow + d] = o + g * syn0[crow + d];
        }
      }
      for (var d = 0u; d < dp4; d++) { syn0[crow + d] += neu[d]; }
      pairs++;
    }
  }
  lossOut[k * 2u] = loss;
  lossOut[k * 2u + 1u] = f32(pairs);
}
