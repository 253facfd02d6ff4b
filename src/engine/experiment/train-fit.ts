import type { MetricName } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import { Pipeline } from '../pipeline/pipeline.js';
import type { Experiment } from './experiment.js';
import { fitTargetTransform, targetsAt } from './fold-data.js';
import { trainingMatrix } from './train-rows.js';
import { onOriginalScale } from '../preprocessing/target-transform.js';
import { round4 } from './metric-names.js';
import { scoreEstimator } from './scoring.js';

/** Refits a model on the whole train part (with the train part's preprocessor) into a pipeline. */
export function fitOnTrain(exp: Experiment, spec: ModelSpec, params: Params): { pipeline: Pipeline; fitSeconds: number } {
  const { X, y } = trainingMatrix(exp, exp.train, exp.trainPreprocessor, exp.preprocess.featureTypes, exp.rowSteps);
  const est = spec.create(params);
  const t = fitTargetTransform(exp, y);
  const t0 = performance.now();
  est.fit(X, t ? t.transform(y) : y, { cache: new Map() });
  const fitSeconds = (performance.now() - t0) / 1000;
  const pipeline = new Pipeline(exp.task, exp.target, spec.id, spec.name, exp.trainPreprocessor, est, exp.classes, t);
  pipeline.withShapBackground(X);
  return { pipeline, fitSeconds };
}

/** Scores a train-part pipeline on the test part and emits model.holdout.scored (null when there is no test part). */
export function scoreHoldout(exp: Experiment, pipeline: Pipeline, fitSeconds: number): Partial<Record<MetricName, number>> | null {
  if (exp.test.length === 0) return null;
  const X = pipeline.preprocessor.transform(exp.frame, exp.test);
  const scores = scoreEstimator(onOriginalScale(pipeline.estimator, pipeline.targetTransform), X, targetsAt(exp.y, exp.test), exp.task, exp.classes?.length ?? 0, exp.analysisOptions.probabilityThreshold);
  const holdout: Partial<Record<MetricName, number>> = {};
  for (const m of exp.metrics) holdout[m] = scores[m];
  const shown: Partial<Record<MetricName, number>> = {};
  for (const m of exp.metrics) shown[m] = round4(scores[m]);
  exp.logger.emit({
    kind: 'model.holdout.scored',
    message: `${pipeline.modelName} refitted on the train part (${exp.train.length} rows) and scored on the test part (${exp.test.length} rows)`,
    durationMs: fitSeconds * 1000,
    payload: { modelId: pipeline.modelId, modelName: pipeline.modelName, metrics: shown, testRows: exp.test.length, fitSeconds: round4(fitSeconds) },
  });
  return holdout;
}
