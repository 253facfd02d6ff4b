// scikit-learn 1.2's TheilSenRegressor: least-squares solutions (with an intercept column) of many subsets of
// n_subsamples rows — every combination when there are at most maxSubpopulation of them, else maxSubpopulation
// draws of RandomState.choice(n, n_subsamples, replace=False) — and their spatial median by the modified
// Weiszfeld iteration (_spatial_median, tolerance on the squared step).
import type { FitOptions } from '../core/estimator.js';
import { lstsq } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { BaseEstimator, badParam, boolParam, checkXy, intParam, numParam, seedParam, type StateSchema } from './base.js';
import { predictLinear } from './least-squares.js';
import { median } from './ransac.js';

const EPS = 2.220446049250313e-16;

export interface TheilSenParams extends Record<string, unknown> {
  fitIntercept: boolean;
  maxSubpopulation: number;
  /** null = min(n_features + intercept, n_samples). */
  nSubsamples: number | null;
  maxIter: number;
  tol: number;
  randomState: number;
}

interface TheilSenState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  nSubpopulation: number;
  nIter: number;
}

/** scipy.special.binom for integers, in floating point (Infinity when it overflows). */
function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= kk; i++) r = (r * (n - kk + i)) / i;
  return r;
}

/** itertools.combinations(range(n), k), in its (lexicographic) order. */
function* combinations(n: number, k: number): Generator<Int32Array> {
  const c = Int32Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield c.slice();
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i] = (c[i] as number) + 1;
    for (let j = i + 1; j < k; j++) c[j] = (c[j - 1] as number) + 1;
  }
}

/**
 * Solves the square system A w = b (n × n, row-major, both overwritten) by LU with partial pivoting; returns
 * false when a pivot is negligible (a rank-deficient subset), where the caller takes gelss' minimum-norm
 * least-squares solution instead. On a regular subset both give the exact solution.
 */
function solveSquare(A: Float64Array, b: Float64Array, n: number): boolean {
  let amax = 0;
  for (let i = 0; i < n * n; i++) amax = Math.max(amax, Math.abs(A[i] as number));
  const tiny = n * EPS * amax * 1e3;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c] as number) > Math.abs(A[piv * n + c] as number)) piv = r;
    if (!(Math.abs(A[piv * n + c] as number) > tiny)) return false;
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j] as number;
        A[c * n + j] = A[piv * n + j] as number;
        A[piv * n + j] = t;
      }
      const t = b[c] as number;
      b[c] = b[piv] as number;
      b[piv] = t;
    }
    const d = A[c * n + c] as number;
    for (let r = c + 1; r < n; r++) {
      const f = (A[r * n + c] as number) / d;
      if (f === 0) continue;
      for (let j = c + 1; j < n; j++) A[r * n + j] = (A[r * n + j] as number) - f * (A[c * n + j] as number);
      b[r] = (b[r] as number) - f * (b[c] as number);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let j = r + 1; j < n; j++) s -= (A[r * n + j] as number) * (b[j] as number);
    b[r] = s / (A[r * n + r] as number);
  }
  return true;
}

/** _modified_weiszfeld_step over the m points W (m × d). */
function weiszfeldStep(W: Float64Array, m: number, d: number, old: Float64Array): Float64Array {
  const dirSum = new Float64Array(d); // Σ diff/‖diff‖
  const weighted = new Float64Array(d); // Σ x/‖diff‖
  let invSum = 0;
  let kept = 0;
  for (let i = 0; i < m; i++) {
    const o = i * d;
    let sq = 0;
    for (let j = 0; j < d; j++) sq += ((W[o + j] as number) - (old[j] as number)) ** 2;
    const norm = Math.sqrt(sq);
    if (!(norm >= EPS)) continue;
    kept++;
    invSum += 1 / norm;
    for (let j = 0; j < d; j++) {
      dirSum[j] = (dirSum[j] as number) + ((W[o + j] as number) - (old[j] as number)) / norm;
      weighted[j] = (weighted[j] as number) + (W[o + j] as number) / norm;
    }
  }
  const inX = kept < m ? 1 : 0;
  let q = 0;
  for (let j = 0; j < d; j++) q += (dirSum[j] as number) ** 2;
  q = Math.sqrt(q);
  let direction: Float64Array;
  if (q > EPS) direction = Float64Array.from(weighted, (v) => v / invSum);
  else {
    direction = new Float64Array(d).fill(1);
    q = 1;
  }
  const a = Math.max(0, 1 - inX / q);
  const b = Math.min(1, inX / q);
  return Float64Array.from(direction, (v, j) => a * v + b * (old[j] as number));
}

