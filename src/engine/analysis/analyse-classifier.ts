import type { ClassificationMetric } from '../types.js';
import type { Matrix } from '../core/matrix.js';
import { classificationScores } from '../metrics/classification.js';
import { ovrWeightedRocAuc } from '../metrics/roc-auc.js';
import { MAX_CURVE_POINTS, prCurve, rocCurve } from './binary-curves.js';
import { calibrationCurve } from './calibration.js';
import { sortImportances } from './sort-importances.js';
import { classReport, confusionMatrix } from './confusion.js';
import { liftGain } from './lift-gain.js';
import { optimizeThreshold, thresholdCurve, thresholdGrid } from './threshold.js';
import type { Curve, FeatureImportance, LiftGain, ModelAnalysis, ThresholdMetric } from './types.js';
import { checkClassCodes, checkSameLength } from './validate.js';

export interface ClassifierAnalysisInput {
  modelId: string;
  /** Class names in class order; codes in yTrue / yPred index them. */
  classes: readonly string[];
  /** Holdout truth as class codes 0..k-1. */
  yTrue: ArrayLike<number>;
  /** Holdout predictions as class codes (what the run scored: binary ones already use the probability threshold). */
  yPred: ArrayLike<number>;
  /** rows × k class probabilities (column j = class j), null for a model without probabilities. */
  proba: Matrix | null;
  /** Binary tasks: the threshold the predictions use (PyCaret's probability_threshold; default 0.5). */
  probabilityThreshold?: number;
  /** Metric optimize_threshold maximises on the threshold curve (default F1). */
  thresholdMetric?: ThresholdMetric;
  thresholdStep?: number;
  calibrationBins?: number;
  maxCurvePoints?: number;
  /** Importances computed beforehand (permutation, native, SHAP summary); sorted largest first here. */
  featureImportance?: readonly FeatureImportance[];
}

/**
 * The holdout analysis of a classifier: confusion matrix and class report; with probabilities also the
 * ROC / PR / calibration / lift-gain curves per class (binary: the positive class, code 1, only; multiclass:
 * one-vs-rest per class) and, for binary tasks, the threshold curve and its optimum. Without probabilities
 * the curve lists are empty and the AUC is 0, as the AUC metric.
 */
export function analyseClassifier(input: ClassifierAnalysisInput): ModelAnalysis {
  const { classes, yTrue, yPred, proba } = input;
  const k = classes.length;
  checkClassCodes('yTrue', yTrue, k);
  checkSameLength('yTrue', yTrue, 'yPred', yPred);
  if (yTrue.length === 0) throw new RangeError('yTrue is empty');
  if (proba && (proba.rows !== yTrue.length || proba.cols !== k)) throw new RangeError(`proba is ${proba.rows}×${proba.cols}, expected ${yTrue.length}×${k}`);
  const maxPoints = input.maxCurvePoints ?? MAX_CURVE_POINTS;
  const cm = confusionMatrix(yTrue, yPred, classes);
  const scores = classificationScores(Float64Array.from(yTrue), Float64Array.from(yPred), proba, k);
  const holdout = (Object.keys(scores) as ClassificationMetric[]).map((metric) => ({ metric, mean: scores[metric], std: 0 }));

  const rocCurves: Curve[] = [];
  const prCurves: Curve[] = [];
  const calibrationCurves = [];
  const lifts: LiftGain[] = [];
  const n = yTrue.length;
  let rocAucWeighted = 0;
  if (proba) {
    const curveClasses = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
    const isPositive = new Uint8Array(n);
    const column = new Float64Array(n);
    for (const c of curveClasses) {
      let positives = 0;
      for (let i = 0; i < n; i++) {
        isPositive[i] = yTrue[i] === c ? 1 : 0;
        positives += isPositive[i] as number;
        column[i] = proba.data[i * k + c] as number;
      }
      const label = classes[c] as string;
      rocCurves.push(rocCurve(label, isPositive, column, maxPoints));
      prCurves.push(prCurve(label, isPositive, column, maxPoints));
      calibrationCurves.push(calibrationCurve(label, isPositive, column, input.calibrationBins ?? 10));
      if (positives > 0) lifts.push(liftGain(label, isPositive, column));
    }
    rocAucWeighted = k === 2 ? (rocCurves[0] as Curve).area : ovrWeightedRocAuc(yTrue, proba.data, k);
  }
  let thresholdPoints: ReturnType<typeof thresholdCurve> = [];
  let optimal = null;
  if (k === 2 && proba) {
    const positive = new Float64Array(n);
    for (let i = 0; i < n; i++) positive[i] = proba.data[i * 2 + 1] as number;
    thresholdPoints = thresholdCurve(yTrue, positive, thresholdGrid(input.thresholdStep ?? 0.01));
    optimal = optimizeThreshold(thresholdPoints, input.thresholdMetric ?? 'F1');
  }
  return {
    modelId: input.modelId,
    holdout,
    confusionMatrix: cm,
    rocCurves,
    prCurves,
    residuals: [],
    featureImportance: sortImportances(input.featureImportance ?? []),
    classification: {
      classReport: classReport(cm),
      rocAucWeighted,
      calibrationCurves,
      thresholdCurve: thresholdPoints,
      optimalThreshold: optimal,
      probabilityThreshold: k === 2 ? (input.probabilityThreshold ?? 0.5) : null,
      liftGain: lifts,
    },
    regression: null,
  };
}
