// The linear family's model specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { TaskType } from '../api.js';
import { EngineInputError } from '../errors.js';
import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import type { BaseEstimator } from '../linear/base.js';
import { LogisticRegression } from '../linear/logistic.js';
import { LinearRegression, Ridge, RidgeClassifier } from '../linear/least-squares.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/knn.js';
import { DummyClassifier, DummyRegressor } from '../dummy/dummy.js';

type AnyModel = BaseEstimator<Params, Record<string, number | Float64Array | boolean | string>>;

function linearSpec(
  id: string,
  name: string,
  task: TaskType,
  factory: (params: Params) => Estimator,
  searchSpace: Record<string, unknown[]>,
): ModelSpec {
  const known = new Set([...Object.keys(factory({}).params), 'randomState']);
  const type = factory({}).type;
  const checkKeys = (params: Params, code: 'BAD_PARAM' | 'BAD_PIPELINE'): void => {
    for (const key of Object.keys(params)) {
      if (!known.has(key)) {
        throw new EngineInputError(code, `${name} has no hyper-parameter "${key}" (known: ${[...known].join(', ')})`, code === 'BAD_PARAM' ? `params.${key}` : 'pipeline');
      }
    }
  };
  return {
    id,
    name,
    task,
    turbo: true,
    searchSpace,
    create(params: Params = {}): Estimator {
      checkKeys(params, 'BAD_PARAM');
      return factory(params);
    },
    revive(json: EstimatorJSON): Estimator {
      if (typeof json !== 'object' || json === null || json.type !== type) {
        throw new EngineInputError('BAD_PIPELINE', `expected a ${type} estimator`, 'pipeline');
      }
      if (typeof json.params !== 'object' || json.params === null || Array.isArray(json.params)) {
        throw new EngineInputError('BAD_PIPELINE', `${type} params are not an object`, 'pipeline');
      }
      checkKeys(json.params, 'BAD_PIPELINE');
      const est = factory(json.params) as unknown as AnyModel;
      return est.restore(json.state);
    },
  };
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const KNN_SPACE = { nNeighbors: range(1, 50), weights: ['uniform', 'distance'], metric: ['minkowski', 'euclidean', 'manhattan'] };

export const LINEAR_SPECS: readonly ModelSpec[] = [
  // ---- classification ----
  linearSpec('lr', 'Logistic Regression', 'classification', (p) => new LogisticRegression(p), {
    C: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
  }),
  linearSpec('knn', 'K Neighbors Classifier', 'classification', (p) => new KNeighborsClassifier(p), KNN_SPACE),
  linearSpec('ridge', 'Ridge Classifier', 'classification', (p) => new RidgeClassifier(p), {
    alpha: [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  linearSpec('dummy', 'Dummy Classifier', 'classification', (p) => new DummyClassifier(p), { strategy: ['prior', 'most_frequent'] }),
  // ---- regression ----
  linearSpec('lr', 'Linear Regression', 'regression', (p) => new LinearRegression(p), { fitIntercept: [true, false] }),
  linearSpec('ridge', 'Ridge Regression', 'regression', (p) => new Ridge(p), {
    alpha: [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  linearSpec('knn', 'K Neighbors Regressor', 'regression', (p) => new KNeighborsRegressor(p), KNN_SPACE),
  linearSpec('dummy', 'Dummy Regressor', 'regression', (p) => new DummyRegressor(p), { strategy: ['mean', 'median'] }),
];
