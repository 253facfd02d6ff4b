import type { TreeParams } from '../tree/params.js';
import { TreeClassifierModel, TreeRegressorModel } from '../tree/forest-estimator.js';

// Forests of histogram trees (see src/engine/tree/tree-model.ts for the shared fitting rules).

/** scikit-learn 1.2's RandomForestClassifier: 100 bootstrap trees, sqrt(features) per split, mean probabilities. */
export class RandomForestClassifier extends TreeClassifierModel {
  readonly type = 'RandomForestClassifier';
  constructor(params?: Partial<TreeParams>) {
    super('rf', 'classification', params);
  }
  protected make(params: Partial<TreeParams>): RandomForestClassifier {
    return new RandomForestClassifier(params);
  }
}

/** scikit-learn 1.2's RandomForestRegressor: 100 bootstrap trees over all features, mean prediction. */
export class RandomForestRegressor extends TreeRegressorModel {
  readonly type = 'RandomForestRegressor';
  constructor(params?: Partial<TreeParams>) {
    super('rf', 'regression', params);
  }
  protected make(params: Partial<TreeParams>): RandomForestRegressor {
    return new RandomForestRegressor(params);
  }
}

/** scikit-learn 1.2's ExtraTreesClassifier: 100 trees on all rows, random thresholds, sqrt(features) per split. */
export class ExtraTreesClassifier extends TreeClassifierModel {
  readonly type = 'ExtraTreesClassifier';
  constructor(params?: Partial<TreeParams>) {
    super('et', 'classification', params);
  }
  protected make(params: Partial<TreeParams>): ExtraTreesClassifier {
    return new ExtraTreesClassifier(params);
  }
}

/** scikit-learn 1.2's ExtraTreesRegressor: 100 trees on all rows, random thresholds over all features. */
export class ExtraTreesRegressor extends TreeRegressorModel {
  readonly type = 'ExtraTreesRegressor';
  constructor(params?: Partial<TreeParams>) {
    super('et', 'regression', params);
  }
  protected make(params: Partial<TreeParams>): ExtraTreesRegressor {
    return new ExtraTreesRegressor(params);
  }
}
