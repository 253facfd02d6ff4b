import type { MetricName, PipelineJSON, PlanRequest, Prediction } from '../types.js';
import type { Frame } from '../frame/frame.js';
import { MODEL_REGISTRY, type ModelRegistry } from '../models/registry.js';
import { loadPipeline } from '../pipeline/pipeline.js';
import { EngineInputError } from '../errors.js';
import { targetsAt } from './fold-data.js';
import { scoreEstimator } from './scoring.js';
import { onOriginalScale } from '../preprocessing/target-transform.js';
import { setupExperiment } from './setup.js';
import { validatePlanRequest } from './validate-plan.js';

export interface HoldoutPrediction {
  /** Rows of the caller's frame in the test part, in order (rows dropped by setup never appear). */
  rows: number[];
  prediction: Prediction;
  metrics: Partial<Record<MetricName, number>>;
}

/**
 * PyCaret's predict_model(model) without data: the pipeline's predictions on the experiment's test part
 * (the split that setup makes from req.setup), with the task's metrics.
 */
export function predictHoldout(frame: Frame, request: PlanRequest, json: PipelineJSON, registry: ModelRegistry = MODEL_REGISTRY, testFrame?: Frame): HoldoutPrediction {
  const pipeline = loadPipeline(json, registry);
  // Only the setup decides the test part: the plan's own params (a verb's members, a tune's grid) do not apply.
  const req = validatePlanRequest({ ...request, plan: 'setup', params: request.params?.fold ? { fold: request.params.fold } : {} }, frame.names(), registry);
  if (pipeline.task !== req.task || pipeline.target !== req.target)
    throw new EngineInputError('BAD_PIPELINE', `the pipeline predicts "${pipeline.target}" (${pipeline.task}), not "${req.target}" (${req.task})`, 'pipeline');
  const exp = setupExperiment(frame, req, { logger: { emit: () => {} }, registry, ...(testFrame ? { testFrame } : {}) });
  if (exp.test.length === 0) throw new EngineInputError('TOO_FEW_ROWS', 'the setup leaves no test part to predict', 'setupParams.trainSize');
  const X = pipeline.preprocessor.transform(exp.frame, exp.test);
  const scores = scoreEstimator(onOriginalScale(pipeline.estimator, pipeline.targetTransform), X, targetsAt(exp.y, exp.test), exp.task, exp.classes?.length ?? 0);
  const metrics: Partial<Record<MetricName, number>> = {};
  for (const m of exp.metrics) metrics[m] = scores[m];
  const source = exp.sourceRows;
  const rows = source ? Array.from(exp.test, (r) => source[r] as number) : Array.from(exp.test);
  return { rows, prediction: pipeline.predictMatrix(X), metrics };
}
