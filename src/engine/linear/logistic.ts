// scikit-learn's LogisticRegression(penalty='l2', solver='lbfgs'): binary logistic for two classes,
// multinomial (softmax over all k classes) otherwise. Objective, as sklearn 1.2:
//   sum_i loss_i + 1/(2C)·‖W‖²   (intercepts not penalised), minimised by L-BFGS with gtol = tol.
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, boolParam, checkLinearClassifierState, checkXy, intParam, linearScores, numParam, type StateSchema } from './base.js';
import { probaFromScores } from '../core/classes.js';
import { encodeClasses } from '../core/classes.js';
import { lbfgs } from './lbfgs.js';
import { cholesky, choleskySolve } from '../core/linalg.js';

/** L-BFGS iterations before switching to Newton (when the Hessian is affordable). */
const LBFGS_BEFORE_NEWTON = 100;
/**
 * Largest rows × (Hessian size)² for which Newton polishing is used: small problems, where unscaled
 * features make L-BFGS stall short of the optimum; large ones stop on L-BFGS's own criteria, as scipy's.
 */
const NEWTON_BUDGET = 1e7;
/** Work (rows × classes × (p + 1)²) spent on one refresh of the block preconditioner; rows are sampled beyond it. */
const BLOCK_WORK = 2e7;
/** Iterations at which the block preconditioner is recomputed at the current coefficients. */
const REFRESH_AT = new Set([0, 5, 15, 35, 75, 155, 315, 635]);
import { labelsFromScores } from './least-squares.js';

export interface LogisticRegressionParams extends Record<string, unknown> {
  C: number;
  maxIter: number;
  tol: number;
  fitIntercept: boolean;
  randomState: number;
}

interface LogisticState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  coef: Float64Array; // outputs × p, outputs = 1 for two classes
  intercept: Float64Array;
  nIter: number;
}

