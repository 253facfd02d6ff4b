import type { RegressionMetric } from '../types.js';
import { npSum } from './numpy-math.js';

/**
 * PyCaret 3.2's regression metrics for one fold, as scikit-learn 1.2 computes them:
 * MAE, MSE, RMSE = sqrt(MSE), R2 (1 when both sums of squares are 0, 0 when only the total is 0),
 * RMSLE = sqrt(mean((log1p|yTrue| - log1p|yPred|)²)) (PyCaret applies abs before the log),
 * MAPE = mean(|yPred - yTrue| / |yTrue|) over rows with yTrue != 0 (0 when there is none).
 */
export function regressionScores(yTrue: Float64Array, yPred: Float64Array): Record<RegressionMetric, number> {
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`yTrue has ${n} values but yPred has ${yPred.length}`);
  if (n === 0) throw new RangeError('regressionScores needs at least one row');

  const absErr = new Float64Array(n);
  const sqErr = new Float64Array(n);
  const sqLogErr = new Float64Array(n);
  const pctErr: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    const d = t - p;
    absErr[i] = Math.abs(p - t);
    sqErr[i] = d * d;
    const l = Math.log1p(Math.abs(t)) - Math.log1p(Math.abs(p));
    sqLogErr[i] = l * l;
    if (t !== 0) pctErr.push(Math.abs(p - t) / Math.abs(t));
  }
  const mse = npSum(sqErr) / n;

  const mean = npSum(yTrue) / n;
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] as number) - mean;
    dev[i] = d * d;
  }
  const numerator = npSum(sqErr);
  const denominator = npSum(dev);
  const r2 = denominator !== 0 ? (numerator !== 0 ? 1 - numerator / denominator : 1) : numerator !== 0 ? 0 : 1;

  return {
    MAE: npSum(absErr) / n,
    MSE: mse,
    RMSE: Math.sqrt(mse),
    R2: r2,
    RMSLE: Math.sqrt(npSum(sqLogErr) / n),
    MAPE: pctErr.length === 0 ? 0 : npSum(pctErr) / pctErr.length,
  };
}
