// The Laplace log marginal likelihood of a binary GPC and its gradient in θ = (log c, log ℓ) for the kernel
// c · exp(−½‖x − x'‖²/ℓ²), as scikit-learn's _BinaryGaussianProcessClassifierLaplace.log_marginal_likelihood
// with eval_gradient=True (GPML Algorithm 5.1).
import { choleskySolve } from '../core/linalg.js';
import { forwardSkippingZeros } from '../core/cholesky-sparse.js';
import { posteriorMode } from './laplace.js';

/** Squared distances ‖x_i − x_j‖² of the training rows (n×n). */
export function squaredDistances(X: Float64Array, n: number, p: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = (X[i * p + t] as number) - (X[j * p + t] as number);
        s += d * d;
      }
      D[i * n + j] = s;
      D[j * n + i] = s;
    }
  }
  return D;
}

export function lmlWithGradient(D: Float64Array, n: number, y01: Float64Array, theta: Float64Array, maxIter: number): { lml: number; grad: Float64Array } {
  const c = Math.exp(theta[0] as number);
  const ls = Math.exp(theta[1] as number);
  const K = new Float64Array(n * n);
  const scaled = new Float64Array(n * n); // ‖x − x'‖² / ℓ²
  for (let i = 0; i < n * n; i++) {
    const s = (D[i] as number) / (ls * ls);
    scaled[i] = s;
    K[i] = c * Math.exp(-0.5 * s);
  }
  const mode = posteriorMode(K, n, y01, maxIter);
  const { L, wSqrt, a, pi } = mode;
  // R = √W (L Lᵀ)⁻¹ √W, column by column
  const R = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = wSqrt[j] as number;
    const col = choleskySolve(L, n, e);
    for (let i = 0; i < n; i++) R[i * n + j] = (wSqrt[i] as number) * (col[i] as number);
  }
  // s₂ = −½ (diag K − diag(Cᵀ C)) · π(1−π)(1−2π) with C = L⁻¹ √W K
  const s2 = new Float64Array(n);
  const v = new Float64Array(n);
  const nz = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) v[i] = (wSqrt[i] as number) * (K[i * n + j] as number);
    forwardSkippingZeros(L, n, v, nz);
    let cc = 0;
    for (let i = 0; i < n; i++) cc += (v[i] as number) ** 2;
    const pj = pi[j] as number;
    s2[j] = -0.5 * ((K[j * n + j] as number) - cc) * (pj * (1 - pj) * (1 - 2 * pj));
  }
  const grad = new Float64Array(2);
  const b = new Float64Array(n);
  const Rb = new Float64Array(n);
  for (let g = 0; g < 2; g++) {
    // dK/dθ_g: K for log c, K ⊙ ‖x − x'‖²/ℓ² for log ℓ
    const Cg = (i: number): number => (g === 0 ? (K[i] as number) : (K[i] as number) * (scaled[i] as number));
    let aCa = 0;
    let rc = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      let bi = 0;
      for (let j = 0; j < n; j++) {
        const cij = Cg(i * n + j);
        row += cij * (a[j] as number);
        rc += (R[j * n + i] as number) * cij;
        bi += cij * ((y01[j] as number) - (pi[j] as number));
      }
      aCa += (a[i] as number) * row;
      b[i] = bi;
    }
    const s1 = 0.5 * aCa - 0.5 * rc;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (R[i * n + j] as number) * (b[j] as number);
      Rb[i] = s;
    }
    let dz = s1;
    for (let i = 0; i < n; i++) {
      let kRb = 0;
      for (let j = 0; j < n; j++) kRb += (K[i * n + j] as number) * (Rb[j] as number);
      dz += (s2[i] as number) * ((b[i] as number) - kRb);
    }
    grad[g] = dz;
  }
  return { lml: mode.logMarginalLikelihood, grad };
}
