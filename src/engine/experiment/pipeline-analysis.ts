import { onOriginalScale } from '../preprocessing/target-transform.js';
import type { FeatureImportance, HoldoutPredictions, RunModelAnalysis } from '../types.js';
import { analyseClassifier, analyseRegressor, boostingGainImportance, forestImpurityImportance, linearImportance, permutationImportance, MAX_SHAP_SUMMARY_ROWS, shapSummary, toFeatureImportances, treeImpurityImportance, type ShapModel } from '../analysis/index.js';
import { matrix, takeRows, takeValues, type Matrix } from '../core/matrix.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { classificationScores } from '../metrics/classification.js';
import { regressionScores } from '../metrics/regression.js';
import { ForestEstimator } from '../tree/forest-estimator.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Experiment } from './experiment.js';
import { targetsAt } from './fold-data.js';
import { learningCurve } from './learning-curve.js';
import { classProbabilities, predictWithThreshold } from './scoring.js';

/** Above this many train rows Cook's distance (one value per train row) is not computed. */
export const MAX_COOKS_ROWS = 5000;

/**
 * Work budget of the TreeSHAP summary: rows × Σ over trees and leaves of depth² (Algorithm 2's cost per row).
 * Deep ensembles (et: fully grown random trees) cost ~10⁷ per row, so the summary explains a seeded sample of
 * the holdout that fits the budget (at least MIN_SHAP_ROWS rows) instead of every row.
 */
export const SHAP_SUMMARY_BUDGET = 3e7;
export const MIN_SHAP_ROWS = 30;

/** Algorithm 2's work per row: Σ over trees and leaves of depth². */
function shapCostPerRow(model: ShapModel): number {
  let cost = 0;
  for (const t of model.trees) {
    const stack: Array<[number, number]> = [[0, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop() as [number, number];
      if ((t.feature[node] as number) < 0) cost += Math.max(1, depth * depth);
      else stack.push([t.left[node] as number, depth + 1], [t.right[node] as number, depth + 1]);
    }
  }
  return cost;
}

/**
 * Rows the summary explains, and the TreeSHAP variant: Algorithm 2 ('path'), because on a summary's few hundred
 * rows the leaf patterns' precomputation costs more than it saves (breast_cancer et: ~5 s vs ~0.4 s; lightgbm, gbc,
 * rf no slower). Both give the same values up to rounding.
 */
export function shapSummaryPlan(model: ShapModel, rows: number): { rows: number; algorithm: 'path' | 'auto' } {
  return { rows: Math.min(rows, MAX_SHAP_SUMMARY_ROWS, Math.max(MIN_SHAP_ROWS, Math.floor(SHAP_SUMMARY_BUDGET / Math.max(1, shapCostPerRow(model))))), algorithm: 'path' };
}

/**
 * Work budget of permutation importance in predicted rows (rows × input columns × repeats): above it, a seeded
 * sample of the holdout (RandomState(sessionId).permutation, sorted) is permuted instead of every row, as
 * scikit-learn's permutation_importance(max_samples) does. breast_cancer (171 × 30 × 5) stays whole; digits
 * (540 × 64 × 5) uses 156 rows.
 */
export const PERMUTATION_BUDGET = 50_000;

export function permutationRows(nRows: number, nColumns: number, nRepeats: number, seed: number): Int32Array | null {
  const m = Math.max(50, Math.floor(PERMUTATION_BUDGET / Math.max(1, nColumns * nRepeats)));
  if (m >= nRows) return null;
  return Int32Array.from(new NumpyRandomState(seed).permutation(nRows).subarray(0, m)).sort();
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

/** X with the rows of the encoded columns `cols` taken at rowOrder (a raw column permuted = its encoded block permuted). */
function permuteBlock(X: Matrix, cols: readonly number[], rowOrder: Int32Array): Matrix {
  const out = matrix(X.rows, X.cols, Float64Array.from(X.data));
  const w = X.cols;
  for (let i = 0; i < X.rows; i++) {
    const from = (rowOrder[i] as number) * w;
    for (const j of cols) out.data[i * w + j] = X.data[from + j] as number;
  }
  return out;
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

  const sample = permutationRows(Xtest.rows, enc.columns.length, opts.repeats, seed);
  const Xp = sample ? takeRows(Xtest, sample) : Xtest;
  const yp = sample ? takeValues(ytest, sample) : ytest;
  const score = (X: Matrix): number => {
    if (exp.task === 'regression') return regressionScores(yp, est.predict(X)).R2;
    const pred = predictWithThreshold(est, X, threshold !== undefined ? classProbabilities(est, X, k) : null, threshold);
    return classificationScores(yp, pred, null, k).Accuracy;
  };
  const permutation = (blocks: number[][], columns: readonly string[]): FeatureImportance[] =>
    permutationImportance({ columns, nRows: Xp.rows, nRepeats: opts.repeats, seed, score: (c, order) => (c === null || order === null ? score(Xp) : score(permuteBlock(Xp, blocks[c] as number[], order))) }).importances;
  // Matrix steps (polynomial features, PCA, feature selection) make model columns that are no longer blocks of
  // one input column each: importances per input column cannot be read off them, so none are reported.
  const aligned = Xtest.cols === enc.names.length;
  const rawPermutation = aligned ? permutation(enc.blocks, enc.columns) : [];
  const oneToOne = enc.blocks.every((b) => b.length === 1);

  const shap = aligned ? pipeline.shapModel() : null;
  const native = aligned ? nativeImportance(exp, pipeline, Xtrain, ytrain, shap) : null;
  const plan = shap ? shapSummaryPlan(shap, Xtest.rows) : null;
  const shapRaw = shap && plan ? shapSummary(shap, Xtest, enc.names, enc.sources, seed, plan.rows, plan.algorithm) : null;
  const shapEncoded = shap && plan ? (oneToOne ? shapRaw : shapSummary(shap, Xtest, enc.names, null, seed, plan.rows, plan.algorithm)) : null;
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
    learningCurve: curve,
    seconds: Math.round(performance.now() - t0) / 1000,
  };
  return { analysis, predictions };
}
