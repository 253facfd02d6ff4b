import type { CalibrationCurve } from './types.js';
import { checkFinite, checkNonEmpty, checkSameLength } from './validate.js';

/**
 * sklearn.calibration.calibration_curve(isPositive, prob, n_bins, strategy='uniform'): bin edges
 * linspace(0, 1, bins + 1); a probability goes to the first inner edge it does not exceed
 * (searchsorted left on the inner edges); empty bins are left out.
 */
export function calibrationCurve(label: string, isPositive: ArrayLike<number>, prob: ArrayLike<number>, bins = 10): CalibrationCurve {
  checkSameLength('isPositive', isPositive, 'prob', prob);
  checkNonEmpty('prob', prob);
  checkFinite('prob', prob);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer (got ${bins})`);
  const inner: number[] = [];
  // numpy linspace: start + i * step, step = 1 / bins
  for (let i = 1; i < bins; i++) inner.push(i * (1 / bins));
  const sums = new Float64Array(bins);
  const trues = new Float64Array(bins);
  const totals = new Float64Array(bins);
  for (let r = 0; r < prob.length; r++) {
    const p = prob[r] as number;
    if (p < 0 || p > 1) throw new RangeError(`prob[${r}] = ${p} is outside [0, 1]`);
    let b = 0;
    while (b < inner.length && (inner[b] as number) < p) b++;
    sums[b]! += p;
    if (isPositive[r]) trues[b]! += 1;
    totals[b]! += 1;
  }
  const out: CalibrationCurve = { label, bins, fractionOfPositives: [], meanPredicted: [], counts: [] };
  for (let b = 0; b < bins; b++) {
    const t = totals[b] as number;
    if (t === 0) continue;
    out.fractionOfPositives.push((trues[b] as number) / t);
    out.meanPredicted.push((sums[b] as number) / t);
    out.counts.push(t);
  }
  return out;
}
