// Kernel functions shared by the kernel-method estimators (SVC, SVR, KernelRidge), with scikit-learn's
// definitions: linear x·y, rbf exp(−γ‖x−y‖²), poly (γ x·y + coef0)^degree; gamma='scale' = 1 / (p · Var(X)).
import type { Matrix } from '../core/matrix.js';
import { badParam } from '../linear/base.js';

export type KernelName = 'linear' | 'rbf' | 'poly';
export const KERNEL_NAMES: readonly KernelName[] = ['linear', 'rbf', 'poly'];

export interface KernelSpec {
  kernel: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** scikit-learn's gamma='scale': 1 / (n_features · X.var()) over all entries, 1 when the variance is 0. */
export function scaleGamma(X: Matrix): number {
  const d = X.data;
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i] as number;
  m /= d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += ((d[i] as number) - m) ** 2;
  v /= d.length;
  return v === 0 ? 1 : 1 / (X.cols * v);
}

/** Resolves a gamma param: 'scale', 'auto' (1 / n_features), null (KernelRidge's 1 / n_features) or a positive number. */
export function resolveGamma(value: unknown, X: Matrix): number {
  if (value === 'scale') return scaleGamma(X);
  if (value === 'auto' || value === null) return 1 / X.cols;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) badParam('gamma', "must be 'scale', 'auto' or a positive number");
  return value;
}

function dotRows(a: Float64Array, ao: number, b: Float64Array, bo: number, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) s += (a[ao + j] as number) * (b[bo + j] as number);
  return s;
}

/** k(a_i, b_j) for one pair of rows (the direct ‖x−y‖² sum for rbf, as libsvm's k_function at prediction). */
export function kernelValue(k: KernelSpec, a: Float64Array, ao: number, b: Float64Array, bo: number, p: number): number {
  if (k.kernel === 'rbf') {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const d = (a[ao + j] as number) - (b[bo + j] as number);
      s += d * d;
    }
    return Math.exp(-k.gamma * s);
  }
  const dot = dotRows(a, ao, b, bo, p);
  return k.kernel === 'linear' ? dot : (k.gamma * dot + k.coef0) ** k.degree;
}

/** The A.rows × B.rows kernel matrix (row-major). */
export function kernelMatrix(k: KernelSpec, A: Matrix, B: Matrix): Float64Array {
  const p = A.cols;
  const out = new Float64Array(A.rows * B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) out[i * B.rows + j] = kernelValue(k, A.data, i * p, B.data, j * p, p);
  }
  return out;
}

/**
 * The training Gram matrix as libsvm builds it: rbf through ‖x‖² + ‖y‖² − 2 x·y, every entry rounded to
 * float32 (libsvm caches kernel columns as `Qfloat` = float); the diagonal is returned apart in double.
 */
export function libsvmGram(k: KernelSpec, X: Matrix): { K: Float32Array; diag: Float64Array } {
  const { rows: n, cols: p, data } = X;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = dotRows(data, i * p, data, i * p, p);
  const K = new Float32Array(n * n);
  const diag = new Float64Array(n);
  const rbf = k.kernel === 'rbf';
  const linear = k.kernel === 'linear';
  const { gamma, coef0, degree } = k;
  for (let i = 0; i < n; i++) {
    const io = i * p;
    const sqi = sq[i] as number;
    for (let j = 0; j <= i; j++) {
      const jo = j * p;
      let dot = 0;
      for (let t = 0; t < p; t++) dot += (data[io + t] as number) * (data[jo + t] as number);
      const v = rbf ? Math.exp(-gamma * (sqi + (sq[j] as number) - 2 * dot)) : linear ? dot : (gamma * dot + coef0) ** degree;
      if (j === i) diag[i] = v;
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return { K, diag };
}
