import { cholesky, gram } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { npSum } from '../metrics/numpy-math.js';
import { regressionScores } from '../metrics/regression.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import type { HistogramBin, PredictionError, ResidualPoint } from './types.js';
import { checkFinite, checkNonEmpty, checkSameLength } from './validate.js';

export const MAX_RESIDUAL_POINTS = 5000;

/**
 * Residual points (actual, predicted): every row up to `max`; above it `max` rows drawn without replacement
 * by numpy's RandomState(seed).permutation (the first `max` of it), listed in ascending row order.
 */
export function residualPoints(actual: ArrayLike<number>, predicted: ArrayLike<number>, seed: number, max = MAX_RESIDUAL_POINTS): { points: ResidualPoint[]; rows: number[] } {
  checkSameLength('actual', actual, 'predicted', predicted);
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer (got ${max})`);
  const n = actual.length;
  let rows: number[];
  if (n <= max) rows = Array.from({ length: n }, (_, i) => i);
  else rows = Array.from(new NumpyRandomState(seed).permutation(n).subarray(0, max)).sort((a, b) => a - b);
  return { points: rows.map((i) => ({ actual: actual[i] as number, predicted: predicted[i] as number })), rows };
}

/**
 * numpy.histogram(values, bins): `bins` equal-width bins from the minimum to the maximum (the last bin
 * includes its upper edge); a constant input gets the range [v − 0.5, v + 0.5] as numpy does.
 */
export function histogram(values: ArrayLike<number>, bins = 20): HistogramBin[] {
  checkNonEmpty('values', values);
  checkFinite('values', values);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer (got ${bins})`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i] as number);
    hi = Math.max(hi, values[i] as number);
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + (i * (hi - lo)) / bins));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let b = Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
    // the float index can land one bin off an edge: correct against the edges themselves
    while (b > 0 && v < (edges[b] as number)) b--;
    while (b < bins - 1 && v >= (edges[b + 1] as number)) b++;
    counts[b]! += 1;
  }
  return counts.map((count, b) => ({ lower: edges[b] as number, upper: edges[b + 1] as number, count }));
}

/** Residuals actual − predicted. */
export function residuals(actual: ArrayLike<number>, predicted: ArrayLike<number>): Float64Array {
  checkSameLength('actual', actual, 'predicted', predicted);
  return Float64Array.from({ length: actual.length }, (_, i) => (actual[i] as number) - (predicted[i] as number));
}

/** Least-squares line predicted ≈ slope · actual + intercept (numpy.polyfit(actual, predicted, 1)) and R2 as the metric. */
export function predictionError(actual: Float64Array, predicted: Float64Array): PredictionError {
  checkSameLength('actual', actual, 'predicted', predicted);
  if (actual.length < 2) throw new RangeError('predictionError needs at least two rows');
  checkFinite('actual', actual);
  checkFinite('predicted', predicted);
  const n = actual.length;
  const mx = npSum(actual) / n;
  const my = npSum(predicted) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (actual[i] as number) - mx;
    sxy += dx * ((predicted[i] as number) - my);
    sxx += dx * dx;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: regressionScores(actual, predicted).R2 };
}

/**
 * Cook's distance of each row of a least-squares fit with design matrix D (n × p, the intercept column
 * included when the model has one): D_i = e_i² / (p · s²) · h_i / (1 − h_i)², with e = y − fitted,
 * s² = Σe² / (n − p) and the leverage h_i = d_iᵀ (DᵀD)⁻¹ d_i (the hat matrix diagonal). Null when DᵀD is
 * singular or n ≤ p.
 */
export function cooksDistance(design: Matrix, y: Float64Array, fitted: Float64Array): { distance: Float64Array; leverage: Float64Array } | null {
  const { rows: n, cols: p, data } = design;
  checkSameLength('design rows', { length: n }, 'y', y);
  checkSameLength('y', y, 'fitted', fitted);
  checkFinite('design', data);
  if (n <= p) return null;
  const L = cholesky(gram(design), p);
  if (!L) return null;
  const e = residuals(y, fitted);
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (e[i] as number) ** 2;
  const s2 = sse / (n - p);
  const leverage = new Float64Array(n);
  const distance = new Float64Array(n);
  const w = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    // h_i = ‖L⁻¹ d_i‖² (forward substitution)
    let h = 0;
    for (let a = 0; a < p; a++) {
      let s = data[i * p + a] as number;
      for (let b = 0; b < a; b++) s -= (L[a * p + b] as number) * (w[b] as number);
      w[a] = s / (L[a * p + a] as number);
      h += (w[a] as number) ** 2;
    }
    leverage[i] = h;
    distance[i] = (((e[i] as number) ** 2) / (p * s2)) * (h / (1 - h) ** 2);
  }
  return { distance, leverage };
}
