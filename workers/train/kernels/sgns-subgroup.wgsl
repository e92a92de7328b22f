// Skip-gram with negative sampling, Hogwild — one subgroup per chunk (the workgroup is exactly
// one subgroup: WG = the adapter's fixed subgroup size, 4 on SwiftShader). Lanes over
// dimensions (vec4 columns lane + v·WG, neighbouring lanes on neighbouring columns); dot
// products reduced with subgroupAdd, so no barrier and no workgroup memory. For each context:
// every target's dot product and gradient first, then column by column each target's output
// row takes its step (in target order) and the context row the sum — the same arithmetic, RNG
// and per-chunk order as sgns.wgsl and the reference trainer, with no per-lane arrays of rows
// (SwiftShader runs those through memory). Negatives are drawn once per centre and shared by
// all contexts of its window. Loss: per-chunk f32 partial sums, summed in f64 on the CPU.

// `enable subgroups;`, structs, bindings, RNG: prepended by gpu-trainer.ts (sgns-common.wgsl).

alias ROW = vec4<f32>;
override WG: u32 = 4u;
const NV: u32 = __NV__u;   // vec4s per lane: ceil(padded dim / 4 / WG)
const NF: u32 = __NF__u;   // columns every lane has: floor(padded dim / 4 / WG); when NF < NV some lanes have one more

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let k = wid.x;
  if (k >= P.nChunks) { return; }
  let ch = chunks[k];
  let dp = P.dp4;
  let T = P.negative + 1u;
  var targets: array<u32, MAXT>;
  var gs: array<f32, MAXT>;
  var loss = 0.0;
  var pairs = 0u;
  // This lane's column past the NF every lane has, when the row has it.
  let dt = lane + NF * WG;
  let tail = NF < NV && dt < dp;
  for (var i = ch.c0; i < ch.c1; i++) {
    let w = words[i];
    let win = centre(ch, i, &targets);
    for (var j = win.x; j <= win.y; j++) {
      if (j == i) { continue; }
      let crow = words[j] * dp;
      // All dot products first (from the rows as they are), then each target's gradient.
      for (var t = 0u; t < T; t++) {
        let trow = targets[t] * dp;
        var s = vec4<f32>(0.0);
        for (var v = 0u; v < NF; v++) { s += syn0[crow + lane + v * WG] * syn1[trow + lane + v * WG]; }
        if (tail) { s += syn0[crow + dt] * syn1[trow + dt]; }
        let f = subgroupAdd(s.x + s.y + s.z + s.w);
        let label = select(0.0, 1.0, t == 0u);
        let g = gradient(f, label, ch.alpha);
        // A negative that is the centre word itself is skipped (word2vec.c).
        let skip = t > 0u && targets[t] == w;
        gs[t] = select(g, 0.0, skip);
        if (!skip) { loss += softplus(select(f, -f, t == 0u)); }
      }
      // Then column by column: every target's output row takes its step in target order
      // (a negative drawn twice sees its first step), and the context row takes the sum.
      for (var v = 0u; v <= NF; v++) {
        if (v == NF && !tail) { break; }
        let d = lane + v * WG;
        let l1 = syn0[crow + d];
        var neu = vec4<f32>(0.0);
        for (var t = 0u; t < T; t++) {
          let g = gs[t];
          let trow = targets[t] * dp;
          let o = syn1[trow + d];
          neu += g * o;
          syn1[trow + d] = o + g * l1;
        }
        syn0[crow + d] = l1 + neu;
      }
      pairs++;
    }
  }
  if (lane == 0u) {
    lossOut[k * 2u] = loss;
    lossOut[k * 2u + 1u] = f32(pairs);
  }
}