export class LogisticRegression extends BaseEstimator<LogisticRegressionParams, LogisticState> implements Classifier<LogisticRegressionParams> {
  readonly type = 'LogisticRegression';
  protected readonly schema: StateSchema<LogisticState> = { classes: 'vector', coef: 'vector', intercept: 'vector', nIter: 'number' };
  constructor(params?: Partial<LogisticRegressionParams>) {
    super({ C: 1, maxIter: 1000, tol: 1e-4, fitIntercept: true, randomState: 0 }, params);
  }
  protected make(p: Partial<LogisticRegressionParams>): this {
    return new LogisticRegression(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: LogisticState): void {
    checkLinearClassifierState(this.type, s);
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const C = numParam(this.params, 'C', { min: 0, minExclusive: true });
    const maxIter = intParam(this.params, 'maxIter', 1);
    const tol = numParam(this.params, 'tol', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    const p = X.cols;
    if (k === 1) {
      this.fitted = { classes, coef: new Float64Array(p), intercept: new Float64Array(1), nIter: 0 };
      return this;
    }
    const sw = options?.sampleWeight;
    // Optimise in standardised coordinates x' = (x - mu) / sd (an exact reparametrisation: the penalty is
    // still on the original coefficients), which makes L-BFGS converge on unscaled data where scikit-learn's
    // run often stops at maxIter short of the optimum.
    const { Z, mu, sd } = standardise(X, fitIntercept);
    const pen = Float64Array.from(sd, (v) => 1 / (C * v * v));
    const outputs = k === 2 ? 1 : k;
    const q = p + 1;
    const objective = k === 2 ? binaryObjective(Z, Float64Array.from(index), sw, pen, fitIntercept) : multinomialObjective(Z, index, k, sw, pen, fitIntercept);
    const m = outputs * q;
    const scale = Float64Array.from({ length: m }, (_, i) => (i % q < p ? (sd[i % q] as number) : 1));
    // L-BFGS first (cheap iterations); when it has not converged after a while and the Hessian is small
    // enough to form, finish with damped Newton steps, which reach the optimum on ill-conditioned data.
    const newtonAffordable = X.rows * m * m <= NEWTON_BUDGET;
    // Multinomial: precondition L-BFGS with the block-diagonal (per-class) Hessian, refreshed along the way;
    // on near-separable data (digits) this reaches the optimum in tens of iterations instead of thousands.
    const pre = k > 2 ? blockPreconditioner(Z, k, sw, pen, fitIntercept) : null;
    let res = lbfgs(objective, new Float64Array(m), {
      maxIter: newtonAffordable ? Math.min(maxIter, LBFGS_BEFORE_NEWTON) : maxIter,
      gtol: tol,
      scale,
      ...(pre ? { precondition: pre.apply, onIteration: pre.refresh } : {}),
    });
    if (res.reason !== 'gtol' && newtonAffordable && maxIter > res.iterations) {
      const nt = newton(objective, res.x, m, maxIter - res.iterations, tol, scale);
      res = { ...res, x: nt.x, f: nt.f, iterations: res.iterations + nt.iterations, converged: nt.converged };
    }
    const coef = new Float64Array(outputs * p);
    const intercept = new Float64Array(outputs);
    for (let c = 0; c < outputs; c++) {
      let b = res.x[c * q + p] as number;
      for (let j = 0; j < p; j++) {
        const w = (res.x[c * q + j] as number) / (sd[j] as number);
        coef[c * p + j] = w;
        b -= w * (mu[j] as number);
      }
      intercept[c] = fitIntercept ? b : 0;
    }
    this.fitted = { classes, coef, intercept, nIter: res.iterations };
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

/**
 * A (p+1)×(p+1) Hessian accumulated on its upper triangle only (features, then the intercept): mirror it,
 * add the L2 penalty on the feature diagonal, and pin the intercept when it is not fitted.
 */
function finishHessian(H: Float64Array, p: number, l2: Float64Array, fitIntercept: boolean): void {
  const q = p + 1;
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) H[a * q + b] = H[b * q + a] as number;
  for (let j = 0; j < p; j++) H[j * q + j] = (H[j * q + j] as number) + (l2[j] as number);
  if (!fitIntercept) {
    for (let a = 0; a < q; a++) H[a * q + p] = H[p * q + a] = 0;
    H[p * q + p] = 1;
  }
}

/**
 * The multinomial Hessian was accumulated only for class blocks c ≤ d and, inside each block, feature
 * pairs a ≤ b; mirror it to the full matrix, add the penalty, and pin unused intercepts.
 */
function symmetriseBlocks(H: Float64Array, k: number, q: number, l2: Float64Array, fitIntercept: boolean): void {
  const m = k * q;
  const p = q - 1;
  for (let c = 0; c < k; c++) {
    for (let d = c; d < k; d++) {
      for (let a = 0; a < q; a++) {
        for (let b = 0; b < a; b++) H[(c * q + a) * m + d * q + b] = H[(c * q + b) * m + d * q + a] as number;
      }
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) H[i * m + j] = H[j * m + i] as number;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < p; j++) H[(c * q + j) * m + c * q + j] = (H[(c * q + j) * m + c * q + j] as number) + (l2[j] as number);
    if (!fitIntercept) {
      const v = c * q + p;
      for (let i = 0; i < m; i++) H[v * m + i] = H[i * m + v] = 0;
      H[v * m + v] = 1;
    }
  }
}

/**
 * Block-diagonal approximation of the multinomial Hessian: for each class c,
 *   H_c = Σ_i w_i p_ic (1 − p_ic) [x_i 1][x_i 1]ᵀ + diag(penalty, 0),
 * factored by Cholesky; `apply` solves with it. It is rebuilt at the iterations of REFRESH_AT, from an even
 * sample of rows (scaled up) when the data are large: a preconditioner only needs to be close.
 */
function blockPreconditioner(Z: Matrix, k: number, sw: Float64Array | undefined, pen: Float64Array, fitIntercept: boolean) {
  const { rows: n, cols: p, data } = Z;
  const q = p + 1;
  const nSample = Math.min(n, Math.max(2000, Math.floor(BLOCK_WORK / (k * q * q))));
  const rowScale = n / nSample;
  let factors: Float64Array[] = [];
  const z = new Float64Array(k);
  const build = (w: Float64Array): void => {
    // At w = 0 every class has p = 1/k: one block serves all classes.
    const shared = w.every((v) => v === 0);
    const kb = shared ? 1 : k;
    const H = Array.from({ length: kb }, () => new Float64Array(q * q));
    // Row weights first (-1 marks a skipped row), then one class block at a time: the same additions in the
    // same order as a row-outer loop, but each block stays in cache while the rows stream past.
    const hw = new Float64Array(nSample * kb);
    for (let t = 0; t < nSample; t++) {
      const i = nSample === n ? t : Math.floor((t * n) / nSample);
      scoreRow(data, i * p, p, w, k, fitIntercept, z);
      let mx = -Infinity;
      for (let c = 0; c < k; c++) if ((z[c] as number) > mx) mx = z[c] as number;
      let se = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - mx);
        z[c] = e;
        se += e;
      }
      const wi = (sw ? (sw[i] as number) : 1) * rowScale;
      for (let c = 0; c < kb; c++) {
        const pc = (z[c] as number) / se;
        const h = wi * pc * (1 - pc);
        // rows a class is already sure about add next to nothing to an approximate Hessian
        hw[t * kb + c] = h < 1e-6 * wi ? -1 : h;
      }
    }
    const rowsUsed = new Int32Array(nSample);
    const hUsed = new Float64Array(nSample);
    for (let c = 0; c < kb; c++) {
      let u = 0;
      for (let t = 0; t < nSample; t++) {
        const h = hw[t * kb + c] as number;
        if (h < 0) continue;
        rowsUsed[u] = (nSample === n ? t : Math.floor((t * n) / nSample)) * p;
        hUsed[u++] = h;
      }
      addWeightedOuterProducts(H[c] as Float64Array, data, p, rowsUsed, hUsed, u);
    }
    const next: Float64Array[] = [];
    for (const Hc of H) {
      finishHessian(Hc, p, pen, fitIntercept);
      let dmax = 0;
      for (let a = 0; a < q; a++) dmax = Math.max(dmax, Hc[a * q + a] as number);
      for (let a = 0; a < q; a++) Hc[a * q + a] = (Hc[a * q + a] as number) + 1e-10 * dmax + 1e-300;
      const L = cholesky(Hc, q);
      if (!L) return; // keep the previous factors
      next.push(L);
    }
    factors = shared ? Array.from({ length: k }, () => next[0] as Float64Array) : next;
  };
  return {
    refresh(w: Float64Array, iteration: number): void {
      if (REFRESH_AT.has(iteration)) build(w);
    },
    apply(v: Float64Array): void {
      if (factors.length !== k) return;
      for (let c = 0; c < k; c++) v.set(choleskySolve(factors[c] as Float64Array, q, v.subarray(c * q, c * q + q)), c * q);
    },
  };
}

