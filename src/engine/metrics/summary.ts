import type { MetricName, MetricSummary } from '../types.js';
import { npMean, npRound, npStd } from './numpy-math.js';

/**
 * Mean and population std (ddof 0, as np.std) of each metric over the folds, rounded to 4 decimals as
 * PyCaret displays them (numpy rounding: half to even). A metric absent from a fold counts as NaN.
 */
export function summarise(foldScores: Record<string, number>[], metrics: readonly MetricName[]): MetricSummary[] {
  return metrics.map((metric) => {
    const values = foldScores.map((s) => s[metric] ?? NaN);
    if (values.length === 0) return { metric, mean: NaN, std: NaN };
    return { metric, mean: npRound(npMean(values), 4), std: npRound(npStd(values), 4) };
  });
}
