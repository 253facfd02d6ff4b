// scikit-learn's KernelRidge: dual coefficients (K + αI)⁻¹ y by Cholesky (least squares if K + αI is not
// positive definite, as scikit-learn falls back to lstsq), predictions k(X, X_fit)·dual_coef; no intercept.
import type { Estimator, FitOptions } from '../core/estimator.js';
import { choleskySkippingZeros } from '../core/cholesky-sparse.js';
import { choleskySolve, lstsq } from '../core/linalg.js';
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
  Xfit: Float64Array;
  dualCoef: Float64Array;
}

export class KernelRidge extends BaseEstimator<KernelRidgeParams, KernelRidgeState> implements Estimator<KernelRidgeParams> {
  readonly type = 'KernelRidge';
  protected readonly schema: StateSchema<KernelRidgeState> = { nFeatures: 'int', gamma: 'number', Xfit: 'vector', dualCoef: 'vector' };
  constructor(params?: Partial<KernelRidgeParams>) {
    super({ alpha: 1, kernel: 'linear', gamma: null, degree: 3, coef0: 1, randomState: 0 }, params);
  }
  protected make(p: Partial<KernelRidgeParams>): this {
    return new KernelRidge(p) as this;
  }
  get dualCoef(): Float64Array {
    return this.state().dualCoef;
  }
  protected checkState(s: KernelRidgeState): void {
    if (s.nFeatures < 1 || s.Xfit.length !== s.dualCoef.length * s.nFeatures || s.dualCoef.length < 1) badState(this.type, 'shapes do not match');
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
    const K = kernelMatrix(this.kernel(gamma), X, X);
    for (let i = 0; i < n; i++) K[i * n + i] = (K[i * n + i] as number) + alpha;
    const L = choleskySkippingZeros(K, n);
    const dualCoef = L ? choleskySolve(L, n, y) : lstsq({ data: K, rows: n, cols: n }, y);
    this.fitted = { nFeatures: X.cols, gamma, Xfit: Float64Array.from(X.data), dualCoef };
    return this;
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    checkX(X, s.nFeatures);
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
