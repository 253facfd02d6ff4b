// scikit-learn 1.2's RANSACRegressor around a LinearRegression: fit on random minimal subsets
// (min_samples = n_features + 1), keep the consensus set with the most inliers (|residual| ≤ the median absolute
// deviation of y unless residualThreshold is given; ties go to the higher R2 on the inliers), shrink max_trials
// by the stop_probability rule (_dynamic_max_trials), then refit on the best inliers. Subsets are drawn as
// sklearn.utils.random.sample_without_replacement from numpy's RandomState(randomState).
import type { FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { BaseEstimator, badParam, checkXy, choiceParam, intParam, numParam, seedParam, type StateSchema } from './base.js';
import { leastSquares, predictLinear } from './least-squares.js';

const EPS = 2.220446049250313e-16;

export interface RANSACParams extends Record<string, unknown> {
  /** null = n_features + 1; in (0, 1) a fraction of the rows; ≥ 1 a row count. */
  minSamples: number | null;
  /** null = median absolute deviation of y. */
  residualThreshold: number | null;
  maxTrials: number;
  /** null = no limit (scikit-learn's np.inf). */
  maxSkips: number | null;
  stopNInliers: number | null;
  stopScore: number | null;
  stopProbability: number;
  loss: 'absolute_error' | 'squared_error';
  randomState: number;
}

interface RANSACState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  nTrials: number;
  nInliers: number;
}

/** np.median. */
export function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** sklearn.utils.random.sample_without_replacement(n, k, method="auto"). */
export function sampleWithoutReplacement(n: number, k: number, rng: NumpyRandomState): Int32Array {
  const ratio = n === 0 ? 1 : k / n;
  if (ratio > 0.01 && ratio < 0.99) return rng.permutation(n).slice(0, k);
  const out = new Int32Array(k);
  if (ratio < 0.2) {
    // tracking selection
    const seen = new Set<number>();
    for (let i = 0; i < k; i++) {
      let j = rng.randint(0, n);
      while (seen.has(j)) j = rng.randint(0, n);
      seen.add(j);
      out[i] = j;
    }
    return out;
  }
  // reservoir sampling
  for (let i = 0; i < k; i++) out[i] = i;
  for (let i = k; i < n; i++) {
    const j = rng.randint(0, i + 1);
    if (j < k) out[j] = i;
  }
  return out;
}

/** _dynamic_max_trials. */
function dynamicMaxTrials(nInliers: number, n: number, minSamples: number, probability: number): number {
  const ratio = nInliers / n;
  const nom = Math.max(EPS, 1 - probability);
  const denom = Math.max(EPS, 1 - ratio ** minSamples);
  if (nom === 1) return 0;
  if (denom === 1) return Infinity;
  return Math.abs(Math.ceil(Math.log(nom) / Math.log(denom)));
}

function rowsOf(X: Matrix, y: Float64Array, idx: ArrayLike<number>): { X: Matrix; y: Float64Array } {
  const p = X.cols;
  const data = new Float64Array(idx.length * p);
  const yo = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i] as number;
    data.set(X.data.subarray(r * p, r * p + p), i * p);
    yo[i] = y[r] as number;
  }
  return { X: { data, rows: idx.length, cols: p }, y: yo };
}

/** r2_score with scikit-learn's force_finite: a constant target scores 1 if predicted exactly, else 0. */
function r2(y: Float64Array, pred: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i] as number;
  m /= y.length;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) {
    ssr += ((y[i] as number) - (pred[i] as number)) ** 2;
    sst += ((y[i] as number) - m) ** 2;
  }
  if (sst === 0) return ssr === 0 ? 1 : 0;
  return 1 - ssr / sst;
}

const limit = (p: Readonly<RANSACParams>, name: 'maxSkips' | 'stopNInliers' | 'stopScore'): number => {
  const v = p[name];
  if (v === null) return Infinity;
  return numParam(p, name, name === 'stopScore' ? {} : { min: 0 });
};

