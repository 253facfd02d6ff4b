// scikit-learn 1.2's ARDRegression: evidence maximisation with one precision lambda_j per weight, pruning the
// weights whose precision passes thresholdLambda. The posterior covariance is (diag(λ) + α·XᵀX)⁻¹ (_update_sigma)
// when n ≥ p, else its Woodbury form Λ⁻¹ − Λ⁻¹Xᵀ(I/α + XΛ⁻¹Xᵀ)⁻¹XΛ⁻¹ (_update_sigma_woodbury), each inverse a
// symmetric pseudo-inverse as scipy's pinvh.
import type { FitOptions } from '../core/estimator.js';
import { centerColumns, columnMeans, mean, svd } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { BaseEstimator, badState, boolParam, checkXy, intParam, numParam, type StateSchema } from './base.js';
import { predictLinear } from './least-squares.js';

const EPS = 2.220446049250313e-16;

export interface ARDParams extends Record<string, unknown> {
  maxIter: number;
  tol: number;
  alpha1: number;
  alpha2: number;
  lambda1: number;
  lambda2: number;
  thresholdLambda: number;
  fitIntercept: boolean;
}

interface ARDState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  alpha: number;
  lambda: Float64Array;
  nIter: number;
}

/** pinvh of a symmetric positive semi-definite n×n matrix: Σ_k v_k v_kᵀ / s_k over s_k > n·eps·s_max. */
export function symmetricPinv(A: Float64Array, n: number): Float64Array {
  const d = svd({ data: A, rows: n, cols: n });
  const smax = d.s[0] ?? 0;
  const cutoff = n * EPS * smax;
  const out = new Float64Array(n * n);
  for (let k = 0; k < d.r; k++) {
    const sk = d.s[k] as number;
    if (!(sk > cutoff)) continue;
    const o = k * n;
    for (let i = 0; i < n; i++) {
      const vi = (d.vt[o + i] as number) / sk;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + vi * (d.vt[o + j] as number);
    }
  }
  return out;
}

/** Posterior covariance over the kept columns `keep` (m × m). */
function posteriorSigma(X: Matrix, G: Float64Array, alpha: number, lambda: Float64Array, keep: number[]): Float64Array {
  const { rows: n, cols: p } = X;
  const m = keep.length;
  if (n >= p) {
    const S = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      const ka = keep[a] as number;
      for (let b = 0; b < m; b++) S[a * m + b] = alpha * (G[ka * p + (keep[b] as number)] as number);
      S[a * m + a] = (S[a * m + a] as number) + (lambda[ka] as number);
    }
    return symmetricPinv(S, m);
  }
  // Woodbury: K = I/α + X_k Λ⁻¹ X_kᵀ (n × n); Σ = Λ⁻¹ − (Λ⁻¹X_kᵀ) K⁺ (X_k Λ⁻¹)
  const inv = keep.map((j) => 1 / (lambda[j] as number));
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let r = i; r < n; r++) {
      let s = 0;
      for (let a = 0; a < m; a++) {
        const j = keep[a] as number;
        s += (X.data[i * p + j] as number) * (inv[a] as number) * (X.data[r * p + j] as number);
      }
      K[i * n + r] = s;
      K[r * n + i] = s;
    }
    K[i * n + i] = (K[i * n + i] as number) + 1 / alpha;
  }
  const Kp = symmetricPinv(K, n);
  // T = K⁺ · (X_k Λ⁻¹)  (n × m)
  const T = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < n; r++) {
      const kv = Kp[i * n + r] as number;
      if (kv === 0) continue;
      for (let a = 0; a < m; a++) T[i * m + a] = (T[i * m + a] as number) + kv * (X.data[r * p + (keep[a] as number)] as number) * (inv[a] as number);
    }
  }
  const S = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const ja = keep[a] as number;
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (X.data[i * p + ja] as number) * (T[i * m + b] as number);
      S[a * m + b] = -(inv[a] as number) * s;
    }
    S[a * m + a] = (S[a * m + a] as number) + (inv[a] as number);
  }
  return S;
}

