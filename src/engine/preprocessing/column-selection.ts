// Transformers that keep a subset of the matrix's columns, fitted on training rows: scikit-learn's
// VarianceThreshold and SelectKBest(f_classif | f_regression), and PyCaret's RemoveMulticollinearity.
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';

/** The columns `keep` (ascending) of X. */
export function selectColumns(X: Matrix, keep: readonly number[]): Matrix {
  const out = matrix(X.rows, keep.length);
  const p = X.cols;
  const k = keep.length;
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < k; j++) out.data[i * k + j] = X.data[i * p + (keep[j] as number)] as number;
  return out;
}

function columnStats(X: Matrix): { mean: Float64Array; variance: Float64Array; min: Float64Array; max: Float64Array } {
  const { rows: n, cols: p, data } = X;
  const mean = new Float64Array(p);
  const variance = new Float64Array(p);
  const min = new Float64Array(p).fill(Infinity);
  const max = new Float64Array(p).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      const v = data[i * p + j] as number;
      mean[j]! += v;
      if (v < (min[j] as number)) min[j] = v;
      if (v > (max[j] as number)) max[j] = v;
    }
  for (let j = 0; j < p; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      const d = (data[i * p + j] as number) - (mean[j] as number);
      variance[j]! += d * d;
    }
  for (let j = 0; j < p; j++) variance[j]! /= n;
  return { mean, variance, min, max };
}

/**
 * VarianceThreshold(threshold): the columns whose training variance is above threshold (at 0, scikit-learn
 * also takes the peak-to-peak range, so a constant column is dropped despite rounding). BAD_INPUT when none is left.
 */
export function varianceThresholdKeep(X: Matrix, threshold: number): { keep: number[]; variances: Float64Array } {
  const { variance, min, max } = columnStats(X);
  const variances = Float64Array.from(variance, (v, j) => (threshold === 0 ? Math.min(v, (max[j] as number) - (min[j] as number)) : v));
  const keep: number[] = [];
  variances.forEach((v, j) => {
    if (v > threshold) keep.push(j);
  });
  if (keep.length === 0)
    throw new EngineInputError('BAD_INPUT', `no model input has a variance above lowVarianceThreshold ${threshold}`, 'setupParams.lowVarianceThreshold');
  return { keep, variances };
}

/** scikit-learn's f_classif (one-way ANOVA F per column); y holds class codes 0..k-1. */
export function fClassif(X: Matrix, y: Float64Array): Float64Array {
  const { rows: n, cols: p, data } = X;
  let k = 0;
  for (const c of y) k = Math.max(k, c + 1);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * p);
  const ssAll = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const c = y[i] as number;
    counts[c]!++;
    for (let j = 0; j < p; j++) {
      const v = data[i * p + j] as number;
      sums[c * p + j]! += v;
      ssAll[j]! += v * v;
    }
  }
  const present = Array.from(counts).filter((c) => c > 0).length;
  const f = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let total = 0;
    let between = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      const s = sums[c * p + j] as number;
      total += s;
      between += (s * s) / (counts[c] as number);
    }
    const sqAll = (total * total) / n;
    const ssTot = (ssAll[j] as number) - sqAll;
    const ssBetween = between - sqAll;
    const msb = ssBetween / (present - 1);
    const msw = (ssTot - ssBetween) / (n - present);
    f[j] = msb / msw;
  }
  return f;
}

/** scikit-learn's f_regression (force_finite): F of each column's correlation with y; inf → max double, NaN → 0. */
export function fRegression(X: Matrix, y: Float64Array): Float64Array {
  const { rows: n, cols: p, data } = X;
  let ym = 0;
  for (const v of y) ym += v;
  ym /= n;
  const yc = Float64Array.from(y, (v) => v - ym);
  let yNorm = 0;
  for (const v of yc) yNorm += v * v;
  yNorm = Math.sqrt(yNorm);
  const mean = new Float64Array(p);
  const sq = new Float64Array(p);
  const dotY = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      const v = data[i * p + j] as number;
      mean[j]! += v;
      sq[j]! += v * v;
      dotY[j]! += v * (yc[i] as number);
    }
  const f = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const m = (mean[j] as number) / n;
    const xNorm = Math.sqrt((sq[j] as number) - n * m * m);
    const r = (dotY[j] as number) / yNorm / xNorm;
    const r2 = r * r;
    const v = (r2 / (1 - r2)) * (n - 2);
    f[j] = Number.isNaN(v) ? 0 : v === Infinity || v === -Infinity ? Number.MAX_VALUE : v;
  }
  return f;
}

/**
 * SelectKBest: the k best-scoring columns, ascending. As scikit-learn: NaN scores rank lowest, a stable sort, the
 * last k taken (ties go to the later column).
 */
export function selectKBest(scores: Float64Array, k: number): number[] {
  const clean = Float64Array.from(scores, (s) => (Number.isNaN(s) ? -Number.MAX_VALUE : s));
  const order = Array.from(clean.keys()).sort((a, b) => (clean[a] as number) - (clean[b] as number) || a - b);
  return order.slice(order.length - Math.min(k, order.length)).sort((a, b) => a - b);
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * PyCaret's RemoveMulticollinearity(threshold) fitted with the target: for each column in order, the columns
 * correlated with it at >= threshold (Pearson, itself included) keep only the one most correlated with y
 * (the first on ties); every other is dropped. Returns the kept columns, ascending.
 */
export function multicollinearityKeep(X: Matrix, y: Float64Array, threshold: number): number[] {
  const { rows: n, cols: p, data } = X;
  const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, (_, i) => data[i * p + j] as number));
  const corr = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = a; b < p; b++) {
      const r = a === b ? (Number.isNaN(pearson(cols[a]!, cols[a]!)) ? NaN : 1) : pearson(cols[a]!, cols[b]!);
      corr[a * p + b] = r;
      corr[b * p + a] = r;
    }
  const withY = cols.map((c) => pearson(c, y));
  const drop = new Set<number>();
  for (let c = 0; c < p; c++) {
    const group: number[] = [];
    for (let r = 0; r < p; r++) if ((corr[r * p + c] as number) >= threshold) group.push(r);
    if (group.length <= 1) continue;
    let keep = -1;
    for (const g of group) if (!Number.isNaN(withY[g] as number) && (keep < 0 || (withY[g] as number) > (withY[keep] as number))) keep = g;
    for (const g of group) if (g !== keep) drop.add(g);
  }
  return Array.from({ length: p }, (_, j) => j).filter((j) => !drop.has(j));
}
