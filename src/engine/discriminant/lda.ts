// scikit-learn's LinearDiscriminantAnalysis. solver 'svd' (the default, no shrinkage) follows
// sklearn's _solve_svd step by step; a numeric `shrinkage` switches to the 'lsqr' solver with
// Ledoit-style fixed shrinkage of the pooled covariance (what PyCaret's tune grid explores).
import type { Classifier, FitOptions } from '../core/estimator.js';
import { lstsq, svd } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { BaseEstimator, badParam, checkLinearClassifierState, checkXy, linearScores, numParam, type StateSchema } from '../linear/base.js';
import { probaFromScores } from '../core/classes.js';
import { encodeClasses } from '../core/classes.js';
import { labelsFromScores } from '../linear/least-squares.js';

export interface LDAParams extends Record<string, unknown> {
  /** null: solver 'svd'; a number in [0, 1]: solver 'lsqr' with that shrinkage */
  shrinkage: number | null;
  tol: number;
  randomState: number;
}

interface LDAState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  coef: Float64Array; // outputs × p (outputs = 1 for two classes)
  intercept: Float64Array;
}

export class LinearDiscriminantAnalysis extends BaseEstimator<LDAParams, LDAState> implements Classifier<LDAParams> {
  readonly type = 'LinearDiscriminantAnalysis';
  protected readonly schema: StateSchema<LDAState> = { classes: 'vector', coef: 'vector', intercept: 'vector' };
  constructor(params?: Partial<LDAParams>) {
    super({ shrinkage: null, tol: 1e-4, randomState: 0 }, params);
  }
  protected make(p: Partial<LDAParams>): this {
    return new LinearDiscriminantAnalysis(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: LDAState): void {
    checkLinearClassifierState(this.type, s, 2);
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const shrinkage = this.params.shrinkage;
    if (shrinkage !== null && (typeof shrinkage !== 'number' || !(shrinkage >= 0 && shrinkage <= 1))) badParam('shrinkage', 'must be null or a number in [0, 1]');
    const tol = numParam(this.params, 'tol', { min: 0 });
    checkXy(X, y, options);
    const { classes, index, counts } = encodeClasses(y);
    const k = classes.length;
    if (k < 2) throw new EngineInputError('BAD_INPUT', 'LinearDiscriminantAnalysis needs at least two classes', 'y');
    const { rows: n, cols: p, data } = X;
    const priors = Float64Array.from(counts, (c) => c / n);
    const means = new Float64Array(k * p);
    for (let i = 0; i < n; i++) {
      const c = index[i] as number;
      for (let j = 0; j < p; j++) means[c * p + j] = (means[c * p + j] as number) + (data[i * p + j] as number);
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) means[c * p + j] = (means[c * p + j] as number) / (counts[c] as number);
    // within-class centred data
    const Xc = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const c = index[i] as number;
      for (let j = 0; j < p; j++) Xc[i * p + j] = (data[i * p + j] as number) - (means[c * p + j] as number);
    }
    let coef: Float64Array;
    let intercept: Float64Array;
    if (shrinkage === null) ({ coef, intercept } = solveSvd(Xc, n, p, k, means, priors, tol));
    else ({ coef, intercept } = solveLsqr(Xc, n, p, k, index, counts, means, priors, shrinkage));
    if (k === 2) {
      const c2 = new Float64Array(p);
      for (let j = 0; j < p; j++) c2[j] = (coef[p + j] as number) - (coef[j] as number);
      coef = c2;
      intercept = Float64Array.of((intercept[1] as number) - (intercept[0] as number));
    }
    this.fitted = { classes, coef, intercept };
    return this;
  }

  decisionFunction(X: Matrix): Matrix {
    return linearScores(this.state(), X);
  }

  predict(X: Matrix): Float64Array {
    return labelsFromScores(this.decisionFunction(X), this.state().classes);
  }

  predictProba(X: Matrix): Matrix {
    return probaFromScores(this.decisionFunction(X), this.state().classes.length);
  }
}

