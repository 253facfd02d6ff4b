// Model specs of the neural and robust-linear estimators (PyCaret ids and names, PyCaret 3.2's tune grids and
// turbo flags: mlp and tr are outside PyCaret's turbo set). Registered in models/registry.ts at merge.
import type { TaskType } from '../api.js';
import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import type { BaseEstimator } from '../linear/base.js';
import { ARDRegression } from '../linear/ard.js';
import { RANSACRegressor } from '../linear/ransac.js';
import { TheilSenRegressor } from '../linear/theil-sen.js';
import { MLPClassifier, MLPRegressor } from '../neural/mlp.js';

type RestorableModel = BaseEstimator<Params, Record<string, number | Float64Array | boolean | string>>;

function spec(id: string, name: string, task: TaskType, turbo: boolean, factory: (params: Params) => Estimator, searchSpace: Record<string, unknown[]>): ModelSpec {
  const probe = factory({});
  const known = new Set([...Object.keys(probe.params), 'randomState']);
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
    turbo,
    searchSpace,
    create(params: Params = {}): Estimator {
      checkKeys(params, 'BAD_PARAM');
      return factory(params);
    },
    revive(json: EstimatorJSON): Estimator {
      if (typeof json !== 'object' || json === null || json.type !== probe.type) {
        throw new EngineInputError('BAD_PIPELINE', `expected a ${probe.type} estimator`, 'pipeline');
      }
      if (typeof json.params !== 'object' || json.params === null || Array.isArray(json.params)) {
        throw new EngineInputError('BAD_PIPELINE', `${probe.type} params are not an object`, 'pipeline');
      }
      checkKeys(json.params, 'BAD_PIPELINE');
      return (factory(json.params) as unknown as RestorableModel).restore(json.state);
    },
  };
}

// PyCaret's mlp grid (alpha, activation, up to three hidden layers of 50 or 100 units); its learning_rate
// entry only affects the sgd solver and is left out.
const MLP_SPACE = {
  alpha: [1e-7, 1e-6, 1e-4, 1e-3, 0.01, 0.0005, 0.005, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9],
  hiddenLayerSizes: [[50], [100], [50, 50], [50, 100], [100, 50], [100, 100], [50, 50, 50], [100, 100, 100]],
  activation: ['tanh', 'identity', 'logistic', 'relu'],
};

const PRIORS = [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3];
const arange = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(10)));
const ints = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const NEURAL_ROBUST_SPECS: readonly ModelSpec[] = [
  spec('mlp', 'MLP Classifier', 'classification', false, (p) => new MLPClassifier(p), MLP_SPACE),
  spec('mlp', 'MLP Regressor', 'regression', false, (p) => new MLPRegressor(p), MLP_SPACE),
  spec('ard', 'Automatic Relevance Determination', 'regression', true, (p) => new ARDRegression(p), {
    alpha1: PRIORS,
    alpha2: PRIORS,
    lambda1: PRIORS,
    lambda2: PRIORS,
    thresholdLambda: arange(5000, 60000, 5000),
    fitIntercept: [true, false],
  }),
  // PyCaret's ransac grid; min_samples there starts at 0, which scikit-learn rejects, so it starts at 0.05 here
  spec('ransac', 'Random Sample Consensus', 'regression', true, (p) => new RANSACRegressor(p), {
    minSamples: arange(0.05, 0.95, 0.05),
    maxTrials: ints(1, 20),
    maxSkips: ints(1, 20),
    stopNInliers: ints(1, 25),
    stopProbability: arange(0, 1, 0.05),
    loss: ['absolute_error', 'squared_error'],
  }),
  spec('tr', 'TheilSen Regressor', 'regression', false, (p) => new TheilSenRegressor(p), {
    maxSubpopulation: arange(500, 50000, 500),
  }),
];