/**
 * H[a][b] += Σ_u h_u x_ua x_ub over the upper triangle of [x 1][x 1]ᵀ (x = data row at offset rows[u]),
 * eight (then four) rows per pass over H: each entry still receives its terms one by one in row order (no
 * FMA in JS), so the sums are identical to a row-at-a-time loop while H is loaded and stored far less often.
 */
function addWeightedOuterProducts(H: Float64Array, data: Float64Array, p: number, rows: Int32Array, h: Float64Array, count: number): void {
  const q = p + 1;
  let u = 0;
  for (; u + 7 < count; u += 8) {
    const o0 = rows[u] as number;
    const o1 = rows[u + 1] as number;
    const o2 = rows[u + 2] as number;
    const o3 = rows[u + 3] as number;
    const o4 = rows[u + 4] as number;
    const o5 = rows[u + 5] as number;
    const o6 = rows[u + 6] as number;
    const o7 = rows[u + 7] as number;
    const h0 = h[u] as number;
    const h1 = h[u + 1] as number;
    const h2 = h[u + 2] as number;
    const h3 = h[u + 3] as number;
    const h4 = h[u + 4] as number;
    const h5 = h[u + 5] as number;
    const h6 = h[u + 6] as number;
    const h7 = h[u + 7] as number;
    for (let a = 0; a < p; a++) {
      const a0 = h0 * (data[o0 + a] as number);
      const a1 = h1 * (data[o1 + a] as number);
      const a2 = h2 * (data[o2 + a] as number);
      const a3 = h3 * (data[o3 + a] as number);
      const a4 = h4 * (data[o4 + a] as number);
      const a5 = h5 * (data[o5 + a] as number);
      const a6 = h6 * (data[o6 + a] as number);
      const a7 = h7 * (data[o7 + a] as number);
      const ro = a * q;
      for (let b = a; b < p; b++) {
        H[ro + b] =
          (H[ro + b] as number) +
          a0 * (data[o0 + b] as number) +
          a1 * (data[o1 + b] as number) +
          a2 * (data[o2 + b] as number) +
          a3 * (data[o3 + b] as number) +
          a4 * (data[o4 + b] as number) +
          a5 * (data[o5 + b] as number) +
          a6 * (data[o6 + b] as number) +
          a7 * (data[o7 + b] as number);
      }
      H[ro + p] = (H[ro + p] as number) + a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }
    H[p * q + p] = (H[p * q + p] as number) + h0 + h1 + h2 + h3 + h4 + h5 + h6 + h7;
  }
  for (; u + 3 < count; u += 4) {
    const o0 = rows[u] as number;
    const o1 = rows[u + 1] as number;
    const o2 = rows[u + 2] as number;
    const o3 = rows[u + 3] as number;
    const h0 = h[u] as number;
    const h1 = h[u + 1] as number;
    const h2 = h[u + 2] as number;
    const h3 = h[u + 3] as number;
    for (let a = 0; a < p; a++) {
      const a0 = h0 * (data[o0 + a] as number);
      const a1 = h1 * (data[o1 + a] as number);
      const a2 = h2 * (data[o2 + a] as number);
      const a3 = h3 * (data[o3 + a] as number);
      const ro = a * q;
      for (let b = a; b < p; b++) {
        H[ro + b] = (H[ro + b] as number) + a0 * (data[o0 + b] as number) + a1 * (data[o1 + b] as number) + a2 * (data[o2 + b] as number) + a3 * (data[o3 + b] as number);
      }
      H[ro + p] = (H[ro + p] as number) + a0 + a1 + a2 + a3;
    }
    H[p * q + p] = (H[p * q + p] as number) + h0 + h1 + h2 + h3;
  }
  for (; u < count; u++) {
    const o = rows[u] as number;
    const hu = h[u] as number;
    for (let a = 0; a < p; a++) {
      const ha = hu * (data[o + a] as number);
      const ro = a * q;
      for (let b = a; b < p; b++) H[ro + b] = (H[ro + b] as number) + ha * (data[o + b] as number);
      H[ro + p] = (H[ro + p] as number) + ha;
    }
    H[p * q + p] = (H[p * q + p] as number) + hu;
  }
}

