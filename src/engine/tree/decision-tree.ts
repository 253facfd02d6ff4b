import type { TreeParams } from './params.js';
import { TreeClassifierModel, TreeRegressorModel } from './forest-estimator.js';

/** scikit-learn's DecisionTreeClassifier (gini, unlimited depth, all features) on binned features. */
export class DecisionTreeClassifier extends TreeClassifierModel {
  readonly type = 'DecisionTreeClassifier';
  constructor(params?: Partial<TreeParams>) {
    super('dt', 'classification', params);
  }
  protected make(params: Partial<TreeParams>): DecisionTreeClassifier {
    return new DecisionTreeClassifier(params);
  }
}

/** scikit-learn's DecisionTreeRegressor (squared_error, unlimited depth, all features) on binned features. */
export class DecisionTreeRegressor extends TreeRegressorModel {
  readonly type = 'DecisionTreeRegressor';
  constructor(params?: Partial<TreeParams>) {
    super('dt', 'regression', params);
  }
  protected make(params: Partial<TreeParams>): DecisionTreeRegressor {
    return new DecisionTreeRegressor(params);
  }
}
