import type { MetricName, TaskType } from '../types.js';
import { isClassifier, probabilitiesOf, type Estimator } from '../core/estimator.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { classificationScores, regressionScores } from '../metrics/index.js';

/** Class probabilities as rows × nClasses (column j = class code j; classes the model never saw get 0), null without predictProba. */
export function classProbabilities(est: Estimator, X: Matrix, nClasses: number): Matrix | null {
  const own = probabilitiesOf(est, X);
  if (!own) return null;
  const P = own.proba;
  const seen = own.classes;
  if (seen.length === nClasses && seen.every((c, j) => c === j)) return P;
  const out = matrix(P.rows, nClasses);
  for (let i = 0; i < P.rows; i++) for (let j = 0; j < seen.length; j++) out.data[i * nClasses + (seen[j] as number)] = P.data[i * P.cols + j] as number;
  return out;
}

/**
 * Predicted class codes; for a binary task with a probability threshold, PyCaret's probability_threshold:
 * class 1 when its probability is ≥ threshold (models without probabilities keep predict).
 */
export function predictWithThreshold(est: Estimator, X: Matrix, proba: Matrix | null, threshold: number | undefined): Float64Array {
  if (threshold === undefined || !proba || proba.cols !== 2) {
    // proba in the model's own columns (it saw every class): its labels follow without a second prediction.
    const own = proba && isClassifier(est) && est.classes?.length === proba.cols ? est.labelsFromProba?.(proba) : null;
    return own ?? est.predict(X);
  }
  const out = new Float64Array(proba.rows);
  for (let i = 0; i < proba.rows; i++) out[i] = (proba.data[i * 2 + 1] as number) >= threshold ? 1 : 0;
  return out;
}

/** Scores a fitted estimator on (X, y) with every metric of the task, as PyCaret does. */
export function scoreEstimator(est: Estimator, X: Matrix, y: Float64Array, task: TaskType, nClasses: number, probabilityThreshold?: number): Record<MetricName, number> {
  if (task === 'regression') return regressionScores(y, est.predict(X)) as Record<MetricName, number>;
  let proba: Matrix | null = null;
  let probaClasses: Float64Array | undefined;
  const p = probabilitiesOf(est, X);
  if (p) {
    proba = p.proba;
    probaClasses = p.classes;
  }
  const full = probabilityThreshold !== undefined && nClasses === 2 ? classProbabilities(est, X, 2) : null;
  const pred = full ? predictWithThreshold(est, X, full, probabilityThreshold) : ((proba && isClassifier(est) && est.labelsFromProba?.(proba)) || est.predict(X));
  return classificationScores(y, pred, proba, nClasses, probaClasses) as Record<MetricName, number>;
}