/**
 * Damped Newton on an objective that can also fill its Hessian: Cholesky of H (plus a growing ridge when
 * H is singular, e.g. the multinomial's shared-intercept direction), then Armijo backtracking.
 */
function newton(
  fgh: (x: Float64Array, g: Float64Array, H?: Float64Array) => number,
  x0: Float64Array,
  m: number,
  maxIter: number,
  tol: number,
  scale: Float64Array,
): { x: Float64Array; f: number; iterations: number; converged: boolean } {
  let x = Float64Array.from(x0);
  let g = new Float64Array(m);
  let gn = new Float64Array(m);
  const H = new Float64Array(m * m);
  let f = fgh(x, g, H);
  const gradOk = (grad: Float64Array): boolean => {
    let gmax = 0;
    for (let i = 0; i < m; i++) gmax = Math.max(gmax, Math.abs(grad[i] as number) * (scale[i] as number));
    return gmax <= tol;
  };
  for (let it = 0; it < maxIter; it++) {
    if (it > 0) f = fgh(x, g, H); // Hessian at the new point (only when another step is needed)
    if (gradOk(g)) return { x, f, iterations: it, converged: true };
    let dmax = 0;
    for (let i = 0; i < m; i++) dmax = Math.max(dmax, H[i * m + i] as number);
    let L: Float64Array | null = null;
    for (let ridge = 0; !L && ridge < 1; ridge = ridge === 0 ? 1e-12 : ridge * 100) {
      const Hr = Float64Array.from(H);
      for (let i = 0; i < m; i++) Hr[i * m + i] = (Hr[i * m + i] as number) + ridge * dmax;
      L = cholesky(Hr, m);
    }
    if (!L) return { x, f, iterations: it, converged: false };
    const d = choleskySolve(L, m, Float64Array.from(g, (v) => -v));
    let slope = 0;
    for (let i = 0; i < m; i++) slope += (d[i] as number) * (g[i] as number);
    if (!(slope < 0)) return { x, f, iterations: it, converged: false };
    const xn = new Float64Array(m);
    let t = 1;
    let fn = Infinity;
    for (; t > 1e-12; t /= 2) {
      for (let i = 0; i < m; i++) xn[i] = (x[i] as number) + t * (d[i] as number);
      fn = fgh(xn, gn);
      if (fn <= f + 1e-4 * t * slope) break;
    }
    if (!(fn <= f + 1e-4 * t * slope)) return { x, f, iterations: it + 1, converged: false };
    const fOld = f;
    x = xn;
    f = fn;
    [g, gn] = [gn, g];
    if (gradOk(g)) return { x, f, iterations: it + 1, converged: true };
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= 1e-16) return { x, f, iterations: it + 1, converged: true };
  }
  return { x, f, iterations: maxIter, converged: false };
}

