import { classificationScores } from '../metrics/classification.js';
import type { OptimalThreshold, ThresholdMetric, ThresholdPoint } from './types.js';
import { checkFinite, checkSameLength } from './validate.js';

export const THRESHOLD_METRICS: readonly ThresholdMetric[] = ['Accuracy', 'Precision', 'Recall', 'F1', 'Kappa', 'MCC'];

/** Thresholds 0, step, 2·step, … ≤ 1 (rounded to 10 decimals so that 0.3 is 0.3). */
export function thresholdGrid(step = 0.01): number[] {
  if (!(step > 0 && step <= 1)) throw new RangeError(`step must be in (0, 1] (got ${step})`);
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const t = Math.round(i * step * 1e10) / 1e10;
    if (t > 1) break;
    out.push(t);
  }
  return out;
}

/**
 * PyCaret's threshold plot / optimize_threshold on a binary task: at each threshold t the prediction is the
 * positive class (code 1) when its probability ≥ t, and the six metrics are the engine's classification
 * metrics of those predictions (binary, positive label 1).
 */
export function thresholdCurve(yTrue: ArrayLike<number>, positiveProba: ArrayLike<number>, grid: readonly number[] = thresholdGrid()): ThresholdPoint[] {
  checkSameLength('yTrue', yTrue, 'positiveProba', positiveProba);
  checkFinite('positiveProba', positiveProba);
  const n = yTrue.length;
  if (n === 0) throw new RangeError('yTrue is empty');
  const truth = Float64Array.from(yTrue);
  const pred = new Float64Array(n);
  return grid.map((threshold) => {
    for (let i = 0; i < n; i++) pred[i] = (positiveProba[i] as number) >= threshold ? 1 : 0;
    const s = classificationScores(truth, pred, null, 2);
    return { threshold, Accuracy: s.Accuracy, Precision: s.Precision, Recall: s.Recall, F1: s.F1, Kappa: s.Kappa, MCC: s.MCC };
  });
}

/** The grid threshold with the largest value of `metric` (the smallest such threshold on ties). */
export function optimizeThreshold(curve: readonly ThresholdPoint[], metric: ThresholdMetric): OptimalThreshold {
  if (!THRESHOLD_METRICS.includes(metric)) throw new RangeError(`unknown metric ${String(metric)}`);
  let best: ThresholdPoint | null = null;
  for (const p of curve) if (best === null || p[metric] > best[metric]) best = p;
  if (best === null) throw new RangeError('the threshold curve is empty');
  return { metric, threshold: best.threshold, value: best[metric] };
}