/** _spatial_median: returns the median and the iteration count (scikit-learn's n_iter_). */
export function spatialMedian(W: Float64Array, m: number, d: number, maxIter: number, tol: number): { median: Float64Array; nIter: number } {
  if (d === 1) return { median: Float64Array.of(median(W)), nIter: 1 };
  const tol2 = tol * tol;
  let old: Float64Array = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) old[j] = (old[j] as number) + (W[i * d + j] as number);
  old = old.map((v) => v / m);
  let it = 0;
  let cur: Float64Array = old;
  for (it = 0; it < maxIter; it++) {
    cur = weiszfeldStep(W, m, d, old);
    let s = 0;
    for (let j = 0; j < d; j++) s += ((old[j] as number) - (cur[j] as number)) ** 2;
    if (s < tol2) break;
    old = cur;
  }
  return { median: cur, nIter: Math.min(it, maxIter - 1) };
}

export class TheilSenRegressor extends BaseEstimator<TheilSenParams, TheilSenState> {
  readonly type = 'TheilSenRegressor';
  protected readonly schema: StateSchema<TheilSenState> = { coef: 'vector', intercept: 'number', nSubpopulation: 'int', nIter: 'int' };
  constructor(params?: Partial<TheilSenParams>) {
    super({ fitIntercept: true, maxSubpopulation: 1e4, nSubsamples: null, maxIter: 300, tol: 1e-3, randomState: 0 }, params);
  }
  protected make(p: Partial<TheilSenParams>): this {
    return new TheilSenRegressor(p) as this;
  }
  protected checkState(s: TheilSenState): void {
    if (s.coef.length < 1) throw new EngineInputError('BAD_PIPELINE', 'malformed TheilSenRegressor state: coef is empty', 'pipeline');
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const pr = this.params;
    const fitIntercept = boolParam(pr, 'fitIntercept');
    const maxSub = intParam(pr, 'maxSubpopulation', 1);
    const maxIter = intParam(pr, 'maxIter', 1);
    const tol = numParam(pr, 'tol', { min: 0 });
    checkXy(X, y, options);
    const { rows: n, cols: p } = X;
    const dim = p + (fitIntercept ? 1 : 0);
    // _check_subparams
    let k: number;
    if (pr.nSubsamples === null) k = Math.min(dim, n);
    else {
      k = intParam(pr, 'nSubsamples', 1);
      if (k > n) badParam('nSubsamples', `must be at most the number of rows (${n})`);
      if (n >= p && dim > k) badParam('nSubsamples', `must be at least the number of features${fitIntercept ? ' + 1' : ''} (${dim})`);
      if (n < p && k !== n) badParam('nSubsamples', `must equal the number of rows (${n}) when there are fewer rows than features`);
    }
    const all = Math.round(binom(n, k));
    const nSub = Math.min(maxSub, Math.max(1, all));
    const rng = new NumpyRandomState(seedParam(pr));
    const subsets: Int32Array[] = [];
    if (all <= maxSub) for (const c of combinations(n, k)) subsets.push(c);
    else for (let s = 0; s < nSub; s++) subsets.push(Int32Array.from(rng.choice(Int32Array.from({ length: n }, (_, i) => i), k)));
    const W = new Float64Array(subsets.length * dim);
    const off = fitIntercept ? 1 : 0;
    const A = new Float64Array(k * dim);
    const b = new Float64Array(k);
    subsets.forEach((rows, s) => {
      for (let i = 0; i < k; i++) {
        const r = rows[i] as number;
        if (fitIntercept) A[i * dim] = 1;
        A.set(X.data.subarray(r * p, r * p + p), i * dim + off);
        b[i] = y[r] as number;
      }
      if (k === dim) {
        const lu = A.slice();
        const x = b.slice();
        if (solveSquare(lu, x, k)) {
          W.set(x, s * dim);
          return;
        }
      }
      // gelss with rcond = machine precision
      W.set(lstsq({ data: A, rows: k, cols: dim }, b, EPS), s * dim);
    });
    const med = spatialMedian(W, subsets.length, dim, maxIter, tol);
    this.fitted = {
      coef: med.median.slice(off),
      intercept: fitIntercept ? (med.median[0] as number) : 0,
      nSubpopulation: subsets.length,
      nIter: med.nIter,
    };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