/** Column-standardised copy of X (constant columns keep sd 1; no centring without an intercept). */
function standardise(X: Matrix, center: boolean): { Z: Matrix; mu: Float64Array; sd: Float64Array } {
  const { rows: n, cols: p, data } = X;
  const mu = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) + (data[i * p + j] as number);
  for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sd[j] = (sd[j] as number) + ((data[i * p + j] as number) - (mu[j] as number)) ** 2;
  for (let j = 0; j < p; j++) {
    const v = Math.sqrt((sd[j] as number) / n);
    sd[j] = v > 0 ? v : 1;
  }
  if (!center) mu.fill(0);
  const inv = Float64Array.from(sd, (v) => 1 / v);
  const Z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) Z[o + j] = ((data[o + j] as number) - (mu[j] as number)) * (inv[j] as number);
  }
  return { Z: { data: Z, rows: n, cols: p }, mu, sd };
}


function binaryObjective(X: Matrix, y: Float64Array, sw: Float64Array | undefined, l2: Float64Array, fitIntercept: boolean) {
  const { rows, cols: p, data } = X;
  const q = p + 1;
  return (w: Float64Array, g: Float64Array, H?: Float64Array): number => {
    g.fill(0);
    if (H) H.fill(0);
    const b = fitIntercept ? (w[p] as number) : 0;
    let f = 0;
    let gb = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * p;
      let z = b;
      for (let j = 0; j < p; j++) z += (data[o + j] as number) * (w[j] as number);
      const yi = y[i] as number;
      const wi = sw ? (sw[i] as number) : 1;
      // one exp serves both log(1 + e^z) and the sigmoid
      const e = Math.exp(-Math.abs(z));
      f += wi * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
      const sz = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = wi * (sz - yi);
      if (r !== 0) {
        for (let j = 0; j < p; j++) g[j] = (g[j] as number) + r * (data[o + j] as number);
        gb += r;
      }
      if (H) {
        const h = wi * sz * (1 - sz);
        for (let a = 0; a < p; a++) {
          const ha = h * (data[o + a] as number);
          const ro = a * q;
          for (let c = a; c < p; c++) H[ro + c] = (H[ro + c] as number) + ha * (data[o + c] as number);
          H[ro + p] = (H[ro + p] as number) + ha;
        }
        H[p * q + p] = (H[p * q + p] as number) + h;
      }
    }
    if (H) {
      finishHessian(H, p, l2, fitIntercept);
    }
    let reg = 0;
    for (let j = 0; j < p; j++) {
      const wj = w[j] as number;
      const lj = l2[j] as number;
      reg += lj * wj * wj;
      g[j] = (g[j] as number) + lj * wj;
    }
    g[p] = fitIntercept ? gb : 0;
    return f + 0.5 * reg;
  };
}