export class RANSACRegressor extends BaseEstimator<RANSACParams, RANSACState> {
  readonly type = 'RANSACRegressor';
  protected readonly schema: StateSchema<RANSACState> = { coef: 'vector', intercept: 'number', nTrials: 'int', nInliers: 'int' };
  constructor(params?: Partial<RANSACParams>) {
    super(
      {
        minSamples: null,
        residualThreshold: null,
        maxTrials: 100,
        maxSkips: null,
        stopNInliers: null,
        stopScore: null,
        stopProbability: 0.99,
        loss: 'absolute_error',
        randomState: 0,
      },
      params,
    );
  }
  protected make(p: Partial<RANSACParams>): this {
    return new RANSACRegressor(p) as this;
  }
  protected checkState(s: RANSACState): void {
    if (s.coef.length < 1) throw new EngineInputError('BAD_PIPELINE', 'malformed RANSACRegressor state: coef is empty', 'pipeline');
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const pr = this.params;
    checkXy(X, y, options);
    const n = X.rows;
    let minSamples: number;
    if (pr.minSamples === null) minSamples = X.cols + 1;
    else {
      const m = numParam(pr, 'minSamples', { min: 0, minExclusive: true });
      if (m < 1) minSamples = Math.ceil(m * n);
      else if (Number.isInteger(m)) minSamples = m;
      else badParam('minSamples', 'must be a fraction in (0, 1) or an integer row count');
    }
    if (minSamples > n) throw new EngineInputError('BAD_INPUT', `RANSAC needs min_samples = ${minSamples} rows but X has ${n}`, 'X');
    const threshold = pr.residualThreshold === null ? median(Float64Array.from(y, (v) => Math.abs(v - median(y)))) : numParam(pr, 'residualThreshold', { min: 0 });
    let maxTrials = intParam(pr, 'maxTrials', 0);
    const maxSkips = limit(pr, 'maxSkips');
    const stopNInliers = limit(pr, 'stopNInliers');
    const stopScore = limit(pr, 'stopScore');
    const stopProbability = numParam(pr, 'stopProbability', { min: 0, max: 1 });
    const squared = choiceParam(pr, 'loss', ['absolute_error', 'squared_error']) === 'squared_error';
    const rng = new NumpyRandomState(seedParam(pr));

    let bestCount = 1;
    let bestScore = -Infinity;
    let bestInliers: Int32Array | null = null;
    let skips = 0;
    let trials = 0;
    const inlier = new Int32Array(n);
    while (trials < maxTrials) {
      trials += 1;
      if (skips > maxSkips) break;
      const subset = rowsOf(X, y, sampleWithoutReplacement(n, minSamples, rng));
      const model = leastSquares(subset.X, subset.y, true);
      const pred = predictLinear(model, X);
      let count = 0;
      for (let i = 0; i < n; i++) {
        const r = (y[i] as number) - (pred[i] as number);
        if ((squared ? r * r : Math.abs(r)) <= threshold) inlier[count++] = i;
      }
      if (count < bestCount) {
        skips += 1;
        continue;
      }
      const idx = inlier.slice(0, count);
      const inl = rowsOf(X, y, idx);
      const score = r2(inl.y, predictLinear(model, inl.X));
      if (count === bestCount && score < bestScore) continue;
      bestCount = count;
      bestScore = score;
      bestInliers = idx;
      maxTrials = Math.min(maxTrials, dynamicMaxTrials(bestCount, n, minSamples, stopProbability));
      if (bestCount >= stopNInliers || bestScore >= stopScore) break;
    }
    if (!bestInliers) {
      throw new EngineInputError('BAD_INPUT', 'RANSAC could not find a valid consensus set: every trial had fewer inliers than needed', 'X');
    }
    const best = rowsOf(X, y, bestInliers);
    const final = leastSquares(best.X, best.y, true);
    this.fitted = { coef: final.coef, intercept: final.intercept, nTrials: trials, nInliers: bestCount };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