export class ARDRegression extends BaseEstimator<ARDParams, ARDState> {
  readonly type = 'ARDRegression';
  protected readonly schema: StateSchema<ARDState> = { coef: 'vector', intercept: 'number', alpha: 'number', lambda: 'vector', nIter: 'int' };
  constructor(params?: Partial<ARDParams>) {
    super({ maxIter: 300, tol: 1e-3, alpha1: 1e-6, alpha2: 1e-6, lambda1: 1e-6, lambda2: 1e-6, thresholdLambda: 1e4, fitIntercept: true }, params);
  }
  protected make(p: Partial<ARDParams>): this {
    return new ARDRegression(p) as this;
  }
  protected checkState(s: ARDState): void {
    if (s.coef.length < 1 || s.lambda.length !== s.coef.length) badState(this.type, 'coef and lambda do not match');
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const pr = this.params;
    const maxIter = intParam(pr, 'maxIter', 1);
    const tol = numParam(pr, 'tol', { min: 0 });
    const a1 = numParam(pr, 'alpha1', { min: 0 });
    const a2 = numParam(pr, 'alpha2', { min: 0 });
    const l1 = numParam(pr, 'lambda1', { min: 0 });
    const l2 = numParam(pr, 'lambda2', { min: 0 });
    const threshold = numParam(pr, 'thresholdLambda', { min: 0 });
    const fitIntercept = boolParam(pr, 'fitIntercept');
    checkXy(X, y, options);
    if (X.rows < 2) throw new EngineInputError('BAD_INPUT', 'ARDRegression needs at least 2 rows', 'X');
    const { rows: n, cols: p } = X;
    const xOff = fitIntercept ? columnMeans(X) : new Float64Array(p);
    const yOff = fitIntercept ? mean(y) : 0;
    const Xc = fitIntercept ? centerColumns(X, xOff) : X;
    const yc = Float64Array.from(y, (v) => v - yOff);
    const ym = mean(yc);
    let yVar = 0;
    for (let i = 0; i < n; i++) yVar += ((yc[i] as number) - ym) ** 2;
    yVar /= n;
    // XᵀX and Xᵀy once; the kept columns index into them
    const G = new Float64Array(n >= p ? p * p : 0);
    if (n >= p) {
      for (let i = 0; i < n; i++) {
        const o = i * p;
        for (let a = 0; a < p; a++) {
          const xa = Xc.data[o + a] as number;
          for (let b = a; b < p; b++) G[a * p + b] = (G[a * p + b] as number) + xa * (Xc.data[o + b] as number);
        }
      }
      for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) G[a * p + b] = G[b * p + a] as number;
    }
    const Xty = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xty[j] = (Xty[j] as number) + (Xc.data[i * p + j] as number) * (yc[i] as number);

    let alpha = 1 / (yVar + EPS);
    const lambda = new Float64Array(p).fill(1);
    let keep = Array.from({ length: p }, (_, j) => j);
    let coef = new Float64Array(p);
    const updateCoef = (sigma: Float64Array): void => {
      const m = keep.length;
      for (let a = 0; a < m; a++) {
        let s = 0;
        for (let b = 0; b < m; b++) s += (sigma[a * m + b] as number) * (Xty[keep[b] as number] as number);
        coef[keep[a] as number] = alpha * s;
      }
    };
    let coefOld: Float64Array | null = null;
    let it = 0;
    for (it = 0; it < maxIter; it++) {
      const sigma = posteriorSigma(Xc, G, alpha, lambda, keep);
      updateCoef(sigma);
      let rmse = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += (Xc.data[i * p + j] as number) * (coef[j] as number);
        rmse += ((yc[i] as number) - s) ** 2;
      }
      let gammaSum = 0;
      const m = keep.length;
      for (let a = 0; a < m; a++) {
        const j = keep[a] as number;
        const gamma = 1 - (lambda[j] as number) * (sigma[a * m + a] as number);
        gammaSum += gamma;
        lambda[j] = (gamma + 2 * l1) / ((coef[j] as number) ** 2 + 2 * l2);
      }
      alpha = (n - gammaSum + 2 * a1) / (rmse + 2 * a2);
      keep = [];
      for (let j = 0; j < p; j++) {
        if ((lambda[j] as number) < threshold) keep.push(j);
        else coef[j] = 0;
      }
      if (it > 0 && coefOld) {
        let diff = 0;
        for (let j = 0; j < p; j++) diff += Math.abs((coefOld[j] as number) - (coef[j] as number));
        if (diff < tol) break;
      }
      coefOld = coef.slice();
      if (keep.length === 0) break;
    }
    if (keep.length > 0) updateCoef(posteriorSigma(Xc, G, alpha, lambda, keep));
    else coef = new Float64Array(p);
    let b = yOff;
    for (let j = 0; j < p; j++) b -= (xOff[j] as number) * (coef[j] as number);
    this.fitted = { coef, intercept: fitIntercept ? b : 0, alpha, lambda, nIter: Math.min(it + 1, maxIter) };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
