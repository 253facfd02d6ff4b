// Lower Cholesky factor by right-looking column updates that visit only the nonzero entries of each new
// column. The subtractions reach every entry in the same order (k ascending) as core/linalg.ts's cholesky,
// so the factor is bit-identical to it; skipped terms are exact zeros. Kernel matrices of distant points
// (an RBF kernel on unscaled features) are mostly exact zeros, which makes this far cheaper than n³/6.

/** The factor of a symmetric positive-definite n×n row-major A (lower triangle read), or null if it is not. */
export function choleskySkippingZeros(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L[i * n + j] = A[i * n + j] as number;
  const nz = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const d = L[j * n + j] as number;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    let m = 0;
    for (let i = j + 1; i < n; i++) {
      const v = L[i * n + j] as number;
      if (v !== 0) {
        L[i * n + j] = v / ljj;
        nz[m++] = i;
      }
    }
    // trailing update of the lower triangle: A[a][b] −= L[a][j]·L[b][j] for a ≥ b among the nonzero rows
    for (let x = 0; x < m; x++) {
      const a = nz[x] as number;
      const la = L[a * n + j] as number;
      const row = a * n;
      for (let y = 0; y <= x; y++) {
        const b = nz[y] as number;
        L[row + b] = (L[row + b] as number) - la * (L[b * n + j] as number);
      }
    }
  }
  return L;
}

/** Solves L x = b in place (forward substitution), skipping the zero entries of x as they appear. */
export function forwardSkippingZeros(L: Float64Array, n: number, x: Float64Array, nz: Int32Array): void {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let s = x[i] as number;
    const row = i * n;
    for (let t = 0; t < m; t++) {
      const k = nz[t] as number;
      s -= (L[row + k] as number) * (x[k] as number);
    }
    const v = s / (L[row + i] as number);
    x[i] = v;
    if (v !== 0) nz[m++] = i;
  }
}