/** z[c] = w_c · x + b_c for one row, four classes at a time (register blocking). */
function scoreRow(data: Float64Array, o: number, p: number, w: Float64Array, k: number, fitIntercept: boolean, z: Float64Array): void {
  const q = p + 1;
  let c = 0;
  for (; c + 3 < k; c += 4) {
    const w0 = c * q;
    const w1 = w0 + q;
    const w2 = w1 + q;
    const w3 = w2 + q;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < p; j++) {
      const x = data[o + j] as number;
      s0 += x * (w[w0 + j] as number);
      s1 += x * (w[w1 + j] as number);
      s2 += x * (w[w2 + j] as number);
      s3 += x * (w[w3 + j] as number);
    }
    if (fitIntercept) {
      s0 += w[w0 + p] as number;
      s1 += w[w1 + p] as number;
      s2 += w[w2 + p] as number;
      s3 += w[w3 + p] as number;
    }
    z[c] = s0;
    z[c + 1] = s1;
    z[c + 2] = s2;
    z[c + 3] = s3;
  }
  for (; c < k; c++) {
    const wc = c * q;
    let s = 0;
    for (let j = 0; j < p; j++) s += (data[o + j] as number) * (w[wc + j] as number);
    z[c] = fitIntercept ? s + (w[wc + p] as number) : s;
  }
}

/** g_c += r_c · [x 1] for one row, four classes at a time. */
function accumulateRow(data: Float64Array, o: number, p: number, r: Float64Array, k: number, g: Float64Array): void {
  const q = p + 1;
  let c = 0;
  for (; c + 3 < k; c += 4) {
    const w0 = c * q;
    const w1 = w0 + q;
    const w2 = w1 + q;
    const w3 = w2 + q;
    const r0 = r[c] as number;
    const r1 = r[c + 1] as number;
    const r2 = r[c + 2] as number;
    const r3 = r[c + 3] as number;
    for (let j = 0; j < p; j++) {
      const x = data[o + j] as number;
      g[w0 + j] = (g[w0 + j] as number) + r0 * x;
      g[w1 + j] = (g[w1 + j] as number) + r1 * x;
      g[w2 + j] = (g[w2 + j] as number) + r2 * x;
      g[w3 + j] = (g[w3 + j] as number) + r3 * x;
    }
    g[w0 + p] = (g[w0 + p] as number) + r0;
    g[w1 + p] = (g[w1 + p] as number) + r1;
    g[w2 + p] = (g[w2 + p] as number) + r2;
    g[w3 + p] = (g[w3 + p] as number) + r3;
  }
  for (; c < k; c++) {
    const wc = c * q;
    const rc = r[c] as number;
    for (let j = 0; j < p; j++) g[wc + j] = (g[wc + j] as number) + rc * (data[o + j] as number);
    g[wc + p] = (g[wc + p] as number) + rc;
  }
}

/** Softmax of the scores z (overwritten by exp(z − max)); r = w·(p − onehot(y)); returns the row's weighted loss. */
function softmaxResidual(z: Float64Array, yi: number, wi: number, k: number, r: Float64Array): number {
  let mx = -Infinity;
  for (let c = 0; c < k; c++) if ((z[c] as number) > mx) mx = z[c] as number;
  const zy = z[yi] as number;
  let se = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((z[c] as number) - mx);
    z[c] = e;
    se += e;
  }
  for (let c = 0; c < k; c++) r[c] = wi * ((z[c] as number) / se - (c === yi ? 1 : 0));
  return wi * (Math.log(se) + mx - zy);
}

