// The linear family's model specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { TaskType } from '../api.js';
import { EngineInputError } from '../errors.js';
import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import type { BaseEstimator } from '../linear/base.js';
import { LogisticRegression } from '../linear/logistic.js';
import { LinearRegression, Ridge, RidgeClassifier } from '../linear/least-squares.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/knn.js';
import { DummyClassifier, DummyRegressor } from '../dummy/dummy.js';
import { GaussianNB } from '../bayes/gaussian-nb.js';
import { SGDClassifier } from '../svm/sgd-classifier.js';
import { QuadraticDiscriminantAnalysis } from '../discriminant/qda.js';
import { LinearDiscriminantAnalysis } from '../discriminant/lda.js';
import { PassiveAggressiveRegressor } from '../linear/passive-aggressive.js';
import { Lars, LassoLars } from '../linear/lars.js';
import { ElasticNet, Lasso } from '../linear/coordinate-descent.js';
import { OrthogonalMatchingPursuit } from '../linear/omp.js';
import { BayesianRidge } from '../linear/bayesian-ridge.js';
import { HuberRegressor } from '../linear/huber.js';

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
  linearSpec('nb', 'Naive Bayes', 'classification', (p) => new GaussianNB(p), {
    varSmoothing: [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 0.5, 1],
  }),
  linearSpec('svm', 'SVM - Linear Kernel', 'classification', (p) => new SGDClassifier(p), {
    alpha: [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.5],
    fitIntercept: [true, false],
  }),
  linearSpec('ridge', 'Ridge Classifier', 'classification', (p) => new RidgeClassifier(p), {
    alpha: [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  linearSpec('qda', 'Quadratic Discriminant Analysis', 'classification', (p) => new QuadraticDiscriminantAnalysis(p), {
    regParam: [0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1],
  }),
  linearSpec('lda', 'Linear Discriminant Analysis', 'classification', (p) => new LinearDiscriminantAnalysis(p), {
    shrinkage: [null, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.8, 1],
  }),
  linearSpec('dummy', 'Dummy Classifier', 'classification', (p) => new DummyClassifier(p), { strategy: ['prior', 'most_frequent'] }),
  // ---- regression ----
  linearSpec('lr', 'Linear Regression', 'regression', (p) => new LinearRegression(p), { fitIntercept: [true, false] }),
  linearSpec('lasso', 'Lasso Regression', 'regression', (p) => new Lasso(p), {
    alpha: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  linearSpec('ridge', 'Ridge Regression', 'regression', (p) => new Ridge(p), {
    alpha: [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  linearSpec('en', 'Elastic Net', 'regression', (p) => new ElasticNet(p), {
    alpha: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    l1Ratio: [0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99],
    fitIntercept: [true, false],
  }),
  linearSpec('lar', 'Least Angle Regression', 'regression', (p) => new Lars(p), {
    nNonzeroCoefs: range(1, 11),
    fitIntercept: [true, false],
  }),
  linearSpec('llar', 'Lasso Least Angle Regression', 'regression', (p) => new LassoLars(p), {
    alpha: [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1],
    fitIntercept: [true, false],
  }),
  linearSpec('omp', 'Orthogonal Matching Pursuit', 'regression', (p) => new OrthogonalMatchingPursuit(p), {
    nNonzeroCoefs: range(1, 10),
    fitIntercept: [true, false],
  }),
  linearSpec('br', 'Bayesian Ridge', 'regression', (p) => new BayesianRidge(p), {
    alpha1: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    alpha2: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    lambda1: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    lambda2: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    fitIntercept: [true, false],
  }),
  linearSpec('par', 'Passive Aggressive Regressor', 'regression', (p) => new PassiveAggressiveRegressor(p), {
    C: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10],
    epsilon: [0.1, 0.2, 0.3, 0.5, 0.7, 0.9],
    loss: ['epsilon_insensitive', 'squared_epsilon_insensitive'],
    fitIntercept: [true, false],
  }),
  linearSpec('huber', 'Huber Regressor', 'regression', (p) => new HuberRegressor(p), {
    epsilon: [1, 1.1, 1.2, 1.3, 1.35, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9],
    alpha: [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.5, 0.9],
    fitIntercept: [true, false],
  }),
  linearSpec('knn', 'K Neighbors Regressor', 'regression', (p) => new KNeighborsRegressor(p), KNN_SPACE),
  linearSpec('dummy', 'Dummy Regressor', 'regression', (p) => new DummyRegressor(p), { strategy: ['mean', 'median'] }),
];