/** sklearn's _solve_svd: whiten by the within-class SVD, then project the class centres. */
function solveSvd(Xc: Float64Array, n: number, p: number, k: number, means: Float64Array, priors: Float64Array, tol: number) {
  const colMean = new Float64Array(p);
  const colSs = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) colMean[j] = (colMean[j] as number) + (Xc[i * p + j] as number);
  for (let j = 0; j < p; j++) colMean[j] = (colMean[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const d = (Xc[i * p + j] as number) - (colMean[j] as number);
      colSs[j] = (colSs[j] as number) + d * d;
    }
  }
  const std = Float64Array.from(colSs, (ss) => {
    const sd = Math.sqrt(ss / n);
    return sd === 0 ? 1 : sd;
  });
  const f = Math.sqrt(1 / (n - k));
  const Xs = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xs[i * p + j] = (f * (Xc[i * p + j] as number)) / (std[j] as number);
  const d1 = svd({ data: Xs, rows: n, cols: p });
  let rank = 0;
  for (let r = 0; r < d1.r; r++) if ((d1.s[r] as number) > tol) rank++;
  // scalings: p × rank
  const sc = new Float64Array(p * rank);
  for (let j = 0; j < p; j++) for (let r = 0; r < rank; r++) sc[j * rank + r] = (d1.vt[r * p + j] as number) / (std[j] as number) / (d1.s[r] as number);
  const xbar = new Float64Array(p);
  for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) xbar[j] = (xbar[j] as number) + (priors[c] as number) * (means[c * p + j] as number);
  const fac = k === 1 ? 1 : 1 / (k - 1);
  // between-class centres in the whitened space: k × rank
  const B = new Float64Array(k * rank);
  for (let c = 0; c < k; c++) {
    const w = Math.sqrt(n * (priors[c] as number) * fac);
    for (let r = 0; r < rank; r++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += w * ((means[c * p + j] as number) - (xbar[j] as number)) * (sc[j * rank + r] as number);
      B[c * rank + r] = s;
    }
  }
  const d2 = svd({ data: B, rows: k, cols: rank });
  const s0 = d2.s[0] ?? 0;
  let rank2 = 0;
  for (let r = 0; r < d2.r; r++) if ((d2.s[r] as number) > tol * s0) rank2++;
  // scalings_ = sc @ Vt2[:rank2].T : p × rank2
  const S = new Float64Array(p * rank2);
  for (let j = 0; j < p; j++) {
    for (let r2 = 0; r2 < rank2; r2++) {
      let s = 0;
      for (let r = 0; r < rank; r++) s += (sc[j * rank + r] as number) * (d2.vt[r2 * rank + r] as number);
      S[j * rank2 + r2] = s;
    }
  }
  // coef in the projected space: k × rank2
  const cp = new Float64Array(k * rank2);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sq = 0;
    for (let r2 = 0; r2 < rank2; r2++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += ((means[c * p + j] as number) - (xbar[j] as number)) * (S[j * rank2 + r2] as number);
      cp[c * rank2 + r2] = s;
      sq += s * s;
    }
    intercept[c] = -0.5 * sq + Math.log(priors[c] as number);
  }
  const coef = new Float64Array(k * p);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let r2 = 0; r2 < rank2; r2++) s += (cp[c * rank2 + r2] as number) * (S[j * rank2 + r2] as number);
      coef[c * p + j] = s;
    }
    let t = 0;
    for (let j = 0; j < p; j++) t += (xbar[j] as number) * (coef[c * p + j] as number);
    intercept[c] = (intercept[c] as number) - t;
  }
  return { coef, intercept };
}

/** sklearn's _solve_lstsq with a fixed shrinkage: pooled shrunk covariance, coef = Σ⁻¹ μ. */
function solveLsqr(Xc: Float64Array, n: number, p: number, k: number, index: Int32Array, counts: Float64Array, means: Float64Array, priors: Float64Array, shrinkage: number) {
  const cov = new Float64Array(p * p);
  const cc = new Float64Array(p * p);
  for (let c = 0; c < k; c++) {
    cc.fill(0);
    for (let i = 0; i < n; i++) {
      if (index[i] !== c) continue;
      for (let a = 0; a < p; a++) {
        const va = Xc[i * p + a] as number;
        for (let b = 0; b < p; b++) cc[a * p + b] = (cc[a * p + b] as number) + va * (Xc[i * p + b] as number);
      }
    }
    const nc = counts[c] as number;
    let trace = 0;
    for (let a = 0; a < p; a++) trace += (cc[a * p + a] as number) / nc;
    const mu = trace / p;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        let v = (1 - shrinkage) * ((cc[a * p + b] as number) / nc);
        if (a === b) v += shrinkage * mu;
        cov[a * p + b] = (cov[a * p + b] as number) + (priors[c] as number) * v;
      }
    }
  }
  const coef = new Float64Array(k * p);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const w = lstsq({ data: cov, rows: p, cols: p }, means.subarray(c * p, c * p + p));
    coef.set(w, c * p);
    let t = 0;
    for (let j = 0; j < p; j++) t += (means[c * p + j] as number) * (w[j] as number);
    intercept[c] = -0.5 * t + Math.log(priors[c] as number);
  }
  return { coef, intercept };
}
