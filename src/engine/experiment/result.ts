import type { Leaderboard, MetricName, PlanResult } from '../types.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Experiment } from './experiment.js';

export function planResult(
  exp: Experiment,
  o: {
    leaderboard: Leaderboard | null;
    best: string | null;
    pipeline: Pipeline | null;
    holdout: Partial<Record<MetricName, number>> | null;
    cancelled: boolean;
    extra?: Record<string, unknown>;
  },
): PlanResult {
  return {
    leaderboard: o.leaderboard,
    summary: {
      rows: exp.frame.rows,
      droppedMissingTarget: exp.droppedMissingTarget,
      best: o.best,
      trainRows: exp.train.length,
      testRows: exp.test.length,
      folds: exp.folds.length,
      features: exp.features.length,
      outputFeatures: exp.trainPreprocessor.outputNames.length,
      // Each column's treatment and each matrix transformation (what it took and gave), as in preprocessor.fitted.
      ...exp.trainPreprocessor.runSummary(),
      // Row steps on the training rows (drop, outliers, SMOTE, class weights): what each did to the train part.
      ...(exp.rowSummary.length > 0 ? { rowSteps: exp.rowSummary.map((r) => ({ ...r })) } : {}),
      seconds: Math.round(performance.now() - exp.startedAt) / 1000,
      ...o.extra,
    },
    holdout: o.holdout,
    pipeline: o.pipeline ? o.pipeline.toJSON() : null,
    cancelled: o.cancelled,
    analyses: o.pipeline && !o.cancelled ? [...exp.analyses] : [],
    holdoutPredictions: o.pipeline && !o.cancelled ? exp.holdoutPredictions : null,
  };
}