/** scoreRow for four consecutive rows (o, o + p, ...) at once, sharing the loads of W (each score summed in the same order). */
function scoreRowQuad(data: Float64Array, o: number, p: number, w: Float64Array, k: number, fitIntercept: boolean, z: Float64Array[]): void {
  const q = p + 1;
  const [z0, z1, z2, z3] = z as [Float64Array, Float64Array, Float64Array, Float64Array];
  const o1 = o + p;
  const o2 = o1 + p;
  const o3 = o2 + p;
  let c = 0;
  for (; c + 1 < k; c += 2) {
    const w0 = c * q;
    const w1 = w0 + q;
    let s00 = 0;
    let s01 = 0;
    let s10 = 0;
    let s11 = 0;
    let s20 = 0;
    let s21 = 0;
    let s30 = 0;
    let s31 = 0;
    for (let j = 0; j < p; j++) {
      const v0 = w[w0 + j] as number;
      const v1 = w[w1 + j] as number;
      const x0 = data[o + j] as number;
      const x1 = data[o1 + j] as number;
      const x2 = data[o2 + j] as number;
      const x3 = data[o3 + j] as number;
      s00 += x0 * v0;
      s01 += x0 * v1;
      s10 += x1 * v0;
      s11 += x1 * v1;
      s20 += x2 * v0;
      s21 += x2 * v1;
      s30 += x3 * v0;
      s31 += x3 * v1;
    }
    if (fitIntercept) {
      const b0 = w[w0 + p] as number;
      const b1 = w[w1 + p] as number;
      s00 += b0;
      s01 += b1;
      s10 += b0;
      s11 += b1;
      s20 += b0;
      s21 += b1;
      s30 += b0;
      s31 += b1;
    }
    z0[c] = s00;
    z0[c + 1] = s01;
    z1[c] = s10;
    z1[c + 1] = s11;
    z2[c] = s20;
    z2[c + 1] = s21;
    z3[c] = s30;
    z3[c + 1] = s31;
  }
  for (; c < k; c++) {
    const wc = c * q;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < p; j++) {
      const v = w[wc + j] as number;
      s0 += (data[o + j] as number) * v;
      s1 += (data[o1 + j] as number) * v;
      s2 += (data[o2 + j] as number) * v;
      s3 += (data[o3 + j] as number) * v;
    }
    const b = fitIntercept ? (w[wc + p] as number) : 0;
    z0[c] = fitIntercept ? s0 + b : s0;
    z1[c] = fitIntercept ? s1 + b : s1;
    z2[c] = fitIntercept ? s2 + b : s2;
    z3[c] = fitIntercept ? s3 + b : s3;
  }
}

/** accumulateRow for four consecutive rows: g_c += r0_c·[x0 1], then r1_c·[x1 1], ..., in one pass over G. */
function accumulateRowQuad(data: Float64Array, o: number, p: number, r: Float64Array[], k: number, g: Float64Array): void {
  const q = p + 1;
  const [r0, r1, r2, r3] = r as [Float64Array, Float64Array, Float64Array, Float64Array];
  const o1 = o + p;
  const o2 = o1 + p;
  const o3 = o2 + p;
  let c = 0;
  for (; c + 1 < k; c += 2) {
    const w0 = c * q;
    const w1 = w0 + q;
    const a0 = r0[c] as number;
    const a1 = r0[c + 1] as number;
    const b0 = r1[c] as number;
    const b1 = r1[c + 1] as number;
    const c0 = r2[c] as number;
    const c1 = r2[c + 1] as number;
    const d0 = r3[c] as number;
    const d1 = r3[c + 1] as number;
    for (let j = 0; j < p; j++) {
      const x0 = data[o + j] as number;
      const x1 = data[o1 + j] as number;
      const x2 = data[o2 + j] as number;
      const x3 = data[o3 + j] as number;
      g[w0 + j] = (g[w0 + j] as number) + a0 * x0 + b0 * x1 + c0 * x2 + d0 * x3;
      g[w1 + j] = (g[w1 + j] as number) + a1 * x0 + b1 * x1 + c1 * x2 + d1 * x3;
    }
    g[w0 + p] = (g[w0 + p] as number) + a0 + b0 + c0 + d0;
    g[w1 + p] = (g[w1 + p] as number) + a1 + b1 + c1 + d1;
  }
  for (; c < k; c++) {
    const wc = c * q;
    const a = r0[c] as number;
    const b = r1[c] as number;
    const cc = r2[c] as number;
    const d = r3[c] as number;
    for (let j = 0; j < p; j++) {
      g[wc + j] = (g[wc + j] as number) + a * (data[o + j] as number) + b * (data[o1 + j] as number) + cc * (data[o2 + j] as number) + d * (data[o3 + j] as number);
    }
    g[wc + p] = (g[wc + p] as number) + a + b + cc + d;
  }
}

