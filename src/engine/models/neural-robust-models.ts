// Model specs of the neural and robust-linear estimators (PyCaret ids and names, PyCaret 3.2's tune grids and
// turbo flags: mlp and tr are outside PyCaret's turbo set). Registered in models/registry.ts.
import type { TaskType } from '../types.js';
import type { Estimator, ModelSpec, Params } from '../core/estimator.js';
import { estimatorSpec } from './estimator-spec.js';
import { ARDRegression } from '../linear/ard.js';
import { RANSACRegressor } from '../linear/ransac.js';
import { TheilSenRegressor } from '../linear/theil-sen.js';
import { MLPClassifier, MLPRegressor } from '../neural/mlp.js';

function spec(id: string, name: string, task: TaskType, turbo: boolean, factory: (params: Params) => Estimator, searchSpace: Record<string, unknown[]>): ModelSpec {
  return estimatorSpec(id, name, task, factory, searchSpace, turbo);
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
