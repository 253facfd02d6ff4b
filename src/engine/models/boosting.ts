import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import { EngineInputError, isEngineInputError } from '../errors.js';
import { AdaBoostClassifier } from '../boosting/ada-classifier.js';
import { AdaBoostRegressor } from '../boosting/ada-regressor.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../boosting/gradient-boosting.js';
import { LightGbmClassifier, LightGbmRegressor } from '../boosting/lightgbm.js';

// Tune grids as PyCaret 3.2's (np_list_arange ranges written out; names in our camelCase).
const LEARNING_RATES = [5e-7, 1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, 5e-2, 1e-1, 0.15, 0.2, 0.3, 0.4, 0.5];
const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) out.push(Math.round((from + i * step) * 1e6) / 1e6);
  return out;
};
const REG = [1e-7, 1e-6, 1e-4, 1e-3, 1e-2, 5e-4, 5e-3, 5e-2, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 1, 2, 3, 4, 5, 10];

const LIGHTGBM_SPACE: Record<string, unknown[]> = {
  numLeaves: [2, 4, 6, 8, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 150, 200, 256],
  learningRate: LEARNING_RATES,
  nEstimators: range(10, 300, 10),
  minSplitGain: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  regAlpha: REG,
  regLambda: REG,
  featureFraction: range(0.4, 1, 0.1),
  baggingFraction: range(0.4, 1, 0.1),
  baggingFreq: [0, 1, 2, 3, 4, 5, 6, 7],
  minChildSamples: range(1, 100, 5),
};

const GRADIENT_BOOSTING_SPACE: Record<string, unknown[]> = {
  nEstimators: range(10, 300, 10),
  learningRate: LEARNING_RATES,
  subsample: range(0.2, 1, 0.05),
  minSamplesSplit: [2, 4, 5, 7, 9, 10],
  minSamplesLeaf: [1, 2, 3, 4, 5],
  maxDepth: range(1, 11, 1),
  minImpurityDecrease: [0, 1e-4, 1e-3, 1e-2, 2e-4, 2e-3, 2e-2, 5e-4, 5e-3, 5e-2, 0.1, 0.2, 0.3, 0.4, 0.5],
  maxFeatures: [1.0, 'sqrt', 'log2'],
};

const ADA_CLASSIFIER_SPACE: Record<string, unknown[]> = {
  nEstimators: range(10, 300, 10),
  learningRate: LEARNING_RATES,
  algorithm: ['SAMME', 'SAMME.R'],
};
const ADA_REGRESSOR_SPACE: Record<string, unknown[]> = {
  nEstimators: range(10, 300, 10),
  learningRate: LEARNING_RATES,
  loss: ['linear', 'square', 'exponential'],
};

/**
 * Rebuilds an estimator from JSON with `fromJSON`; any malformed input (bad params included) becomes
 * EngineInputError('BAD_PIPELINE').
 */
function reviver(type: string, fromJSON: (json: EstimatorJSON) => Estimator): (json: EstimatorJSON) => Estimator {
  return (json) => {
    if (typeof json !== 'object' || json === null || json.type !== type) {
      throw new EngineInputError('BAD_PIPELINE', `expected a "${type}" model state`, 'pipeline');
    }
    if (typeof json.params !== 'object' || json.params === null || Array.isArray(json.params)) {
      throw new EngineInputError('BAD_PIPELINE', `${type}: params is not an object`, 'pipeline');
    }
    try {
      return fromJSON(json);
    } catch (e) {
      if (isEngineInputError(e) && e.code === 'BAD_PIPELINE') throw e;
      throw new EngineInputError('BAD_PIPELINE', `${type}: ${e instanceof Error ? e.message : String(e)}`, 'pipeline');
    }
  };
}

export const BOOSTING_SPECS: readonly ModelSpec[] = [
  {
    id: 'ada',
    name: 'Ada Boost Classifier',
    task: 'classification',
    turbo: true,
    create: (params?: Params) => new AdaBoostClassifier(params),
    revive: reviver(AdaBoostClassifier.TYPE, (j) => AdaBoostClassifier.fromJSON(j)),
    searchSpace: ADA_CLASSIFIER_SPACE,
  },
  {
    id: 'ada',
    name: 'AdaBoost Regressor',
    task: 'regression',
    turbo: true,
    create: (params?: Params) => new AdaBoostRegressor(params),
    revive: reviver(AdaBoostRegressor.TYPE, (j) => AdaBoostRegressor.fromJSON(j)),
    searchSpace: ADA_REGRESSOR_SPACE,
  },
  {
    id: 'gbc',
    name: 'Gradient Boosting Classifier',
    task: 'classification',
    turbo: true,
    create: (params?: Params) => new GradientBoostingClassifier(params),
    revive: reviver(GradientBoostingClassifier.TYPE, (j) => GradientBoostingClassifier.fromJSON(j)),
    searchSpace: GRADIENT_BOOSTING_SPACE,
  },
  {
    id: 'gbr',
    name: 'Gradient Boosting Regressor',
    task: 'regression',
    turbo: true,
    create: (params?: Params) => new GradientBoostingRegressor(params),
    revive: reviver(GradientBoostingRegressor.TYPE, (j) => GradientBoostingRegressor.fromJSON(j)),
    searchSpace: GRADIENT_BOOSTING_SPACE,
  },
  {
    id: 'lightgbm',
    name: 'Light Gradient Boosting Machine',
    task: 'classification',
    turbo: true,
    create: (params?: Params) => new LightGbmClassifier(params),
    revive: reviver(LightGbmClassifier.TYPE, (j) => LightGbmClassifier.fromJSON(j)),
    searchSpace: LIGHTGBM_SPACE,
  },
  {
    id: 'lightgbm',
    name: 'Light Gradient Boosting Machine',
    task: 'regression',
    turbo: true,
    create: (params?: Params) => new LightGbmRegressor(params),
    revive: reviver(LightGbmRegressor.TYPE, (j) => LightGbmRegressor.fromJSON(j)),
    searchSpace: LIGHTGBM_SPACE,
  },
];
