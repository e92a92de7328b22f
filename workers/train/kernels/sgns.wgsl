// Skip-gram with negative sampling, Hogwild. One workgroup per chunk of centre words of
// one sentence; lanes over dimensions (vec4), so each lane reads and writes only its own
// slice of every row and the per-chunk order matches the reference trainer exactly.
// Negatives are drawn here (hash RNG over an alias table of unigram^0.75) once per centre
// and shared by all contexts of its window; their dot products are reduced together.
// Loss: per-chunk f32 partial sums, summed in f64 on the CPU.
// Window cache (when S > 1; gpu-trainer.ts sets S = 2·window + 1 when it fits in workgroup
// memory): the input rows of the words around the centre stay in workgroup memory, keyed by
// word id, so a row is read once while it is in the window instead of once per pair, and
// written back when evicted or at the chunk's end. One slot per word keeps a word that occurs
// twice in the window coherent, so the result is still the reference's. Each lane touches only
// its own dimensions of a slot, and the slot table is the same in every lane: no barrier.

// Structs, bindings, RNG: sgns-common.wgsl.

alias ROW = vec4<f32>;

override WG: u32 = 32u;
const MAXNV: u32 = 8u;   // vec4s per lane: dim ≤ 4·WG·8

var<workgroup> partial: array<f32, WG * MAXT>;  // [target, lane] partial dots
var<workgroup> dots: array<f32, MAXT>;

const S: u32 = __S__u;           // cache slots (1: no cache)
const DP4: u32 = __DP4__u;       // vec4s per row
const NONE: u32 = 0xffffffffu;
var<workgroup> cache: array<vec4<f32>, S * DP4>;  // [slot, vec4 column]
var<private> slotWord: array<u32, S>;
var<private> slotUsed: array<u32, S>;   // 1 + position of the last use (0: empty)

fn writeBack(s: u32, lane: u32, nv: u32) {
  let row = slotWord[s] * DP4;
  for (var v = 0u; v < nv; v++) {
    let d4 = lane + v * WG;
    if (d4 < DP4) { syn0[row + d4] = cache[s * DP4 + d4]; }
  }
}

/** The slot holding word `w`'s input row, loading it (and evicting the least recently used) on a miss. */
fn slotOf(w: u32, pos: u32, lane: u32, nv: u32) -> u32 {
  var victim = 0u;
  for (var s = 0u; s < S; s++) {
    if (slotWord[s] == w) { slotUsed[s] = pos + 1u; return s; }
    if (slotUsed[s] < slotUsed[victim]) { victim = s; }
  }
  if (slotWord[victim] != NONE) { writeBack(victim, lane, nv); }
  let row = w * DP4;
  for (var v = 0u; v < nv; v++) {
    let d4 = lane + v * WG;
    if (d4 < DP4) { cache[victim * DP4 + d4] = syn0[row + d4]; }
  }
  slotWord[victim] = w;
  slotUsed[victim] = pos + 1u;
  return victim;
}

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
  for (var s = 0u; s < S; s++) { slotWord[s] = NONE; slotUsed[s] = 0u; }
  for (var i = ch.c0; i < ch.c1; i++) {
    let w = words[i];
    let win = centre(ch, i, &targets);
    for (var j = win.x; j <= win.y; j++) {
      if (j == i) { continue; }
      let crow = words[j] * dp4;
      var slot = 0u;
      if (S > 1u) {
        slot = slotOf(words[j], j, lane, nv);
        for (var v = 0u; v < nv; v++) {
          let d4 = lane + v * WG;
          l1[v] = select(vec4<f32>(0.0), cache[slot * DP4 + min(d4, dp4 - 1u)], d4 < dp4);
        }
      } else {
        for (var v = 0u; v < nv; v++) {
          let d4 = lane + v * WG;
          l1[v] = select(vec4<f32>(0.0), syn0[crow + min(d4, dp4 - 1u)], d4 < dp4);
        }
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
        let g = gradient(f, label, ch.alpha);
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
        if (d4 < dp4) {
          if (S > 1u) { cache[slot * DP4 + d4] = l1[v] + neu[v]; }
          else { syn0[crow + d4] = l1[v] + neu[v]; }
        }
      }
      pairs++;
    }
  }
  for (var s = 0u; s < S; s++) {
    if (S > 1u && slotWord[s] != NONE) { writeBack(s, lane, nv); }
  }
  if (lane == 0u) {
    lossOut[k * 2u] = loss;
    lossOut[k * 2u + 1u] = f32(pairs);
  }
}
