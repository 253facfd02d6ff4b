// scikit-learn 1.2's lars_path (Gram variant) step for step: Lars (method 'lar', nNonzeroCoefs steps)
// and LassoLars (method 'lasso', stopping at alpha). Including its quirks — the np.around of the
// equiangular correlations, 'lar' sign flips that skip a step, the degenerate-regressor branch — because
// on nearly collinear data (diabetes) those quirks decide the result that users compare us with.
import type { FitOptions } from '../core/estimator.js';
import { choleskySolve, columnMeans, gram, mean, solveCholeskyRow, swapRowsCols, xtY } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, boolParam, checkXy, intParam, numParam, type StateSchema } from './base.js';
import { checkLinearState, predictLinear } from './least-squares.js';

const EPS = 2.220446049250313e-16;
const TINY32 = 1.1754943508222875e-38;
const EQUALITY_TOLERANCE = 1.1920928955078125e-7;
const MAX_POS = Number.MAX_VALUE;

function minPos(v: ArrayLike<number>): number {
  let m = MAX_POS;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (x > 0 && x < m) m = x;
  }
  return m;
}

/** numpy's rint (round half to even). */
function rint(y: number): number {
  const f = Math.floor(y);
  const d = y - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** BLAS drotg. */
function rotg(a: number, b: number): { r: number; c: number; s: number } {
  const roe = Math.abs(a) > Math.abs(b) ? a : b;
  const scale = Math.abs(a) + Math.abs(b);
  if (scale === 0) return { r: 0, c: 1, s: 0 };
  const r = Math.sign(roe) * scale * Math.sqrt((a / scale) ** 2 + (b / scale) ** 2);
  return { r, c: a / r, s: b / r };
}

/** sklearn's arrayfuncs.cholesky_delete on the leading n×n block of L (stride ld). */
function choleskyDelete(L: Float64Array, ld: number, n: number, goOut: number): void {
  for (let i = goOut; i < n - 1; i++) for (let k = 0; k < i + 2; k++) L[i * ld + k] = L[(i + 1) * ld + k] as number;
  for (let i = goOut; i < n - 1; i++) {
    const row = i * ld;
    const g = rotg(L[row + i] as number, L[row + i + 1] as number);
    let { c, s } = g;
    L[row + i] = g.r;
    if ((L[row + i] as number) < 0) {
      L[row + i] = Math.abs(L[row + i] as number);
      c = -c;
      s = -s;
    }
    L[row + i + 1] = 0;
    // rot over the rows below, columns i and i + 1
    for (let r = 1; r <= n - i - 2; r++) {
      const xi = (i + r) * ld + i;
      const x = L[xi] as number;
      const y = L[xi + 1] as number;
      L[xi] = c * x + s * y;
      L[xi + 1] = c * y - s * x;
    }
  }
}

/** lars_path(X, y, Gram, method, alpha_min, max_iter) with centred data; returns the final coefficients. */
export function larsPath(G0: Float64Array, Xy: Float64Array, nSamples: number, method: 'lar' | 'lasso', alphaMin: number, maxIter: number): { coef: Float64Array; nIter: number } {
  const nFeatures = Xy.length;
  const Gram = Float64Array.from(G0);
  const GramCopy = G0;
  const CovCopy = Xy;
  let covBuf = Float64Array.from(Xy);
  let covOff = 0; // Cov is the view covBuf[covOff..]
  const maxFeatures = Math.min(maxIter, nFeatures);
  const ld = Math.max(maxFeatures, 1);
  const L = new Float64Array(ld * ld);
  let signActive = new Float64Array(maxFeatures);
  const indices = Int32Array.from({ length: nFeatures }, (_, i) => i);
  const active: number[] = [];
  let coef = new Float64Array(nFeatures);
  let prevCoef = new Float64Array(nFeatures);
  let alpha = 0;
  let prevAlpha = 0;
  let nIter = 0;
  let nActive = 0;
  let drop = false;
  let dropIdx: number[] = [];

  for (;;) {
    const covLen = covBuf.length - covOff;
    let C = 0;
    let Cidx = 0;
    let Craw = 0;
    if (covLen > 0) {
      let best = -1;
      for (let i = 0; i < covLen; i++) {
        const v = Math.abs(covBuf[covOff + i] as number);
        if (v > best) {
          best = v;
          Cidx = i;
        }
      }
      Craw = covBuf[covOff + Cidx] as number;
      C = Math.abs(Craw);
    }
    alpha = C / nSamples;
    if (alpha <= alphaMin + EQUALITY_TOLERANCE) {
      if (Math.abs(alpha - alphaMin) > EQUALITY_TOLERANCE) {
        if (nIter > 0) {
          const ss = (prevAlpha - alphaMin) / (prevAlpha - alpha);
          for (let j = 0; j < nFeatures; j++) coef[j] = (prevCoef[j] as number) + ss * ((coef[j] as number) - (prevCoef[j] as number));
        }
        alpha = alphaMin;
      }
      break;
    }
    if (nIter >= maxIter || nActive >= nFeatures) break;

    if (!drop) {
      signActive[nActive] = Math.sign(Craw);
      const m = nActive;
      const n = Cidx + nActive;
      // swap Cov[C_idx] and Cov[0], then drop Cov[0] from the view
      const t = covBuf[covOff + Cidx] as number;
      covBuf[covOff + Cidx] = covBuf[covOff] as number;
      covBuf[covOff] = t;
      const ti = indices[n] as number;
      indices[n] = indices[m] as number;
      indices[m] = ti;
      const notShortenedOff = covOff;
      covOff += 1;
      swapRowsCols(Gram, nFeatures, m, n);
      const c = Gram[nActive * nFeatures + nActive] as number;
      for (let k = 0; k < nActive; k++) L[nActive * ld + k] = Gram[nActive * nFeatures + k] as number;
      const v = solveCholeskyRow(L, ld, nActive);
      const diag = Math.max(Math.sqrt(Math.abs(c - v)), EPS);
      L[nActive * ld + nActive] = diag;
      if (diag < 1e-7) {
        // sklearn's "Regressors in active set degenerate" branch (indices and Gram stay swapped, as there)
        covOff = notShortenedOff;
        covBuf[covOff] = 0;
        const t2 = covBuf[covOff + Cidx] as number;
        covBuf[covOff + Cidx] = covBuf[covOff] as number;
        covBuf[covOff] = t2;
        continue;
      }
      active.push(indices[nActive] as number);
      nActive += 1;
    }

    if (method === 'lasso' && nIter > 0 && prevAlpha < alpha) break;

    let ls = choleskySolve(L, nActive, signActive, ld);
    let AA: number;
    if (ls.length === 1 && ls[0] === 0) {
      ls[0] = 1;
      AA = 1;
    } else {
      let sum = 0;
      for (let i = 0; i < nActive; i++) sum += (ls[i] as number) * (signActive[i] as number);
      AA = 1 / Math.sqrt(sum);
      if (!Number.isFinite(AA)) {
        const Lc = Float64Array.from(L);
        for (let i = 0; !Number.isFinite(AA); i++) {
          for (let d = 0; d < nActive; d++) Lc[d * ld + d] = (Lc[d * ld + d] as number) + 2 ** i * EPS;
          ls = choleskySolve(Lc, nActive, signActive, ld);
          let s2 = 0;
          for (let d = 0; d < nActive; d++) s2 += (ls[d] as number) * (signActive[d] as number);
          AA = 1 / Math.sqrt(Math.max(s2, EPS));
        }
      }
      for (let i = 0; i < nActive; i++) ls[i] = (ls[i] as number) * AA;
    }

    const nInactive = nFeatures - nActive;
    const corr = new Float64Array(nInactive);
    for (let j = 0; j < nInactive; j++) {
      let s = 0;
      for (let a = 0; a < nActive; a++) s += (Gram[a * nFeatures + nActive + j] as number) * (ls[a] as number);
      corr[j] = rint(s * 1e15) / 1e15;
    }
    const covNow = covBuf.subarray(covOff);
    const q1 = new Float64Array(covNow.length);
    const q2 = new Float64Array(covNow.length);
    for (let j = 0; j < covNow.length; j++) {
      q1[j] = (C - (covNow[j] as number)) / (AA - (corr[j] as number) + TINY32);
      q2[j] = (C + (covNow[j] as number)) / (AA + (corr[j] as number) + TINY32);
    }
    let gamma = Math.min(minPos(q1), minPos(q2), C / AA);

    drop = false;
    const z = Float64Array.from(active, (f, i) => -(coef[f] as number) / ((ls[i] as number) + TINY32));
    const zPos = minPos(z);
    let idx: number[] = [];
    if (zPos < gamma) {
      for (let i = z.length - 1; i >= 0; i--) if (z[i] === zPos) idx.push(i);
      for (const i of idx) signActive[i] = -(signActive[i] as number);
      if (method === 'lasso') gamma = zPos;
      drop = true;
    }
    nIter += 1;
    prevCoef = coef;
    prevAlpha = alpha;
    coef = new Float64Array(nFeatures);
    active.forEach((f, i) => (coef[f] = (prevCoef[f] as number) + gamma * (ls[i] as number)));
    for (let j = 0; j < covNow.length; j++) covNow[j] = (covNow[j] as number) - gamma * (corr[j] as number);

    if (drop && method === 'lasso') {
      for (const ii of idx) choleskyDelete(L, ld, nActive, ii);
      nActive -= 1;
      dropIdx = idx.map((ii) => active.splice(ii, 1)[0] as number);
      for (const ii of idx) {
        for (let i = ii; i < nActive; i++) {
          const t = indices[i] as number;
          indices[i] = indices[i + 1] as number;
          indices[i + 1] = t;
          swapRowsCols(Gram, nFeatures, i, i + 1);
        }
      }
      const temp = dropIdx.map((d) => {
        let s = CovCopy[d] as number;
        for (let k = 0; k < nFeatures; k++) s -= (GramCopy[d * nFeatures + k] as number) * (coef[k] as number);
        return s;
      });
      const merged = new Float64Array(temp.length + covNow.length);
      merged.set(temp, 0);
      merged.set(covNow, temp.length);
      covBuf = merged;
      covOff = 0;
      const kept = Array.from(signActive).filter((_, i) => !idx.includes(i));
      signActive = new Float64Array(maxFeatures);
      signActive.set(kept.slice(0, maxFeatures));
      idx = [];
    }
  }
  return { coef, nIter };
}

export interface LarsParams extends Record<string, unknown> {
  fitIntercept: boolean;
  nNonzeroCoefs: number;
  randomState: number;
}
export interface LassoLarsParams extends Record<string, unknown> {
  alpha: number;
  fitIntercept: boolean;
  maxIter: number;
  randomState: number;
}

interface LarsState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  nIter: number;
}
const LARS_SCHEMA: StateSchema<LarsState> = { coef: 'vector', intercept: 'number', nIter: 'number' };

