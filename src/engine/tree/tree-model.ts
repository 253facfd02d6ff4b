// Old path of the dt / rf / et estimator base, now ForestEstimator in forest-estimator.ts; kept while files
// written against it land.
export { ForestEstimator as TreeModel, TreeClassifierModel, TreeRegressorModel } from './forest-estimator.js';
