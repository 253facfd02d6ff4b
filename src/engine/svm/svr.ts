// scikit-learn's SVR (libsvm epsilon-SVR): 2l SMO variables α⁺ (y = +1, p = ε − y_i) and α⁻ (y = −1,
// p = ε + y_i) on the same Gram matrix; the model is Σ (α⁺_i − α⁻_i) k(x_i, x) − rho.
import type { Estimator, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badState, checkX, checkXy, numParam, type StateSchema } from '../linear/base.js';
import { LibsvmGramRows } from '../kernel/kernels.js';
import { solveSmo } from './smo.js';
import { fittedKernel, kernelToSupport, libsvmSettings } from './svm-params.js';

export interface SVRParams extends Record<string, unknown> {
  C: number;
  epsilon: number;
  kernel: 'rbf' | 'linear' | 'poly';
  gamma: 'scale' | 'auto' | number;
  degree: number;
  coef0: number;
  tol: number;
  maxIter: number;
  randomState: number;
}

interface SVRState extends Record<string, number | Float64Array> {
  nFeatures: number;
  gamma: number;
  supportVectors: Float64Array; // nSV × p in training order
  dualCoef: Float64Array; // α⁺ − α⁻ per support vector
  intercept: number; // −rho
}

export class SVR extends BaseEstimator<SVRParams, SVRState> implements Estimator<SVRParams> {
  readonly type = 'SVR';
  protected readonly schema: StateSchema<SVRState> = { nFeatures: 'int', gamma: 'number', supportVectors: 'vector', dualCoef: 'vector', intercept: 'number' };
  constructor(params?: Partial<SVRParams>) {
    super({ C: 1, epsilon: 0.1, kernel: 'rbf', gamma: 'scale', degree: 3, coef0: 0, tol: 1e-3, maxIter: -1, randomState: 0 }, params);
  }
  protected make(p: Partial<SVRParams>): this {
    return new SVR(p) as this;
  }
  get intercept(): number {
    return this.state().intercept;
  }
  get nSupport(): number {
    return this.state().dualCoef.length;
  }
  protected checkState(s: SVRState): void {
    if (s.nFeatures < 1 || s.supportVectors.length !== s.dualCoef.length * s.nFeatures) badState(this.type, 'shapes do not match');
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const set = libsvmSettings(this.params, X);
    const epsilon = numParam(this.params, 'epsilon', { min: 0 });
    checkXy(X, y, options);
    const { rows: l, cols: p } = X;
    const gram = new LibsvmGramRows(set.kernel, X);
    const idx = new Int32Array(2 * l);
    const sign = new Int8Array(2 * l);
    const lin = new Float64Array(2 * l);
    for (let i = 0; i < l; i++) {
      idx[i] = i;
      idx[i + l] = i;
      sign[i] = 1;
      sign[i + l] = -1;
      lin[i] = epsilon - (y[i] as number);
      lin[i + l] = epsilon + (y[i] as number);
    }
    const { alpha, rho } = solveSmo({ gram, idx, y: sign, p: lin, C: set.C, eps: set.tol, maxIter: set.maxIter });
    const rows: number[] = [];
    const coef: number[] = [];
    for (let i = 0; i < l; i++) {
      const c = (alpha[i] as number) - (alpha[i + l] as number);
      if (c !== 0) {
        rows.push(i);
        coef.push(c);
      }
    }
    const supportVectors = new Float64Array(rows.length * p);
    rows.forEach((r, s) => supportVectors.set(X.data.subarray(r * p, r * p + p), s * p));
    this.fitted = { nFeatures: p, gamma: set.kernel.gamma, supportVectors, dualCoef: Float64Array.from(coef), intercept: -rho };
    return this;
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    checkX(X, s.nFeatures);
    const nSV = s.dualCoef.length;
    const kx = kernelToSupport(fittedKernel(this.params, s.gamma), X, s.supportVectors, nSV);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let v = 0;
      for (let t = 0; t < nSV; t++) v += (s.dualCoef[t] as number) * (kx[i * nSV + t] as number);
      out[i] = v + s.intercept;
    }
    return out;
  }
}
