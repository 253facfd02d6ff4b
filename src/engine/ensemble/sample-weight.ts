import type { TaskType } from '../types.js';

/**
 * Model ids whose engine estimators honour FitOptions.sampleWeight in fit (read from their sources:
 * tree/tree-model.ts, bayes/gaussian-nb.ts, linear/logistic.ts, linear/huber.ts, linear/passive-aggressive.ts,
 * svm/sgd-classifier.ts, dummy/dummy.ts, boosting/*). knn, ridge, lda, qda, linear regression, lasso, en, lar,
 * llar, omp and br ignore it, so bagging fits them on the drawn rows and boosting cannot use them.
 */
const SAMPLE_WEIGHT_MODELS: Record<TaskType, ReadonlySet<string>> = {
  classification: new Set(['dt', 'rf', 'et', 'nb', 'lr', 'svm', 'dummy', 'ada', 'gbc', 'lightgbm']),
  regression: new Set(['dt', 'rf', 'et', 'huber', 'par', 'dummy', 'ada', 'gbr', 'lightgbm']),
};

export function acceptsSampleWeight(task: TaskType, modelId: string): boolean {
  return SAMPLE_WEIGHT_MODELS[task].has(modelId);
}
