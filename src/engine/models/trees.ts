import type { TaskType } from '../types.js';
import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import { EngineInputError, isEngineInputError } from '../errors.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from '../ensemble/forest.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../tree/decision-tree.js';
import type { TreeParams } from '../tree/params.js';
import type { ForestEstimator } from '../tree/forest-estimator.js';

// Tune grids as PyCaret 3.2's (np_list_arange written out, names in camelCase). Left out: criterion
// 'absolute_error' (no histogram form here); PyCaret's class_weight {} is null.
const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
};
const MIN_IMPURITY_DECREASE = [0, 0.0001, 0.001, 0.01, 0.0002, 0.002, 0.02, 0.0005, 0.005, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5];
const MAX_FEATURES = [1, 'sqrt', 'log2'];
const MIN_SAMPLES_SPLIT = [2, 5, 7, 9, 10];
const MIN_SAMPLES_LEAF = [2, 3, 4, 5, 6];

function dtSpace(task: TaskType): Record<string, unknown[]> {
  return {
    maxDepth: range(1, 16, 1),
    maxFeatures: MAX_FEATURES,
    minSamplesLeaf: MIN_SAMPLES_LEAF,
    minSamplesSplit: MIN_SAMPLES_SPLIT,
    criterion: task === 'classification' ? ['gini', 'entropy'] : ['squared_error', 'friedman_mse'],
    minImpurityDecrease: MIN_IMPURITY_DECREASE,
  };
}

function forestSpace(task: TaskType): Record<string, unknown[]> {
  const space: Record<string, unknown[]> = {
    nEstimators: range(10, 300, 10),
    maxDepth: range(1, 11, 1),
    minImpurityDecrease: MIN_IMPURITY_DECREASE,
    maxFeatures: MAX_FEATURES,
    bootstrap: [true, false],
    criterion: task === 'classification' ? ['gini', 'entropy'] : ['squared_error', 'friedman_mse'],
    minSamplesSplit: MIN_SAMPLES_SPLIT,
    minSamplesLeaf: MIN_SAMPLES_LEAF,
  };
  if (task === 'classification') space.classWeight = ['balanced', 'balanced_subsample', null];
  return space;
}

type TreeCtor = new (params?: Partial<TreeParams>) => ForestEstimator;

function spec(id: 'dt' | 'rf' | 'et', name: string, task: TaskType, Ctor: TreeCtor, searchSpace: Record<string, unknown[]>): ModelSpec {
  const type = new Ctor().type;
  return {
    id,
    name,
    task,
    turbo: true,
    create: (params?: Params): Estimator => new Ctor(params as Partial<TreeParams> | undefined),
    revive: (json: EstimatorJSON): Estimator => {
      if (typeof json !== 'object' || json === null || json.type !== type) {
        throw new EngineInputError('BAD_PIPELINE', `expected a "${type}" model state`, 'pipeline');
      }
      if (typeof json.params !== 'object' || json.params === null || Array.isArray(json.params)) {
        throw new EngineInputError('BAD_PIPELINE', `${type}: params is not an object`, 'pipeline');
      }
      try {
        return new Ctor(json.params as Partial<TreeParams>).restore(json.state);
      } catch (e) {
        if (isEngineInputError(e) && e.code === 'BAD_PIPELINE') throw e;
        throw new EngineInputError('BAD_PIPELINE', `${type}: ${e instanceof Error ? e.message : String(e)}`, 'pipeline');
      }
    },
    searchSpace,
  };
}

export const TREE_SPECS: readonly ModelSpec[] = [
  spec('dt', 'Decision Tree Classifier', 'classification', DecisionTreeClassifier, dtSpace('classification')),
  spec('rf', 'Random Forest Classifier', 'classification', RandomForestClassifier, forestSpace('classification')),
  spec('et', 'Extra Trees Classifier', 'classification', ExtraTreesClassifier, forestSpace('classification')),
  spec('dt', 'Decision Tree Regressor', 'regression', DecisionTreeRegressor, dtSpace('regression')),
  spec('rf', 'Random Forest Regressor', 'regression', RandomForestRegressor, forestSpace('regression')),
  spec('et', 'Extra Trees Regressor', 'regression', ExtraTreesRegressor, forestSpace('regression')),
];
