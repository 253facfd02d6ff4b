/**
 * The analysis of one fitted model on the holdout, as plain JSON-serialisable data. The field names of
 * ModelAnalysis, ConfusionMatrix, Curve, CurvePoint, ResidualPoint and FeatureImportance are those of the
 * public contract (shared/contract.graphql); everything else is added beside them.
 */
import type { MetricName } from '../types.js';

export interface CurvePoint {
  x: number;
  y: number;
  /** The score threshold of the point; null where the curve has none (e.g. the PR curve's last point). */
  threshold: number | null;
}

/** ROC: x = FPR, y = TPR, area = AUC. PR: x = recall, y = precision, area = average precision. */
export interface Curve {
  label: string;
  area: number;
  points: CurvePoint[];
}

/** counts[actual][predicted], labels in class order. */
export interface ConfusionMatrix {
  labels: string[];
  counts: number[][];
}

/** One row of PyCaret's class_report (scikit-learn's classification_report, zero_division=0). */
export interface ClassReportRow {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** One class's calibration curve: per non-empty bin, the fraction of positives and the mean predicted probability. */
export interface CalibrationCurve {
  label: string;
  /** Number of uniform bins on [0, 1]. */
  bins: number;
  fractionOfPositives: number[];
  meanPredicted: number[];
  /** Rows per non-empty bin. */
  counts: number[];
}

export type ThresholdMetric = 'Accuracy' | 'Precision' | 'Recall' | 'F1' | 'Kappa' | 'MCC';

export interface ThresholdPoint {
  threshold: number;
  Accuracy: number;
  Precision: number;
  Recall: number;
  F1: number;
  Kappa: number;
  MCC: number;
}

export interface OptimalThreshold {
  metric: ThresholdMetric;
  threshold: number;
  value: number;
}

/** Cumulative gain (x = fraction of rows targeted, y = fraction of positives caught) and lift (y = gain / x). */
export interface LiftGain {
  label: string;
  gain: CurvePoint[];
  lift: CurvePoint[];
  /** Kolmogorov-Smirnov statistic: max over thresholds of TPR - FPR, and where it is reached. */
  ks: { statistic: number; threshold: number };
}

export interface ResidualPoint {
  actual: number;
  predicted: number;
}

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

/** Least-squares line of predicted against actual, and R2 as the regression metrics compute it. */
export interface PredictionError {
  slope: number;
  intercept: number;
  r2: number;
}

/** method: "permutation" | "native" | "shap" (mean |SHAP|). */
export interface FeatureImportance {
  feature: string;
  importance: number;
  std: number;
  method: string;
}

export interface ClassificationExtras {
  classReport: ClassReportRow[];
  /** Weighted one-vs-rest mean of the per-class ROC areas (multiclass), else the positive class's area. */
  rocAucWeighted: number;
  calibrationCurves: CalibrationCurve[];
  /** Binary tasks only (empty otherwise). */
  thresholdCurve: ThresholdPoint[];
  optimalThreshold: OptimalThreshold | null;
  /** The threshold the predictions were made with (binary), null for multiclass. */
  probabilityThreshold: number | null;
  liftGain: LiftGain[];
}

export interface RegressionExtras {
  residualHistogram: HistogramBin[];
  predictionError: PredictionError;
  /** Rows of the holdout in residuals (all when ≤ the sample limit), ascending. */
  residualRows: number[];
  /** Linear models: Cook's distance per row of the train fit; null otherwise (or when DᵀD is singular). */
  cooksDistance: number[] | null;
}

export interface ModelAnalysis {
  modelId: string;
  /** Holdout scores; std 0 (a single evaluation). */
  /** Engine metric names; the server maps them to the contract's Metric enum. */
  holdout: { metric: MetricName; mean: number; std: number }[];
  confusionMatrix: ConfusionMatrix | null;
  rocCurves: Curve[];
  prCurves: Curve[];
  residuals: ResidualPoint[];
  featureImportance: FeatureImportance[];
  classification: ClassificationExtras | null;
  regression: RegressionExtras | null;
}
