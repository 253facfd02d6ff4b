// scikit-learn's OrthogonalMatchingPursuit (Gram variant, _gram_omp): greedily add the feature most
// correlated with the residual, refit the active set by Cholesky. Default nNonzeroCoefs (null) is
// max(int(0.1·p), 1) as sklearn; values above p are capped at p.
import type { FitOptions } from '../core/estimator.js';
import { choleskySolve, columnMeans, gram, mean, solveCholeskyRow, swapRowsCols, xtY } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badParam, boolParam, checkXy, type StateSchema } from './base.js';
import { checkLinearState, predictLinear } from './least-squares.js';

const EPS = 2.220446049250313e-16;

export function gramOmp(G0: Float64Array, Xy0: Float64Array, nNonzero: number): Float64Array {
  const p = Xy0.length;
  const G = Float64Array.from(G0);
  const Xy = Float64Array.from(Xy0);
  const indices = Int32Array.from({ length: p }, (_, i) => i);
  const L = new Float64Array(nNonzero * nNonzero);
  let alpha = Float64Array.from(Xy);
  let gamma: Float64Array = new Float64Array(0);
  let nActive = 0;
  for (;;) {
    let lam = 0;
    for (let j = 1; j < p; j++) if (Math.abs(alpha[j] as number) > Math.abs(alpha[lam] as number)) lam = j;
    if (lam < nActive || (alpha[lam] as number) ** 2 < EPS) break;
    if (nActive > 0) {
      for (let k = 0; k < nActive; k++) L[nActive * nNonzero + k] = G[lam * p + k] as number;
      const v = solveCholeskyRow(L, nNonzero, nActive);
      const lkk = (G[lam * p + lam] as number) - v;
      if (lkk <= EPS) break;
      L[nActive * nNonzero + nActive] = Math.sqrt(lkk);
    } else {
      L[0] = Math.sqrt(G[lam * p + lam] as number);
    }
    // swap row/column nActive <-> lam in G, and the bookkeeping vectors
    const a = nActive;
    swapRowsCols(G, p, a, lam);
    [indices[a], indices[lam]] = [indices[lam] as number, indices[a] as number];
    [Xy[a], Xy[lam]] = [Xy[lam] as number, Xy[a] as number];
    nActive += 1;
    gamma = choleskySolve(L, nActive, Xy, nNonzero);
    alpha = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < nActive; k++) s += (G[j * p + k] as number) * (gamma[k] as number);
      alpha[j] = (Xy[j] as number) - s;
    }
    if (nActive === nNonzero) break;
  }
  const coef = new Float64Array(p);
  for (let k = 0; k < gamma.length; k++) coef[indices[k] as number] = gamma[k] as number;
  return coef;
}

export interface OMPParams extends Record<string, unknown> {
  /** null: max(int(0.1 · nFeatures), 1) */
  nNonzeroCoefs: number | null;
  fitIntercept: boolean;
  randomState: number;
}

interface OMPState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
}

export class OrthogonalMatchingPursuit extends BaseEstimator<OMPParams, OMPState> {
  readonly type = 'OrthogonalMatchingPursuit';
  protected readonly schema: StateSchema<OMPState> = { coef: 'vector', intercept: 'number' };
  constructor(params?: Partial<OMPParams>) {
    super({ nNonzeroCoefs: null, fitIntercept: true, randomState: 0 }, params);
  }
  protected make(p: Partial<OMPParams>): this {
    return new OrthogonalMatchingPursuit(p) as this;
  }
  protected checkState(s: OMPState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const nz = this.params.nNonzeroCoefs;
    if (nz !== null && (typeof nz !== 'number' || !Number.isInteger(nz) || nz < 1)) badParam('nNonzeroCoefs', 'must be null or an integer >= 1');
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    checkXy(X, y, options);
    const p = X.cols;
    const k = Math.min(nz ?? Math.max(Math.floor(0.1 * p), 1), p);
    const xOff = fitIntercept ? columnMeans(X) : new Float64Array(p);
    const yOff = fitIntercept ? mean(y) : 0;
    const coef = gramOmp(gram(X, xOff), xtY(X, y, xOff, yOff), k);
    let b = yOff;
    for (let j = 0; j < p; j++) b -= (xOff[j] as number) * (coef[j] as number);
    this.fitted = { coef, intercept: fitIntercept ? b : 0 };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
