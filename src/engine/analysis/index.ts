// The model-analysis library: pure functions over holdout truth, predictions, probabilities and fitted trees.
// Entry points: analyseClassifier / analyseRegressor (a ModelAnalysis, see types.ts); importances and
// TreeSHAP are computed beside them and passed in as featureImportance.
export type * from './types.js';
export { analyseClassifier, type ClassifierAnalysisInput } from './analyse-classifier.js';
export { sortImportances } from './sort-importances.js';
export { analyseRegressor, type RegressorAnalysisInput } from './analyse-regressor.js';
export { averagePrecision, binaryCounts, downsample, MAX_CURVE_POINTS, prCurve, prPoints, rocCurve, rocPoints } from './binary-curves.js';
export { calibrationCurve } from './calibration.js';
export { classReport, confusionMatrix } from './confusion.js';
export { liftGain } from './lift-gain.js';
export { optimizeThreshold, THRESHOLD_METRICS, thresholdCurve, thresholdGrid } from './threshold.js';
export { cooksDistance, histogram, MAX_RESIDUAL_POINTS, predictionError, residualPoints, residuals } from './regression-diagnostics.js';
export { permutationImportance, permutationRowOrders, type PermutationImportanceInput, type PermutationImportanceResult, type PermutedColumnScores, type PermutedScore } from './permutation-importance.js';
export { boostingGainImportance, forestImpurityImportance, linearImportance, toFeatureImportances, treeImpurityImportance } from './native-importance.js';
export { expectedValue, meanAbsShap, modelOutput, treeShap, type ShapModel, type ShapTree, type ShapValues, type TreeShapAlgorithm } from './tree-shap.js';
export { gaussLegendre01, quadraturePoints } from './linear-tree-shap.js';
export { shapModelFor, shapModelFromAdaStumps, shapModelFromAdditive, shapModelFromForest, shapTreeFromBoosting, shapTreeFromTreeArrays } from './shap-adapters.js';
export { MAX_SHAP_SUMMARY_ROWS, shapSummaries, shapSummary } from './shap-summary.js';
