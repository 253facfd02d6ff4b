// scikit-learn's ElasticNet / Lasso: cyclic coordinate descent (cd_fast.enet_coordinate_descent) on
// centred X and y, objective 1/(2n)·‖y − Xw‖² + α·l1Ratio·‖w‖₁ + α·(1 − l1Ratio)/2·‖w‖², stopping on the
// duality gap (tol·‖y‖²) once the largest coordinate update falls below tol·max|w|.
import type { FitOptions } from '../core/estimator.js';
import { columnMeans, mean, toColMajor } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, boolParam, checkXy, intParam, numParam, type StateSchema } from './base.js';
import { checkLinearState, predictLinear } from './least-squares.js';

export interface CdResult {
  coef: Float64Array;
  gap: number;
  nIter: number;
}

/**
 * enet_coordinate_descent with l1 = alpha·l1Ratio·n and l2 = alpha·(1 − l1Ratio)·n on a column-major,
 * already centred n×p matrix.
 */
export function enetCoordinateDescent(Xcol: Float64Array, n: number, p: number, y: Float64Array, l1: number, l2: number, maxIter: number, tol0: number): CdResult {
  const w = new Float64Array(p);
  const normCols = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (Xcol[j * n + i] as number) ** 2;
    normCols[j] = s;
  }
  const R = Float64Array.from(y);
  let yy = 0;
  for (let i = 0; i < n; i++) yy += (y[i] as number) ** 2;
  const tol = tol0 * yy;
  let gap = tol + 1;
  let it = 0;
  for (it = 0; it < maxIter; it++) {
    let wMax = 0;
    let dwMax = 0;
    for (let j = 0; j < p; j++) {
      const nc = normCols[j] as number;
      if (nc === 0) continue;
      const o = j * n;
      const wj = w[j] as number;
      if (wj !== 0) for (let i = 0; i < n; i++) R[i] = (R[i] as number) + wj * (Xcol[o + i] as number);
      let tmp = 0;
      for (let i = 0; i < n; i++) tmp += (Xcol[o + i] as number) * (R[i] as number);
      const nw = (Math.sign(tmp) * Math.max(Math.abs(tmp) - l1, 0)) / (nc + l2);
      w[j] = nw;
      if (nw !== 0) for (let i = 0; i < n; i++) R[i] = (R[i] as number) - nw * (Xcol[o + i] as number);
      dwMax = Math.max(dwMax, Math.abs(nw - wj));
      wMax = Math.max(wMax, Math.abs(nw));
    }
    if (wMax === 0 || dwMax / wMax < tol0 || it === maxIter - 1) {
      let dualNorm = 0;
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (Xcol[j * n + i] as number) * (R[i] as number);
        dualNorm = Math.max(dualNorm, Math.abs(s - l2 * (w[j] as number)));
      }
      let rNorm2 = 0;
      let ry = 0;
      for (let i = 0; i < n; i++) {
        rNorm2 += (R[i] as number) ** 2;
        ry += (R[i] as number) * (y[i] as number);
      }
      let wNorm2 = 0;
      let l1Norm = 0;
      for (let j = 0; j < p; j++) {
        wNorm2 += (w[j] as number) ** 2;
        l1Norm += Math.abs(w[j] as number);
      }
      let cst: number;
      if (dualNorm > l1) {
        cst = l1 / dualNorm;
        gap = 0.5 * (rNorm2 + rNorm2 * cst * cst);
      } else {
        cst = 1;
        gap = rNorm2;
      }
      gap += l1 * l1Norm - cst * ry + 0.5 * l2 * (1 + cst * cst) * wNorm2;
      if (gap < tol) {
        it += 1;
        break;
      }
    }
  }
  return { coef: w, gap, nIter: Math.min(it, maxIter) };
}

export interface ElasticNetParams extends Record<string, unknown> {
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  randomState: number;
}

interface EnetState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  nIter: number;
}

function fitEnet(X: Matrix, y: Float64Array, alpha: number, l1Ratio: number, fitIntercept: boolean, maxIter: number, tol: number): EnetState {
  const n = X.rows;
  const xOff = fitIntercept ? columnMeans(X) : new Float64Array(X.cols);
  const yOff = fitIntercept ? mean(y) : 0;
  const yc = Float64Array.from(y, (v) => v - yOff);
  const r = enetCoordinateDescent(toColMajor(X, xOff), n, X.cols, yc, alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n, maxIter, tol);
  let b = yOff;
  for (let j = 0; j < X.cols; j++) b -= (xOff[j] as number) * (r.coef[j] as number);
  return { coef: r.coef, intercept: fitIntercept ? b : 0, nIter: r.nIter };
}

const ENET_SCHEMA: StateSchema<EnetState> = { coef: 'vector', intercept: 'number', nIter: 'number' };

export class ElasticNet extends BaseEstimator<ElasticNetParams, EnetState> {
  readonly type = 'ElasticNet';
  protected readonly schema = ENET_SCHEMA;
  constructor(params?: Partial<ElasticNetParams>) {
    super({ alpha: 1, l1Ratio: 0.5, fitIntercept: true, maxIter: 1000, tol: 1e-4, randomState: 0 }, params);
  }
  protected make(p: Partial<ElasticNetParams>): this {
    return new ElasticNet(p) as this;
  }
  protected checkState(s: EnetState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const alpha = numParam(this.params, 'alpha', { min: 0 });
    const l1Ratio = numParam(this.params, 'l1Ratio', { min: 0, max: 1 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    const maxIter = intParam(this.params, 'maxIter', 1);
    const tol = numParam(this.params, 'tol', { min: 0 });
    checkXy(X, y, options);
    this.fitted = fitEnet(X, y, alpha, l1Ratio, fitIntercept, maxIter, tol);
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}

export interface LassoParams extends Record<string, unknown> {
  alpha: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  randomState: number;
}

export class Lasso extends BaseEstimator<LassoParams, EnetState> {
  readonly type = 'Lasso';
  protected readonly schema = ENET_SCHEMA;
  constructor(params?: Partial<LassoParams>) {
    super({ alpha: 1, fitIntercept: true, maxIter: 1000, tol: 1e-4, randomState: 0 }, params);
  }
  protected make(p: Partial<LassoParams>): this {
    return new Lasso(p) as this;
  }
  protected checkState(s: EnetState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const alpha = numParam(this.params, 'alpha', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    const maxIter = intParam(this.params, 'maxIter', 1);
    const tol = numParam(this.params, 'tol', { min: 0 });
    checkXy(X, y, options);
    this.fitted = fitEnet(X, y, alpha, 1, fitIntercept, maxIter, tol);
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