function multinomialObjective(X: Matrix, yIdx: Int32Array, k: number, sw: Float64Array | undefined, l2: Float64Array, fitIntercept: boolean) {
  const { rows, cols: p, data } = X;
  const q = p + 1;
  const z = new Float64Array(k);
  const m = k * q;
  const xx = new Float64Array(q * q);
  const r = new Float64Array(k);
  const zq = Array.from({ length: 4 }, () => new Float64Array(k));
  const rq = Array.from({ length: 4 }, () => new Float64Array(k));
  return (w: Float64Array, g: Float64Array, H?: Float64Array): number => {
    g.fill(0);
    if (H) H.fill(0);
    let f = 0;
    let i0 = 0;
    if (!H) {
      // Gradient only: four rows per pass over W and G (same per-entry order of additions as row by row).
      for (; i0 + 3 < rows; i0 += 4) {
        const o = i0 * p;
        scoreRowQuad(data, o, p, w, k, fitIntercept, zq);
        for (let t = 0; t < 4; t++) f += softmaxResidual(zq[t] as Float64Array, yIdx[i0 + t] as number, sw ? (sw[i0 + t] as number) : 1, k, rq[t] as Float64Array);
        accumulateRowQuad(data, o, p, rq, k, g);
      }
    }
    for (let i = i0; i < rows; i++) {
      const o = i * p;
      scoreRow(data, o, p, w, k, fitIntercept, z);
      let mx = -Infinity;
      for (let c = 0; c < k; c++) if ((z[c] as number) > mx) mx = z[c] as number;
      const yi = yIdx[i] as number;
      const zy = z[yi] as number;
      let se = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - mx);
        z[c] = e;
        se += e;
      }
      const wi = sw ? (sw[i] as number) : 1;
      f += wi * (Math.log(se) + mx - zy);
      for (let c = 0; c < k; c++) r[c] = wi * ((z[c] as number) / se - (c === yi ? 1 : 0));
      accumulateRow(data, o, p, r, k, g);
      if (H) {
        for (let a = 0; a < q; a++) {
          const xa = a < p ? (data[o + a] as number) : 1;
          for (let b = a; b < q; b++) xx[a * q + b] = xa * (b < p ? (data[o + b] as number) : 1);
        }
        for (let c = 0; c < k; c++) {
          const pc = (z[c] as number) / se;
          for (let d = c; d < k; d++) {
            const pd = (z[d] as number) / se;
            const s = wi * ((c === d ? pc : 0) - pc * pd);
            if (s === 0) continue;
            for (let a = 0; a < q; a++) {
              const row = (c * q + a) * m + d * q;
              for (let b = a; b < q; b++) H[row + b] = (H[row + b] as number) + s * (xx[a * q + b] as number);
            }
          }
        }
      }
    }
    if (H) symmetriseBlocks(H, k, q, l2, fitIntercept);
    let reg = 0;
    for (let c = 0; c < k; c++) {
      const wc = c * q;
      for (let j = 0; j < p; j++) {
        const v = w[wc + j] as number;
        const lj = l2[j] as number;
        reg += lj * v * v;
        g[wc + j] = (g[wc + j] as number) + lj * v;
      }
      if (!fitIntercept) g[wc + p] = 0;
    }
    return f + 0.5 * reg;
  };
}
