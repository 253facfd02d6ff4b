import type { RegressionMetric } from '../types.js';
import type { Matrix } from '../core/matrix.js';
import { regressionScores } from '../metrics/regression.js';
import { sortImportances } from './sort-importances.js';
import { cooksDistance, histogram, MAX_RESIDUAL_POINTS, predictionError, residualPoints, residuals } from './regression-diagnostics.js';
import type { FeatureImportance, ModelAnalysis } from './types.js';
import { checkFinite, checkSameLength } from './validate.js';

export interface RegressorAnalysisInput {
  modelId: string;
  yTrue: Float64Array;
  yPred: Float64Array;
  /** Seed of the residual sampling above `maxResidualPoints` rows (the session id). */
  seed: number;
  maxResidualPoints?: number;
  histogramBins?: number;
  featureImportance?: readonly FeatureImportance[];
  /** Linear models: the train fit's design matrix (intercept column included), target and fitted values. */
  linearFit?: { design: Matrix; y: Float64Array; fitted: Float64Array };
}

/** The holdout analysis of a regressor: residual points (sampled), residual histogram, prediction error line, R2, Cook's distance. */
export function analyseRegressor(input: RegressorAnalysisInput): ModelAnalysis {
  const { yTrue, yPred } = input;
  checkSameLength('yTrue', yTrue, 'yPred', yPred);
  checkFinite('yTrue', yTrue);
  checkFinite('yPred', yPred);
  const scores = regressionScores(yTrue, yPred);
  const sample = residualPoints(yTrue, yPred, input.seed, input.maxResidualPoints ?? MAX_RESIDUAL_POINTS);
  const cooks = input.linearFit ? cooksDistance(input.linearFit.design, input.linearFit.y, input.linearFit.fitted) : null;
  return {
    modelId: input.modelId,
    holdout: (Object.keys(scores) as RegressionMetric[]).map((metric) => ({ metric, mean: scores[metric], std: 0 })),
    confusionMatrix: null,
    rocCurves: [],
    prCurves: [],
    residuals: sample.points,
    featureImportance: sortImportances(input.featureImportance ?? []),
    classification: null,
    regression: {
      residualHistogram: histogram(residuals(yTrue, yPred), input.histogramBins ?? 20),
      predictionError: predictionError(yTrue, yPred),
      residualRows: sample.rows,
      cooksDistance: cooks ? Array.from(cooks.distance) : null,
    },
  };
}
