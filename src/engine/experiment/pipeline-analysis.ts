import { onOriginalScale } from '../preprocessing/target-transform.js';
import type { FeatureImportance, HoldoutPredictions, RunModelAnalysis } from '../types.js';
import { analyseClassifier, analyseRegressor, boostingGainImportance, forestImpurityImportance, linearImportance, permutationImportance, MAX_SHAP_SUMMARY_ROWS, shapSummaries, toFeatureImportances, treeImpurityImportance, quadraturePoints, type ShapModel, type TreeShapAlgorithm } from '../analysis/index.js';
import { matrix, takeRows, takeValues, type Matrix } from '../core/matrix.js';
import { classificationScores } from '../metrics/classification.js';
import { regressionScores } from '../metrics/regression.js';
import { ForestEstimator } from '../tree/forest-estimator.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Experiment } from './experiment.js';
import { targetsAt } from './fold-data.js';
import { learningCurve } from './learning-curve.js';
import { holdoutPermutationImportance, knnSwappedPredict, permutationRows, type PermutationSource } from './holdout-permutation.js';
import { classProbabilities, predictWithThreshold } from './scoring.js';

/** Above this many train rows Cook's distance (one value per train row) is not computed. */
export const MAX_COOKS_ROWS = 5000;

/**
 * Work budget of the TreeSHAP summary in the linear pass's operations (rows × Σ over trees of nodes ·
 * quadrature points · (1 + 2 · outputs)): above it the summary explains a seeded sample of the holdout that fits
 * (at least MIN_SHAP_ROWS rows, reported as shapRowsExplained). breast_cancer's et (100 unpruned trees,
 * ~300k per row) explains 48 of its 171 rows, lightgbm and rf (~60k) 171; digits' et (10 outputs, ~10⁷) the minimum.
 */
export const SHAP_SUMMARY_BUDGET = 1.5e7;
export const MIN_SHAP_ROWS = 30;

/** The linear TreeSHAP pass's work per row: Σ over trees of nodes · quadrature points · (1 + 2 · outputs). */
export function shapCostPerRow(model: ShapModel): number {
  let cost = 0;
  for (const t of model.trees) cost += t.feature.length * quadraturePoints(t) * (1 + 2 * t.outputs);
  return cost;
}

/** Rows the summary explains and the TreeSHAP variant ('auto': leaf patterns or the linear pass per tree). */
export function shapSummaryPlan(model: ShapModel, rows: number): { rows: number; algorithm: TreeShapAlgorithm } {
  return { rows: Math.min(rows, MAX_SHAP_SUMMARY_ROWS, Math.max(MIN_SHAP_ROWS, Math.floor(SHAP_SUMMARY_BUDGET / Math.max(1, shapCostPerRow(model))))), algorithm: 'auto' };
}

/** Encoded column j of the preprocessor → the input column it comes from. */
export function encodedSources(pipeline: Pipeline): { names: string[]; sources: string[]; columns: string[]; blocks: number[][] } {
  const steps = pipeline.preprocessor.summary().steps.filter((s) => s.outputs.length > 0);
  const names: string[] = [];
  const sources: string[] = [];
  const blocks: number[][] = [];
  for (const s of steps) {
    blocks.push(s.outputs.map((_, i) => names.length + i));
    for (const o of s.outputs) {
      names.push(o);
      sources.push(s.column);
    }
  }
  return { names, sources, columns: steps.map((s) => s.column), blocks };
}

/** The model's native importance per encoded column: impurity (dt/rf/et), gain (boosting), |coef| (linear); null otherwise. */
function nativeImportance(exp: Experiment, pipeline: Pipeline, Xtrain: Matrix, ytrain: Float64Array, shap: ShapModel | null): Float64Array | null {
  const est = pipeline.estimator;
  const p = Xtrain.cols;
  if (est instanceof ForestEstimator) {
    const entropy = est.getParams().criterion === 'entropy';
    const nClasses = exp.classes ? exp.classes.length : null;
    return forestImpurityImportance(est.fittedTrees().map((t) => treeImpurityImportance(t, Xtrain, ytrain, nClasses, p, undefined, entropy)), p);
  }
  if (shap) return boostingGainImportance(shap);
  const state = est.toJSON().state as { coef?: unknown } | null;
  const coef = state?.coef;
  if (Array.isArray(coef) && coef.length > 0 && coef.length % p === 0 && coef.every((c) => typeof c === 'number')) return linearImportance(Float64Array.from(coef as number[]), coef.length / p, p);
  return null;
}

