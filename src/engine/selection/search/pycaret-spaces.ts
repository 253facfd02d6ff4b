// PyCaret 3's tune_distributions per model (pycaret/containers/models/classification.py and regression.py),
// in the engine's parameter names. As PyCaret's leftover_parameters_to_categorical_distributions, every other
// parameter of the model's tune grid (ModelSpec.searchSpace, already PyCaret's tune_grid) becomes categorical.
// Left out where the engine model lacks the parameter: svm l1_ratio, lar / llar eps; mlp's per-layer sizes stay
// the grid's categorical hiddenLayerSizes. PyCaret's rbfsvm / svr C lower bound 0 is raised (the solver needs C > 0).
import type { TaskType } from '../../types.js';
import type { ModelSpec } from '../../core/estimator.js';
import { gridToSpace, intUniform, logUniform, uniform, type SearchSpace } from './distributions.js';

type SpaceFor = (nFeatures: number) => SearchSpace;

const TREE = { maxDepth: intUniform(1, 16), maxFeatures: uniform(0.4, 1), minSamplesLeaf: intUniform(2, 6), minSamplesSplit: intUniform(2, 10), minImpurityDecrease: logUniform(1e-9, 0.5) };
const RF = { nEstimators: intUniform(10, 300), maxDepth: intUniform(1, 11), minImpurityDecrease: logUniform(1e-9, 0.5), maxFeatures: uniform(0.4, 1), minSamplesSplit: intUniform(2, 10), minSamplesLeaf: intUniform(2, 6) };
const ET = { nEstimators: intUniform(10, 300), maxDepth: intUniform(1, 11), minSamplesSplit: intUniform(2, 10), minSamplesLeaf: intUniform(1, 5), maxFeatures: uniform(0.4, 1), minImpurityDecrease: logUniform(1e-9, 0.5) };
const ADA = { nEstimators: intUniform(10, 300), learningRate: logUniform(1e-6, 0.5) };
const GB = {
  nEstimators: intUniform(10, 300),
  learningRate: logUniform(1e-6, 0.5),
  subsample: uniform(0.2, 1),
  minSamplesSplit: intUniform(2, 10),
  minSamplesLeaf: intUniform(1, 5),
  maxDepth: intUniform(1, 11),
  maxFeatures: uniform(0.4, 1),
  minImpurityDecrease: logUniform(1e-9, 0.5),
};
const LIGHTGBM = {
  numLeaves: intUniform(2, 256),
  learningRate: logUniform(1e-6, 0.5),
  nEstimators: intUniform(10, 300),
  minSplitGain: uniform(0, 1),
  regAlpha: logUniform(1e-10, 10),
  regLambda: logUniform(1e-10, 10),
  featureFraction: uniform(0.4, 1),
  baggingFraction: uniform(0.4, 1),
  baggingFreq: intUniform(0, 7),
  minChildSamples: intUniform(1, 100),
};
const KNN = { nNeighbors: intUniform(1, 51) };
const BR = { alpha1: logUniform(1e-10, 0.9999999999), alpha2: logUniform(1e-10, 0.9999999999), lambda1: logUniform(1e-10, 0.9999999999), lambda2: logUniform(1e-10, 0.9999999999) };

export const PYCARET_DISTRIBUTIONS: Record<TaskType, Record<string, SpaceFor>> = {
  classification: {
    lr: () => ({ C: uniform(0.001, 10) }),
    knn: () => KNN,
    nb: () => ({ varSmoothing: logUniform(1e-9, 1) }),
    dt: () => TREE,
    svm: () => ({ alpha: logUniform(1e-10, 0.9999999999), eta0: logUniform(0.001, 0.5) }),
    rbfsvm: () => ({ C: uniform(0.0001, 50) }),
    gpc: () => ({ maxIterPredict: intUniform(100, 1000) }),
    mlp: () => ({ alpha: logUniform(1e-10, 0.9999999999) }),
    ridge: () => ({ alpha: uniform(0.001, 10) }),
    rf: () => RF,
    qda: () => ({ regParam: uniform(0, 1) }),
    ada: () => ADA,
    gbc: () => GB,
    lda: () => ({ shrinkage: logUniform(0.0001, 1) }),
    et: () => ET,
    lightgbm: () => LIGHTGBM,
    dummy: () => ({}),
  },
  regression: {
    lr: () => ({}),
    lasso: () => ({ alpha: uniform(0.001, 10) }),
    ridge: () => ({ alpha: uniform(0.001, 10) }),
    en: () => ({ alpha: uniform(0, 1), l1Ratio: uniform(0.01, 0.9999999999) }),
    lar: () => ({}),
    llar: () => ({ alpha: logUniform(1e-10, 0.9999999999) }),
    omp: (p) => ({ nNonzeroCoefs: intUniform(1, Math.max(1, p)) }),
    br: () => BR,
    ard: () => ({ ...BR, thresholdLambda: intUniform(1000, 100000) }),
    ransac: () => ({ minSamples: uniform(0.05, 1), maxTrials: intUniform(1, 20), maxSkips: intUniform(1, 20), stopNInliers: intUniform(1, 25), stopProbability: uniform(0, 1) }),
    tr: () => ({ maxSubpopulation: intUniform(500, 50000) }),
    kr: () => ({}),
    svm: () => ({ C: uniform(0.0001, 10), epsilon: uniform(1, 2) }),
    mlp: () => ({ alpha: logUniform(1e-10, 0.9999999999) }),
    par: () => ({ C: uniform(0, 10), epsilon: uniform(1e-10, 0.9999999999) }),
    huber: () => ({ epsilon: uniform(1, 2), alpha: uniform(1e-10, 0.9999999999) }),
    knn: () => KNN,
    dt: () => TREE,
    rf: () => RF,
    et: () => ET,
    ada: () => ADA,
    gbr: () => GB,
    lightgbm: () => LIGHTGBM,
    dummy: () => ({}),
  },
};

/** PyCaret's default tune space of a model: its distributions, plus its tune grid's other parameters as categorical. */
export function pycaretSearchSpace(spec: Pick<ModelSpec, 'id' | 'task' | 'searchSpace'>, nFeatures: number): SearchSpace {
  const dist = PYCARET_DISTRIBUTIONS[spec.task][spec.id]?.(nFeatures) ?? {};
  return { ...gridToSpace(spec.searchSpace), ...dist };
}