function fitLars(X: Matrix, y: Float64Array, fitIntercept: boolean, method: 'lar' | 'lasso', alphaMin: number, maxIter: number): LarsState {
  const xOff = fitIntercept ? columnMeans(X) : new Float64Array(X.cols);
  const yOff = fitIntercept ? mean(y) : 0;
  const G = gram(X, xOff);
  const Xy = xtY(X, y, xOff, yOff);
  const { coef, nIter } = larsPath(G, Xy, y.length, method, alphaMin, maxIter);
  let b = yOff;
  for (let j = 0; j < coef.length; j++) b -= (xOff[j] as number) * (coef[j] as number);
  return { coef, intercept: fitIntercept ? b : 0, nIter };
}

export class Lars extends BaseEstimator<LarsParams, LarsState> {
  readonly type = 'Lars';
  protected readonly schema = LARS_SCHEMA;
  constructor(params?: Partial<LarsParams>) {
    super({ fitIntercept: true, nNonzeroCoefs: 500, randomState: 0 }, params);
  }
  protected make(p: Partial<LarsParams>): this {
    return new Lars(p) as this;
  }
  protected checkState(s: LarsState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    const nNonzero = intParam(this.params, 'nNonzeroCoefs', 1);
    checkXy(X, y, options);
    this.fitted = fitLars(X, y, fitIntercept, 'lar', 0, nNonzero);
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}

export class LassoLars extends BaseEstimator<LassoLarsParams, LarsState> {
  readonly type = 'LassoLars';
  protected readonly schema = LARS_SCHEMA;
  constructor(params?: Partial<LassoLarsParams>) {
    super({ alpha: 1, fitIntercept: true, maxIter: 500, randomState: 0 }, params);
  }
  protected make(p: Partial<LassoLarsParams>): this {
    return new LassoLars(p) as this;
  }
  protected checkState(s: LarsState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const alpha = numParam(this.params, 'alpha', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    const maxIter = intParam(this.params, 'maxIter', 1);
    checkXy(X, y, options);
    this.fitted = fitLars(X, y, fitIntercept, 'lasso', alpha, maxIter);
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
