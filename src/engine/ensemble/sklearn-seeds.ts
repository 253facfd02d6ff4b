import type { TaskType } from '../types.js';

/**
 * Model ids whose scikit-learn estimator has no random_state parameter, so scikit-learn's _set_random_states
 * draws nothing for them (AdaBoost's shared RandomState then skips that draw). Every other engine model id maps
 * to a scikit-learn estimator with random_state (Ridge, Lasso, Lars, LogisticRegression, SGD, trees, boosting …).
 */
const NO_RANDOM_STATE: Record<TaskType, ReadonlySet<string>> = {
  classification: new Set(['knn', 'nb', 'qda', 'lda']),
  regression: new Set(['lr', 'knn', 'omp', 'br', 'huber', 'dummy']),
};

export function sklearnTakesRandomState(task: TaskType, modelId: string): boolean {
  return !NO_RANDOM_STATE[task].has(modelId);
}
