// scikit-learn's KernelRidge: dual coefficients (K + αI)⁻¹ y by Cholesky (least squares if K + αI is not
// positive definite, as scikit-learn falls back to lstsq), predictions k(X, X_fit)·dual_coef; no intercept.
// With the linear kernel, α > 0 and more rows than features the same predictor is solved in the primal,
// w = (XᵀX + αI)⁻¹ Xᵀy (X (XᵀX + αI)⁻¹ = (XXᵀ + αI)⁻¹ X), a p×p system instead of n×n; predictions agree
// with the dual to rounding.
import type { Estimator, FitOptions } from '../core/estimator.js';
import { choleskySkippingZeros } from '../core/cholesky-sparse.js';
import { choleskySolve, gram, lstsq, matVec, xtY } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badState, checkX, checkXy, choiceParam, intParam, numParam, type StateSchema } from '../linear/base.js';
import { KERNEL_NAMES, kernelMatrix, resolveGamma, type KernelSpec } from './kernels.js';

export interface KernelRidgeParams extends Record<string, unknown> {
  alpha: number;
  kernel: 'linear' | 'rbf' | 'poly';
  /** null = 1 / n_features (scikit-learn's pairwise-kernel default for rbf and poly) */
  gamma: number | null;
  degree: number;
  coef0: number;
  randomState: number;
}

interface KernelRidgeState extends Record<string, number | Float64Array> {
  nFeatures: number;
  gamma: number;
  Xfit: Float64Array; // dual form (empty in the primal form)
  dualCoef: Float64Array;
  weights: Float64Array; // primal form (empty in the dual form)
}

export class KernelRidge extends BaseEstimator<KernelRidgeParams, KernelRidgeState> implements Estimator<KernelRidgeParams> {
  readonly type = 'KernelRidge';
  protected readonly schema: StateSchema<KernelRidgeState> = { nFeatures: 'int', gamma: 'number', Xfit: 'vector', dualCoef: 'vector', weights: 'vector' };
  constructor(params?: Partial<KernelRidgeParams>) {
    super({ alpha: 1, kernel: 'linear', gamma: null, degree: 3, coef0: 1, randomState: 0 }, params);
  }
  protected make(p: Partial<KernelRidgeParams>): this {
    return new KernelRidge(p) as this;
  }
  /** scikit-learn's dual_coef_ (empty when the linear kernel was solved in the primal). */
  get dualCoef(): Float64Array {
    return this.state().dualCoef;
  }
  protected checkState(s: KernelRidgeState): void {
    const dual = s.weights.length === 0 && s.dualCoef.length > 0 && s.Xfit.length === s.dualCoef.length * s.nFeatures;
    const primal = s.weights.length === s.nFeatures && s.dualCoef.length === 0 && s.Xfit.length === 0;
    if (s.nFeatures < 1 || !(dual || primal)) badState(this.type, 'shapes do not match');
  }
  private kernel(gamma: number): KernelSpec {
    return { kernel: this.params.kernel, gamma, degree: this.params.degree, coef0: this.params.coef0 };
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const alpha = numParam(this.params, 'alpha', { min: 0 });
    choiceParam(this.params, 'kernel', KERNEL_NAMES);
    intParam(this.params, 'degree', 0);
    numParam(this.params, 'coef0');
    checkXy(X, y, options);
    const gamma = resolveGamma(this.params.gamma, X);
    const n = X.rows;
    const p = X.cols;
    if (this.params.kernel === 'linear' && alpha > 0 && n > p) {
      const G = gram(X);
      for (let j = 0; j < p; j++) G[j * p + j] = (G[j * p + j] as number) + alpha;
      const Lp = choleskySkippingZeros(G, p);
      const rhs = xtY(X, y);
      const weights = Lp ? choleskySolve(Lp, p, rhs) : lstsq({ data: G, rows: p, cols: p }, rhs);
      this.fitted = { nFeatures: p, gamma, Xfit: new Float64Array(0), dualCoef: new Float64Array(0), weights };
      return this;
    }
    const K = kernelMatrix(this.kernel(gamma), X, X);
    for (let i = 0; i < n; i++) K[i * n + i] = (K[i * n + i] as number) + alpha;
    const L = choleskySkippingZeros(K, n);
    const dualCoef = L ? choleskySolve(L, n, y) : lstsq({ data: K, rows: n, cols: n }, y);
    this.fitted = { nFeatures: X.cols, gamma, Xfit: Float64Array.from(X.data), dualCoef, weights: new Float64Array(0) };
    return this;
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    checkX(X, s.nFeatures);
    if (s.weights.length > 0) return matVec(X, s.weights);
    const n = s.dualCoef.length;
    const Kx = kernelMatrix(this.kernel(s.gamma), X, { data: s.Xfit, rows: n, cols: s.nFeatures });
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let v = 0;
      for (let t = 0; t < n; t++) v += (Kx[i * n + t] as number) * (s.dualCoef[t] as number);
      out[i] = v;
    }
    return out;
  }
}
