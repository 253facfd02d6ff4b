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
 * Rows of the training Gram matrix as libsvm computes them: rbf through ‖x‖² + ‖y‖² − 2 x·y, each entry rounded
 * to float32 (libsvm's kernel cache holds `Qfloat` = float), computed on first use and kept (SMO touches only
 * the rows of the variables it selects); the diagonal in double.
 */
export class LibsvmGramRows {
  readonly n: number;
  readonly diag: Float64Array;
  private readonly sq: Float64Array;
  private readonly rows: Array<Float32Array | undefined>;

  constructor(
    private readonly k: KernelSpec,
    private readonly X: Matrix,
  ) {
    const { rows: n, cols: p, data } = X;
    this.n = n;
    this.sq = new Float64Array(n);
    for (let i = 0; i < n; i++) this.sq[i] = dotRows(data, i * p, data, i * p, p);
    this.rows = new Array<Float32Array | undefined>(n);
    this.diag = new Float64Array(n);
    for (let i = 0; i < n; i++) this.diag[i] = this.value(i, i, this.sq[i] as number);
  }

  private value(i: number, j: number, dot: number): number {
    const k = this.k;
    if (k.kernel === 'rbf') return Math.exp(-k.gamma * ((this.sq[i] as number) + (this.sq[j] as number) - 2 * dot));
    return k.kernel === 'linear' ? dot : (k.gamma * dot + k.coef0) ** k.degree;
  }

  row(i: number): Float32Array {
    const cached = this.rows[i];
    if (cached) return cached;
    const { rows: n, cols: p, data } = this.X;
    const out = new Float32Array(n);
    const io = i * p;
    const { sq } = this;
    const rbf = this.k.kernel === 'rbf';
    const g = this.k.gamma;
    const sqi = sq[i] as number;
    for (let j = 0; j < n; j++) {
      const jo = j * p;
      let dot = 0;
      for (let t = 0; t < p; t++) dot += (data[io + t] as number) * (data[jo + t] as number);
      out[j] = rbf ? Math.exp(-g * (sqi + (sq[j] as number) - 2 * dot)) : this.value(i, j, dot);
    }
    this.rows[i] = out;
    return out;
  }
}
