// scikit-learn's BayesianRidge: evidence maximisation (MacKay) of the noise precision alpha and the
// weight precision lambda, on the SVD of centred X, as sklearn 1.2 (n_iter = 300, tol = 1e-3).
import type { FitOptions } from '../core/estimator.js';
import { centerColumns, columnMeans, mean, svd, xtY } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, boolParam, checkXy, intParam, numParam, type StateSchema } from './base.js';
import { checkLinearState, predictLinear } from './least-squares.js';

const EPS = 2.220446049250313e-16;

export interface BayesianRidgeParams extends Record<string, unknown> {
  maxIter: number;
  tol: number;
  alpha1: number;
  alpha2: number;
  lambda1: number;
  lambda2: number;
  fitIntercept: boolean;
  randomState: number;
}

interface BRState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  alpha: number;
  lambda: number;
  nIter: number;
}

export class BayesianRidge extends BaseEstimator<BayesianRidgeParams, BRState> {
  readonly type = 'BayesianRidge';
  protected readonly schema: StateSchema<BRState> = { coef: 'vector', intercept: 'number', alpha: 'number', lambda: 'number', nIter: 'number' };
  constructor(params?: Partial<BayesianRidgeParams>) {
    super({ maxIter: 300, tol: 1e-3, alpha1: 1e-6, alpha2: 1e-6, lambda1: 1e-6, lambda2: 1e-6, fitIntercept: true, randomState: 0 }, params);
  }
  protected make(p: Partial<BayesianRidgeParams>): this {
    return new BayesianRidge(p) as this;
  }
  protected checkState(s: BRState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const pr = this.params;
    const maxIter = intParam(pr, 'maxIter', 1);
    const tol = numParam(pr, 'tol', { min: 0 });
    const a1 = numParam(pr, 'alpha1', { min: 0 });
    const a2 = numParam(pr, 'alpha2', { min: 0 });
    const l1 = numParam(pr, 'lambda1', { min: 0 });
    const l2 = numParam(pr, 'lambda2', { min: 0 });
    const fitIntercept = boolParam(pr, 'fitIntercept');
    checkXy(X, y, options);
    const { rows: n, cols: p } = X;
    const xOff = fitIntercept ? columnMeans(X) : new Float64Array(p);
    const yOff = fitIntercept ? mean(y) : 0;
    const Xc = fitIntercept ? centerColumns(X, xOff) : X;
    const yc = Float64Array.from(y, (v) => v - yOff);
    let yVar = 0;
    const ym = mean(yc);
    for (let i = 0; i < n; i++) yVar += ((yc[i] as number) - ym) ** 2;
    yVar /= n;
    let alpha = 1 / (yVar + EPS);
    let lambda = 1;
    const XTy = xtY(Xc, yc);
    const d = svd(Xc, n <= p);
    const r = d.r;
    const eig = Float64Array.from(d.s, (s) => s * s);
    // projections used by the posterior mean: n > p: Vh·Xᵀy; n ≤ p: Uᵀy
    const proj = new Float64Array(r);
    if (n > p) {
      for (let k = 0; k < r; k++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += (d.vt[k * p + j] as number) * (XTy[j] as number);
        proj[k] = s;
      }
    } else {
      const u = d.u as Float64Array;
      for (let k = 0; k < r; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (u[i * r + k] as number) * (yc[i] as number);
        proj[k] = s;
      }
    }
    const updateCoef = (a: number, l: number): { coef: Float64Array; rmse: number } => {
      const coef = new Float64Array(p);
      if (n > p) {
        for (let k = 0; k < r; k++) {
          const c = (proj[k] as number) / ((eig[k] as number) + l / a);
          for (let j = 0; j < p; j++) coef[j] = (coef[j] as number) + (d.vt[k * p + j] as number) * c;
        }
      } else {
        // coef = Xᵀ U diag(1/(eig + l/a)) Uᵀ y
        const u = d.u as Float64Array;
        const t = new Float64Array(n);
        for (let k = 0; k < r; k++) {
          const c = (proj[k] as number) / ((eig[k] as number) + l / a);
          for (let i = 0; i < n; i++) t[i] = (t[i] as number) + (u[i * r + k] as number) * c;
        }
        coef.set(xtY(Xc, t));
      }
      let rmse = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += (Xc.data[i * p + j] as number) * (coef[j] as number);
        rmse += ((yc[i] as number) - s) ** 2;
      }
      return { coef, rmse };
    };
    let coefOld: Float64Array | null = null;
    let it = 0;
    for (it = 0; it < maxIter; it++) {
      const { coef, rmse } = updateCoef(alpha, lambda);
      let gamma = 0;
      for (let k = 0; k < r; k++) gamma += (alpha * (eig[k] as number)) / (lambda + alpha * (eig[k] as number));
      let c2 = 0;
      for (let j = 0; j < p; j++) c2 += (coef[j] as number) ** 2;
      lambda = (gamma + 2 * l1) / (c2 + 2 * l2);
      alpha = (n - gamma + 2 * a1) / (rmse + 2 * a2);
      if (it !== 0 && coefOld) {
        let diff = 0;
        for (let j = 0; j < p; j++) diff += Math.abs((coefOld[j] as number) - (coef[j] as number));
        if (diff < tol) break;
      }
      coefOld = coef;
    }
    const { coef } = updateCoef(alpha, lambda);
    let b = yOff;
    for (let j = 0; j < p; j++) b -= (xOff[j] as number) * (coef[j] as number);
    this.fitted = { coef, intercept: fitIntercept ? b : 0, alpha, lambda, nIter: Math.min(it + 1, maxIter) };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
