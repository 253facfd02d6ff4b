import type { FeatureImportance, HoldoutPredictions, RunModelAnalysis } from '../types.js';
import { analyseClassifier, analyseRegressor, boostingGainImportance, forestImpurityImportance, linearImportance, permutationImportance, shapSummary, toFeatureImportances, treeImpurityImportance, type ShapModel } from '../analysis/index.js';
import { matrix, type Matrix } from '../core/matrix.js';
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
  return { design, y: ytrain, fitted: pipeline.estimator.predict(Xtrain) };
}

/**
 * The holdout analysis of a pipeline fitted on the train part (PyCaret's plot_model / interpret_model as data):
 * permutation importance over the input columns (seeded by sessionId; score = Accuracy with the probability
 * threshold, or R2), native importance, TreeSHAP summary, the classifier's or regressor's diagnostics, and the
 * holdout predictions.
 */
export function analysePipeline(exp: Experiment, pipeline: Pipeline): { analysis: RunModelAnalysis; predictions: HoldoutPredictions } {
  const t0 = performance.now();
  const est = pipeline.estimator;
  const opts = exp.analysisOptions;
  const seed = exp.setup.sessionId;
  const Xtest = pipeline.preprocessor.transform(exp.frame, exp.test);
  const ytest = targetsAt(exp.y, exp.test);
  const Xtrain = pipeline.preprocessor.transform(exp.frame, exp.train);
  const ytrain = targetsAt(exp.y, exp.train);
  const enc = encodedSources(pipeline);
  const k = exp.classes?.length ?? 0;
  const threshold = opts.probabilityThreshold;

  const score = (X: Matrix): number => {
    if (exp.task === 'regression') return regressionScores(ytest, est.predict(X)).R2;
    const pred = predictWithThreshold(est, X, threshold !== undefined ? classProbabilities(est, X, k) : null, threshold);
    return classificationScores(ytest, pred, null, k).Accuracy;
  };
  const permutation = (blocks: number[][], columns: readonly string[]): FeatureImportance[] =>
    permutationImportance({ columns, nRows: Xtest.rows, nRepeats: opts.repeats, seed, score: (c, order) => (c === null || order === null ? score(Xtest) : score(permuteBlock(Xtest, blocks[c] as number[], order))) }).importances;
  const rawPermutation = permutation(enc.blocks, enc.columns);
  const oneToOne = enc.blocks.every((b) => b.length === 1);

  const shap = pipeline.shapModel();
  const native = nativeImportance(exp, pipeline, Xtrain, ytrain, shap);
  const shapRaw = shap ? shapSummary(shap, Xtest, enc.names, enc.sources, seed) : null;
  const shapEncoded = shap ? (oneToOne ? shapRaw : shapSummary(shap, Xtest, enc.names, null, seed)) : null;
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
