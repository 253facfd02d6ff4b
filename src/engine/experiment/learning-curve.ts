import type { LearningCurvePoint, MetricName } from '../types.js';
import type { Params } from '../core/estimator.js';
import { takeRows, takeValues } from '../core/matrix.js';
import { npMean, npStd } from '../metrics/numpy-math.js';
import type { Experiment } from './experiment.js';
import { FoldData } from './fold-data.js';
import { defaultSortMetric } from './metric-names.js';
import { scoreEstimator } from './scoring.js';
import { onOriginalScale, TargetTransform } from '../preprocessing/target-transform.js';

/** scikit-learn's learning_curve default train_sizes, np.linspace(0.1, 1.0, 5). */
export const LEARNING_CURVE_SIZES = [0.1, 0.325, 0.55, 0.775, 1.0] as const;

/**
 * scikit-learn's learning_curve over the experiment's CV folds: for each train size, the model is fitted on the
 * first ⌊size · n⌋ rows of each fold's train part (as learning_curve slices train[:n]) and scored with the task's
 * default metric on that subset and on the fold's validation part. Each fold keeps the preprocessing fitted on
 * its whole train part (caretql's folds are preprocessed once; learning_curve refits a pipeline per subset).
 */
export function learningCurve(exp: Experiment, modelId: string, params: Params): { metric: MetricName; points: LearningCurvePoint[] } {
  const spec = exp.registry.get(exp.task, modelId);
  const metric = defaultSortMetric(exp.task);
  const folds = new FoldData(exp);
  const k = exp.classes?.length ?? 0;
  const threshold = exp.analysisOptions.probabilityThreshold;
  const points = LEARNING_CURVE_SIZES.map((size): LearningCurvePoint => {
    const train: number[] = [];
    const validation: number[] = [];
    let n = 0;
    for (let f = 0; f < folds.count; f++) {
      const fold = folds.get(f);
      n = Math.max(1, Math.floor(size * fold.X.rows));
      const idx = Array.from({ length: n }, (_, i) => i);
      const X = takeRows(fold.X, idx);
      const y = takeValues(fold.y, idx);
      try {
        const fitted = spec.create(params).fit(X, y, { cache: new Map() });
        const t = fold.target ? TargetTransform.fromJSON(fold.target) : null;
        const est = onOriginalScale(fitted, t);
        train.push(scoreEstimator(est, X, t ? t.inverse(y) : y, exp.task, k, threshold)[metric]);
        validation.push(scoreEstimator(est, fold.Xv, fold.yv, exp.task, k, threshold)[metric]);
      } catch {
        // a subset the model cannot fit (e.g. one class only) scores NaN, as learning_curve's error_score=np.nan
        train.push(NaN);
        validation.push(NaN);
      }
    }
    return { trainSize: n, trainScore: npMean(train), trainScoreStd: npStd(train), validationScore: npMean(validation), validationScoreStd: npStd(validation) };
  });
  return { metric, points };
}
