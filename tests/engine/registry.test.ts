import { describe, expect, it } from 'vitest';
import { isEngineInputError } from '../../src/engine/errors.js';
import { listModels } from '../../src/engine/index.js';
import { getSpec } from '../../src/engine/models/registry.js';

// PyCaret 3.2's ids, names and order for the models caretql implements (OWNERS.md).
const EXPECTED = {
  classification: [
    ['lr', 'Logistic Regression'], ['knn', 'K Neighbors Classifier'], ['nb', 'Naive Bayes'], ['dt', 'Decision Tree Classifier'],
    ['svm', 'SVM - Linear Kernel'], ['rbfsvm', 'SVM - Radial Kernel'], ['gpc', 'Gaussian Process Classifier'], ['mlp', 'MLP Classifier'],
    ['ridge', 'Ridge Classifier'], ['rf', 'Random Forest Classifier'], ['qda', 'Quadratic Discriminant Analysis'],
    ['ada', 'Ada Boost Classifier'], ['gbc', 'Gradient Boosting Classifier'], ['lda', 'Linear Discriminant Analysis'], ['et', 'Extra Trees Classifier'],
    ['lightgbm', 'Light Gradient Boosting Machine'], ['dummy', 'Dummy Classifier'],
  ],
  regression: [
    ['lr', 'Linear Regression'], ['lasso', 'Lasso Regression'], ['ridge', 'Ridge Regression'], ['en', 'Elastic Net'], ['lar', 'Least Angle Regression'],
    ['llar', 'Lasso Least Angle Regression'], ['omp', 'Orthogonal Matching Pursuit'], ['br', 'Bayesian Ridge'], ['ard', 'Automatic Relevance Determination'],
    ['par', 'Passive Aggressive Regressor'], ['ransac', 'Random Sample Consensus'], ['tr', 'TheilSen Regressor'], ['huber', 'Huber Regressor'],
    ['kr', 'Kernel Ridge'], ['svm', 'Support Vector Regression'], ['knn', 'K Neighbors Regressor'], ['dt', 'Decision Tree Regressor'], ['rf', 'Random Forest Regressor'],
    ['et', 'Extra Trees Regressor'], ['ada', 'AdaBoost Regressor'], ['gbr', 'Gradient Boosting Regressor'], ['mlp', 'MLP Regressor'], ['lightgbm', 'Light Gradient Boosting Machine'],
    ['dummy', 'Dummy Regressor'],
  ],
} as const;

// PyCaret's is_turbo=False models (compare_models(turbo=True) skips them).
const NOT_TURBO = { classification: ['rbfsvm', 'gpc', 'mlp'], regression: ['tr', 'kr', 'mlp'] } as const;

describe.each(['classification', 'regression'] as const)('model registry (%s)', (task) => {
  it('lists every model with PyCaret ids and names, in PyCaret order, with PyCaret turbo flags', () => {
    const cards = listModels(task);
    expect(cards.map((c) => [c.id, c.name])).toEqual(EXPECTED[task].map(([id, name]) => [id, name]));
    expect(cards.every((c) => c.task === task)).toBe(true);
    expect(cards.filter((c) => !c.turbo).map((c) => c.id)).toEqual(NOT_TURBO[task]);
  });

  it('getSpec refuses an unknown id with UNKNOWN_MODEL on modelId', () => {
    try {
      getSpec(task, 'xgboost');
      throw new Error('expected an error');
    } catch (e) {
      expect(isEngineInputError(e) && e.code === 'UNKNOWN_MODEL' && e.field === 'modelId').toBe(true);
    }
    expect(getSpec(task, 'lr').task).toBe(task);
  });
});
