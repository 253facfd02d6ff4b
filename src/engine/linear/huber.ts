// scikit-learn's HuberRegressor: jointly minimises over (w, intercept, sigma)
//   n·sigma + Σ_inliers r²/sigma + Σ_outliers (2ε|r| − sigma·ε²) + alpha·‖w‖²,  sigma > 0,
// with L-BFGS (gtol = tol, at most maxIter iterations). We optimise in standardised feature coordinates
// (an exact reparametrisation), so the 100 iterations reach the optimum where sklearn's often stop short.
import type { FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, boolParam, checkXy, intParam, numParam, type StateSchema } from './base.js';
import { lbfgs } from './lbfgs.js';
import { checkLinearState, predictLinear } from './least-squares.js';

const SIGMA_MIN = 2.220446049250313e-16 * 10;

export interface HuberParams extends Record<string, unknown> {
  epsilon: number;
  alpha: number;
  maxIter: number;
  tol: number;
  fitIntercept: boolean;
  randomState: number;
}

interface HuberState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  scale: number;
  nIter: number;
}

export class HuberRegressor extends BaseEstimator<HuberParams, HuberState> {
  readonly type = 'HuberRegressor';
  protected readonly schema: StateSchema<HuberState> = { coef: 'vector', intercept: 'number', scale: 'number', nIter: 'number' };
  constructor(params?: Partial<HuberParams>) {
    super({ epsilon: 1.35, alpha: 1e-4, maxIter: 100, tol: 1e-5, fitIntercept: true, randomState: 0 }, params);
  }
  protected make(p: Partial<HuberParams>): this {
    return new HuberRegressor(p) as this;
  }
  protected checkState(s: HuberState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const pr = this.params;
    const epsilon = numParam(pr, 'epsilon', { min: 1 });
    const alpha = numParam(pr, 'alpha', { min: 0 });
    const maxIter = intParam(pr, 'maxIter', 1);
    const tol = numParam(pr, 'tol', { min: 0 });
    const fitIntercept = boolParam(pr, 'fitIntercept');
    checkXy(X, y, options);
    const { rows: n, cols: p, data } = X;
    const sw = options?.sampleWeight;
    // standardised copy: z = (x − mu) / sd, w = w' / sd, b = b' − Σ w·mu
    const mu = new Float64Array(p);
    const sd = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) + (data[i * p + j] as number);
    for (let j = 0; j < p; j++) mu[j] = fitIntercept ? (mu[j] as number) / n : 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sd[j] = (sd[j] as number) + ((data[i * p + j] as number) - (mu[j] as number)) ** 2;
    for (let j = 0; j < p; j++) sd[j] = Math.sqrt((sd[j] as number) / n) || 1;
    const Z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Z[i * p + j] = ((data[i * p + j] as number) - (mu[j] as number)) / (sd[j] as number);
    const pen = Float64Array.from(sd, (v) => alpha / (v * v));
    const nw = sw ? sw.reduce((s, v) => s + v, 0) : n;
    // parameters: [w'(p), intercept, sigma]
    const fg = (x: Float64Array, g: Float64Array): number => {
      const sigma = x[p + 1] as number;
      if (!(sigma >= SIGMA_MIN)) return Infinity;
      const b = fitIntercept ? (x[p] as number) : 0;
      g.fill(0);
      let sq = 0;
      let outlierLoss = 0;
      let nOutW = 0;
      let gb = 0;
      for (let i = 0; i < n; i++) {
        const o = i * p;
        let pred = b;
        for (let j = 0; j < p; j++) pred += (Z[o + j] as number) * (x[j] as number);
        const r = (y[i] as number) - pred;
        const wi = sw ? (sw[i] as number) : 1;
        let gr: number; // d loss / d pred
        if (Math.abs(r) > epsilon * sigma) {
          outlierLoss += wi * 2 * epsilon * Math.abs(r);
          nOutW += wi;
          gr = -2 * epsilon * wi * (r < 0 ? -1 : 1);
        } else {
          sq += wi * r * r;
          gr = (-2 * wi * r) / sigma;
        }
        for (let j = 0; j < p; j++) g[j] = (g[j] as number) + gr * (Z[o + j] as number);
        gb += gr;
      }
      let reg = 0;
      for (let j = 0; j < p; j++) {
        const v = x[j] as number;
        reg += (pen[j] as number) * v * v;
        g[j] = (g[j] as number) + 2 * (pen[j] as number) * v;
      }
      g[p] = fitIntercept ? gb : 0;
      g[p + 1] = nw - nOutW * epsilon * epsilon - sq / (sigma * sigma);
      return nw * sigma + sq / sigma + outlierLoss - sigma * nOutW * epsilon * epsilon + reg;
    };
    const x0 = new Float64Array(p + 2);
    x0[p + 1] = 1;
    const scale = new Float64Array(p + 2).fill(1);
    for (let j = 0; j < p; j++) scale[j] = sd[j] as number;
    const res = lbfgs(fg, x0, { maxIter, gtol: tol, scale });
    const coef = new Float64Array(p);
    let b = fitIntercept ? (res.x[p] as number) : 0;
    for (let j = 0; j < p; j++) {
      coef[j] = (res.x[j] as number) / (sd[j] as number);
      b -= (coef[j] as number) * (mu[j] as number);
    }
    this.fitted = { coef, intercept: fitIntercept ? b : 0, scale: res.x[p + 1] as number, nIter: res.iterations };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
