// The plain-TypeScript linear algebra of PCA (no tfjs: the t-SNE worker imports it too):
// symmetric eigen-decompositions (cyclic Jacobi for small matrices, orthogonal iteration with
// Rayleigh–Ritz for the top k of larger ones) and the covariance of a block of rows.

/** Symmetric eigen-decomposition of a small [m, m] matrix by cyclic Jacobi rotations.
 *  Returns eigenvalues (descending) and eigenvectors as columns of [m, m] (row-major). */
export function jacobiEigen(a: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(m * m);
  for (let i = 0; i < m; i++) V[i * m + i] = 1;
  let total = 0;
  for (let i = 0; i < m * m; i++) total += A[i] ** 2;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += A[p * m + q] ** 2;
    if (off <= 1e-28 * total) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = A[p * m + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * m + q] - A[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = A[k * m + p],
            akq = A[k * m + q];
          A[k * m + p] = c * akp - s * akq;
          A[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = A[p * m + k],
            aqk = A[q * m + k];
          A[p * m + k] = c * apk - s * aqk;
          A[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = V[k * m + p],
            vkq = V[k * m + q];
          V[k * m + p] = c * vkp - s * vkq;
          V[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => A[j * m + j] - A[i * m + i]);
  const values = Float64Array.from(order, (i) => A[i * m + i]);
  const vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    for (let k = 0; k < m; k++) vectors[k * m + dst] = V[k * m + src];
  });
  return { values, vectors };
}

/** Top-k eigenpairs of a symmetric positive semi-definite [d, d] matrix: orthogonal
 *  iteration on a block of m = min(d, k + 4) vectors with Rayleigh–Ritz each step. */
export function topEigen(c: Float64Array, d: number, k: number, maxIter = 3000): { values: number[]; vectors: Float64Array[] } {
  const m = Math.min(d, k + 4);
  if (d <= 64) {
    const { values, vectors } = jacobiEigen(c, d);
    return {
      values: Array.from(values.subarray(0, k)),
      vectors: Array.from({ length: k }, (_, j) => Float64Array.from({ length: d }, (_, r) => vectors[r * d + j])),
    };
  }
  // Q: m columns of length d (stored as m rows), deterministic start.
  let Q: Float64Array[] = Array.from({ length: m }, (_, j) =>
    Float64Array.from({ length: d }, (_, r) => (Math.sin(1 + r * 12.9898 + j * 78.233) * 43758.5453) % 1),
  );
  const Z = Array.from({ length: m }, () => new Float64Array(d));
  let values: number[] = [];
  const mul = (x: Float64Array, out: Float64Array): void => {
    for (let r = 0; r < d; r++) {
      let s = 0;
      const o = r * d;
      for (let t = 0; t < d; t++) s += c[o + t] * x[t];
      out[r] = s;
    }
  };
  const dot = (x: Float64Array, y: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < d; i++) s += x[i] * y[i];
    return s;
  };
  const orthonormalise = (B: Float64Array[]): void => {
    for (let j = 0; j < B.length; j++) {
      for (let pass = 0; pass < 2; pass++)
        for (let i = 0; i < j; i++) {
          const p = dot(B[i], B[j]);
          for (let r = 0; r < d; r++) B[j][r] -= p * B[i][r];
        }
      const n = Math.sqrt(dot(B[j], B[j])) || 1;
      for (let r = 0; r < d; r++) B[j][r] /= n;
    }
  };
  orthonormalise(Q);
  const scale = Math.max(
    1e-300,
    Array.from({ length: d }, (_, i) => c[i * d + i]).reduce((a, b) => a + b, 0),
  );
  for (let it = 0; it < maxIter; it++) {
    for (let j = 0; j < m; j++) mul(Q[j], Z[j]);
    // Rayleigh–Ritz: B = QᵀCQ [m, m]; rotate Q onto B's eigenvectors.
    const B = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) B[i * m + j] = dot(Q[i], Z[j]);
    const e = jacobiEigen(B, m);
    values = Array.from(e.values);
    const rot = (src: Float64Array[]): Float64Array[] =>
      Array.from({ length: m }, (_, j) => {
        const out = new Float64Array(d);
        for (let i = 0; i < m; i++) {
          const w = e.vectors[i * m + j];
          for (let r = 0; r < d; r++) out[r] += w * src[i][r];
        }
        return out;
      });
    const Qr = rot(Q);
    const Zr = rot(Z); // C·Qr
    // Converged when ‖C q − λ q‖ is tiny for the wanted pairs (relative to the trace).
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let r = 0; r < d; r++) s += (Zr[j][r] - values[j] * Qr[j][r]) ** 2;
      worst = Math.max(worst, Math.sqrt(s) / scale);
    }
    Q = Qr;
    if (worst < 1e-9) break;
    for (let j = 0; j < m; j++) Q[j] = Zr[j];
    orthonormalise(Q);
  }
  return { values: values.slice(0, k), vectors: Q.slice(0, k) };
}

/** Column means [D] and covariance [D, D] of the first n rows, in plain loops. */
export function covarianceJs(matrix: Float32Array, n: number, dim: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) mean[d] += matrix[r * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < dim; d++) x[d] = matrix[r * dim + d] - mean[d];
    for (let i = 0; i < dim; i++) {
      const xi = x[i];
      const o = i * dim;
      for (let j = i; j < dim; j++) cov[o + j] += xi * x[j];
    }
  }
  const den = Math.max(1, n - 1);
  for (let i = 0; i < dim; i++) for (let j = i; j < dim; j++) cov[j * dim + i] = cov[i * dim + j] /= den;
  return { mean, cov };
}
