import type { MetricName, TaskType } from '../types.js';
import { isClassifier, type Estimator } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { classificationScores, regressionScores } from '../metrics/index.js';

/** Scores a fitted estimator on (X, y) with every metric of the task, as PyCaret does. */
export function scoreEstimator(est: Estimator, X: Matrix, y: Float64Array, task: TaskType, nClasses: number): Record<MetricName, number> {
  const pred = est.predict(X);
  if (task === 'regression') return regressionScores(y, pred) as Record<MetricName, number>;
  let proba: Matrix | null = null;
  let probaClasses: Float64Array | undefined;
  if (isClassifier(est) && est.predictProba && est.classes) {
    proba = est.predictProba(X);
    probaClasses = est.classes;
  }
  return classificationScores(y, pred, proba, nClasses, probaClasses) as Record<MetricName, number>;
}
