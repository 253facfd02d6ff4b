import type { CurvePoint, LiftGain } from './types.js';
import { binaryCounts } from './binary-curves.js';

/**
 * Cumulative gain and lift of one class (scikit-plot's plot_cumulative_gain / plot_lift_curve, as PyCaret
 * draws them): rows sorted by descending score, ties taken together. A point per distinct score:
 * x = fraction of rows with score ≥ threshold, gain = fraction of all positives among them, lift = gain / x.
 * The gain curve starts at (0, 0). KS = max over thresholds of TPR − FPR (the first threshold reaching it).
 */
export function liftGain(label: string, isPositive: ArrayLike<number>, score: ArrayLike<number>): LiftGain {
  const { tps, fps, thresholds } = binaryCounts(isPositive, score);
  const n = score.length;
  const m = tps.length;
  const positives = tps[m - 1] as number;
  const negatives = fps[m - 1] as number;
  if (positives === 0) throw new RangeError(`class ${label} has no positive row`);
  const gain: CurvePoint[] = [{ x: 0, y: 0, threshold: null }];
  const lift: CurvePoint[] = [];
  let ks = -Infinity;
  let ksThreshold = thresholds[0] as number;
  for (let k = 0; k < m; k++) {
    const tp = tps[k] as number;
    const fp = fps[k] as number;
    const x = (tp + fp) / n;
    const g = tp / positives;
    const t = thresholds[k] as number;
    gain.push({ x, y: g, threshold: t });
    lift.push({ x, y: g / x, threshold: t });
    const d = g - (negatives === 0 ? 0 : fp / negatives);
    if (d > ks) {
      ks = d;
      ksThreshold = t;
    }
  }
  return { label, gain, lift, ks: { statistic: ks, threshold: ksThreshold } };
}