function linearFitOf(pipeline: Pipeline, Xtrain: Matrix, ytrain: Float64Array): { design: Matrix; y: Float64Array; fitted: Float64Array } | undefined {
  const state = pipeline.estimator.toJSON().state as { coef?: unknown } | null;
  if (!Array.isArray(state?.coef) || state.coef.length !== Xtrain.cols || Xtrain.rows > MAX_COOKS_ROWS) return undefined;
  const p = Xtrain.cols + 1;
  const design = matrix(Xtrain.rows, p);
  for (let i = 0; i < Xtrain.rows; i++) {
    design.data[i * p] = 1;
    for (let j = 0; j < Xtrain.cols; j++) design.data[i * p + j + 1] = Xtrain.data[i * Xtrain.cols + j] as number;
  }
  return { design, y: ytrain, fitted: onOriginalScale(pipeline.estimator, pipeline.targetTransform).predict(Xtrain) };
}

/**
 * The holdout analysis of a pipeline fitted on the train part (PyCaret's plot_model / interpret_model as data):
 * permutation importance over the input columns (seeded by sessionId; score = Accuracy with the probability
 * threshold, or R2), native importance, TreeSHAP summary, the classifier's or regressor's diagnostics, and the
 * holdout predictions.
 */
export function analysePipeline(exp: Experiment, pipeline: Pipeline): { analysis: RunModelAnalysis; predictions: HoldoutPredictions } {
  const t0 = performance.now();
  // Predictions on the original scale (transformTarget); native importances read the fitted model itself.
  const est = onOriginalScale(pipeline.estimator, pipeline.targetTransform);
  const opts = exp.analysisOptions;
  const seed = exp.setup.sessionId;
  const Xtest = pipeline.preprocessor.transform(exp.frame, exp.test);
  const ytest = targetsAt(exp.y, exp.test);
  const Xtrain = pipeline.preprocessor.transform(exp.frame, exp.train);
  const ytrain = targetsAt(exp.y, exp.train);
  const enc = encodedSources(pipeline);
  const k = exp.classes?.length ?? 0;
  const threshold = opts.probabilityThreshold;

  // Matrix steps (polynomial features, PCA, feature selection) make model columns that are no longer blocks of
  // one input column each: permutation then permutes the input column's encoded block before those steps.
  const aligned = Xtest.cols === enc.names.length;
  const sample = permutationRows(exp.test.length, enc.columns.length, opts.repeats, seed);
  const permutedRows = sample ? Array.from(sample, (i) => exp.test[i] as number) : exp.test;
  const yp = sample ? takeValues(ytest, sample) : ytest;
  const permSource: PermutationSource = aligned
    ? { E: sample ? takeRows(Xtest, sample) : Xtest, blocks: enc.blocks, columns: enc.columns, toModel: (E) => E }
    : { E: pipeline.preprocessor.encode(exp.frame, permutedRows), blocks: enc.blocks, columns: enc.columns, toModel: (E) => pipeline.preprocessor.transformEncoded(E) };
  const predictRows = (X: Matrix): Float64Array =>
    exp.task === 'regression' ? est.predict(X) : predictWithThreshold(est, X, threshold !== undefined ? classProbabilities(est, X, k) : null, threshold);
  const scorePredicted = (pred: Float64Array): number => (exp.task === 'regression' ? regressionScores(yp, pred).R2 : classificationScores(yp, pred, null, k).Accuracy);
  // knn on column-aligned inputs: distances change only in the permuted column's block (same predictions), so
  // fast that a helper thread (which would take the stacked matrix) would only slow it down
  const swapped = aligned && enc.columns.length > 0 ? knnSwappedPredict(est, permSource.E, k, threshold) : undefined;
  const helper = !swapped && aligned && exp.threads > 1 && exp.permutationHelper
    ? exp.permutationHelper({ task: exp.task, modelId: pipeline.modelId, registry: exp.registry, estimator: () => pipeline.estimator.toJSON(), target: pipeline.targetTransform?.toJSON() ?? null, nClasses: k, probabilityThreshold: threshold, yp })
    : null;
  // native importance and the SHAP summary are computed while a helper worker (if any) already scores permutations
  const side: { shap: ShapModel | null; native: Float64Array | null; plan: ReturnType<typeof shapSummaryPlan> | null; summaries: ReturnType<typeof shapSummaries> | null } = { shap: null, native: null, plan: null, summaries: null };
  const sideWork = (): void => {
    side.shap = aligned ? pipeline.shapModel() : null;
    side.native = aligned ? nativeImportance(exp, pipeline, Xtrain, ytrain, side.shap) : null;
    side.plan = side.shap ? shapSummaryPlan(side.shap, Xtest.rows) : null;
    side.summaries = side.shap && side.plan ? shapSummaries(side.shap, Xtest, enc.names, enc.sources, seed, side.plan.rows, side.plan.algorithm) : null;
  };
  let rawPermutation: FeatureImportance[] = [];
  if (enc.columns.length > 0) rawPermutation = holdoutPermutationImportance(permSource, opts.repeats, seed, predictRows, scorePredicted, helper ?? undefined, sideWork, swapped);
  else sideWork();
  const oneToOne = aligned && enc.blocks.every((b) => b.length === 1);
  const { native, plan, summaries } = side;
  const shapRaw = summaries ? summaries.bySource : null;
  const shapEncoded = summaries ? (oneToOne ? summaries.bySource : summaries.byEncoded) : null;
  const featureImportance = [...rawPermutation, ...(native ? toFeatureImportances(native, enc.names, enc.sources) : []), ...(shapRaw ?? [])];
  const encodedFeatureImportance = [...(oneToOne ? rawPermutation.map((f, c) => ({ ...f, feature: enc.names[c] as string })) : []), ...(native ? toFeatureImportances(native, enc.names, enc.sources, true) : []), ...(shapEncoded ?? [])];

  let base;
  let predicted: Float64Array;
  let proba: Matrix | null = null;
  if (exp.task === 'classification') {
    proba = classProbabilities(est, Xtest, k);
    predicted = predictWithThreshold(est, Xtest, proba, threshold);
    base = analyseClassifier({ modelId: pipeline.modelId, classes: (exp.classes ?? []).map(String), yTrue: ytest, yPred: predicted, proba, probabilityThreshold: threshold, featureImportance });
  } else {
    predicted = est.predict(Xtest);
    base = analyseRegressor({ modelId: pipeline.modelId, yTrue: ytest, yPred: predicted, seed, featureImportance, linearFit: linearFitOf(pipeline, Xtrain, ytrain) });
  }
  const curve = opts.learningCurve ? learningCurve(exp, pipeline.modelId, est.getParams()) : null;
  const classes = exp.classes;
  const label = (v: number): number | string => (classes ? (classes[v] as number | string) : v);
  const source = exp.sourceRows;
  const predictions: HoldoutPredictions = {
    modelId: pipeline.modelId,
    classes: classes ? [...classes] : null,
    rows: source ? Array.from(exp.test, (r) => source[r] as number) : Array.from(exp.test),
    actual: Array.from(ytest, label),
    predicted: Array.from(predicted, label),
    probabilities: proba ? Array.from({ length: proba.rows }, (_, i) => Array.from(proba.data.subarray(i * k, (i + 1) * k))) : null,
  };
  const analysis: RunModelAnalysis = {
    ...base,
    modelName: pipeline.modelName,
    encodedFeatureImportance: [...encodedFeatureImportance].sort((a, b) => b.importance - a.importance),
    shapSummary: shapRaw ? [...shapRaw].sort((a, b) => b.importance - a.importance) : null,
    ...(shapRaw && plan ? { shapRowsExplained: Math.min(plan.rows, Xtest.rows) } : {}),
    ...(rawPermutation.length > 0 ? { permutationRows: permSource.E.rows } : {}),
    learningCurve: curve,
    seconds: Math.round(performance.now() - t0) / 1000,
  };
  return { analysis, predictions };
}
