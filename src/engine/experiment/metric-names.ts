import { CLASSIFICATION_METRICS, REGRESSION_METRICS, type MetricName, type TaskType } from '../types.js';

export function metricsOf(task: TaskType): readonly MetricName[] {
  return task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
}

export function defaultSortMetric(task: TaskType): MetricName {
  return task === 'classification' ? 'Accuracy' : 'R2';
}

const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>(['MAE', 'MSE', 'RMSE', 'RMSLE', 'MAPE']);

export function higherIsBetter(m: MetricName): boolean {
  return !LOWER_IS_BETTER.has(m);
}

/** The task's metric named `raw` (case-insensitive; PyCaret's "Prec." accepted), or null. */
export function metricNamed(raw: unknown, task: TaskType): MetricName | null {
  if (typeof raw !== 'string') return null;
  const key = raw.trim().toLowerCase();
  const alias = key === 'prec.' || key === 'prec' ? 'precision' : key === 'auc' ? 'auc' : key;
  return metricsOf(task).find((m) => m.toLowerCase() === alias) ?? null;
}

/** True when score a beats score b on metric m (ties do not). NaN never beats anything. */
export function beats(m: MetricName, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return higherIsBetter(m) ? a > b : a < b;
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
