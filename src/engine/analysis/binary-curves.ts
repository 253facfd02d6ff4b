import { npSum } from '../metrics/numpy-math.js';
import { binaryRocAuc } from '../metrics/roc-auc.js';
import type { Curve, CurvePoint } from './types.js';
import { checkFinite, checkNonEmpty, checkSameLength } from './validate.js';

/**
 * scikit-learn's _binary_clf_curve: rows by descending score; one entry at the last row of each run of equal
 * scores, with the cumulative true and false positives there and that score as the threshold.
 */
export interface BinaryCounts {
  tps: Float64Array;
  fps: Float64Array;
  thresholds: Float64Array;
}

export function binaryCounts(isPositive: ArrayLike<number>, score: ArrayLike<number>): BinaryCounts {
  checkSameLength('isPositive', isPositive, 'score', score);
  checkNonEmpty('score', score);
  checkFinite('score', score);
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (score[b] as number) - (score[a] as number));
  const tps: number[] = [];
  const fps: number[] = [];
  const thr: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (isPositive[i]) tp++;
    if (k === n - 1 || score[order[k + 1] as number] !== score[i]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thr.push(score[i] as number);
    }
  }
  return { tps: Float64Array.from(tps), fps: Float64Array.from(fps), thresholds: Float64Array.from(thr) };
}

/** roc_curve(drop_intermediate=True) of scikit-learn 1.2: the first threshold is the top score + 1. */
export function rocPoints(isPositive: ArrayLike<number>, score: ArrayLike<number>): CurvePoint[] {
  const { tps, fps, thresholds } = binaryCounts(isPositive, score);
  const m = tps.length;
  const kept: number[] = [];
  for (let k = 0; k < m; k++) {
    const keep =
      m <= 2 ||
      k === 0 ||
      k === m - 1 ||
      (fps[k + 1] as number) - 2 * (fps[k] as number) + (fps[k - 1] as number) !== 0 ||
      (tps[k + 1] as number) - 2 * (tps[k] as number) + (tps[k - 1] as number) !== 0;
    if (keep) kept.push(k);
  }
  const lastT = tps[m - 1] as number;
  const lastF = fps[m - 1] as number;
  const points: CurvePoint[] = [{ x: 0, y: 0, threshold: (thresholds[0] as number) + 1 }];
  for (const k of kept)
    points.push({ x: lastF > 0 ? (fps[k] as number) / lastF : NaN, y: lastT > 0 ? (tps[k] as number) / lastT : NaN, threshold: thresholds[k] as number });
  return points;
}

/**
 * precision_recall_curve of scikit-learn 1.2: one point per distinct score, by increasing threshold (so recall
 * decreases), then the final (recall 0, precision 1) point, which has no threshold. Recall is 1 everywhere
 * when there is no positive row (as scikit-learn).
 */
export function prPoints(isPositive: ArrayLike<number>, score: ArrayLike<number>): CurvePoint[] {
  const { tps, fps, thresholds } = binaryCounts(isPositive, score);
  const m = tps.length;
  const lastT = tps[m - 1] as number;
  const points: CurvePoint[] = [];
  for (let k = m - 1; k >= 0; k--) {
    const ps = (tps[k] as number) + (fps[k] as number);
    points.push({ x: lastT === 0 ? 1 : (tps[k] as number) / lastT, y: ps === 0 ? 0 : (tps[k] as number) / ps, threshold: thresholds[k] as number });
  }
  points.push({ x: 0, y: 1, threshold: null });
  return points;
}

/** average_precision_score = -Σ (recall[i+1] - recall[i]) · precision[i] over the PR points. */
export function averagePrecision(pr: readonly CurvePoint[]): number {
  const terms = new Float64Array(pr.length - 1);
  for (let i = 0; i + 1 < pr.length; i++) terms[i] = ((pr[i + 1] as CurvePoint).x - (pr[i] as CurvePoint).x) * (pr[i] as CurvePoint).y;
  return 0 - npSum(terms); // not -sum: no -0 for an all-zero sum
}

export const MAX_CURVE_POINTS = 200;

/**
 * At most `max` points: the first and the last always (the (0, 0) and (1, 1) corners of a ROC curve, the
 * ends of a PR curve), the rest picked at evenly spaced positions of the original order. The area of a
 * curve is computed before downsampling, never from the kept points.
 */
export function downsample(points: readonly CurvePoint[], max = MAX_CURVE_POINTS): CurvePoint[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`max must be an integer >= 2 (got ${max})`);
  const n = points.length;
  if (n <= max) return points.slice();
  const out: CurvePoint[] = [];
  let last = -1;
  for (let j = 0; j < max; j++) {
    const i = Math.round((j * (n - 1)) / (max - 1));
    if (i !== last) out.push(points[i] as CurvePoint);
    last = i;
  }
  return out;
}

/**
 * The ROC curve of one binary problem; area = the engine's AUC metric (binaryRocAuc) exactly. With only one
 * of the two classes present the curve is undefined (scikit-learn's rates are NaN): no points, area 0 as the metric.
 */
export function rocCurve(label: string, isPositive: ArrayLike<number>, score: ArrayLike<number>, maxPoints = MAX_CURVE_POINTS): Curve {
  let positives = 0;
  for (let i = 0; i < isPositive.length; i++) if (isPositive[i]) positives++;
  if (positives === 0 || positives === isPositive.length) return { label, area: 0, points: [] };
  return { label, area: binaryRocAuc(isPositive, score), points: downsample(rocPoints(isPositive, score), maxPoints) };
}

/** The PR curve of one binary problem; area = average precision. */
export function prCurve(label: string, isPositive: ArrayLike<number>, score: ArrayLike<number>, maxPoints = MAX_CURVE_POINTS): Curve {
  const points = prPoints(isPositive, score);
  return { label, area: averagePrecision(points), points: downsample(points, maxPoints) };
}
