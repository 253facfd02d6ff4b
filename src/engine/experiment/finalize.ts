import type { PipelineJSON, PlanRequest } from '../types.js';
import { EngineInputError } from '../errors.js';
import { countMissingTarget, encodeTarget, rowsWithTarget, type Frame } from '../frame/index.js';
import { MODEL_REGISTRY, type ModelRegistry } from '../models/registry.js';
import { loadPipeline, Pipeline } from '../pipeline/pipeline.js';
import { appendRows } from '../frame/concat.js';
import { preprocessOptions, validateSetupOptions } from './setup-options.js';
import { fitTraining, rowStepsOf } from './train-rows.js';
import { fitTargetTransform } from './fold-data.js';

/**
 * PyCaret's finalize_model: the pipeline's model, with the same hyper-parameters, refitted with its
 * preprocessing on ALL rows of frame (train and test parts, and the rows of setupParams.testData when given as
 * testFrame), through the same row steps (drop, outliers, SMOTE) as every training part.
 */
export function finalizePipeline(dataset: Frame, req: PlanRequest, json: PipelineJSON, registry: ModelRegistry = MODEL_REGISTRY, testFrame?: Frame): PipelineJSON {
  const fitted = loadPipeline(json, registry);
  if (fitted.task !== req.task) throw new EngineInputError('BAD_PIPELINE', `the pipeline is a ${fitted.task} pipeline, the request is ${req.task}`, 'pipeline');
  if (fitted.target !== req.target) throw new EngineInputError('BAD_PIPELINE', `the pipeline predicts "${fitted.target}", the request's target is "${req.target}"`, 'pipeline');
  const setup = validateSetupOptions(req.setup, req.task);
  const source = setup.testData !== undefined && testFrame ? appendRows(dataset, testFrame, 'setupParams.testData') : dataset;
  const frame = setup.dropMissingTarget && countMissingTarget(source, req.target) > 0 ? source.select(rowsWithTarget(source, req.target)) : source;
  const { y, classes } = encodeTarget(frame, req.target, req.task);
  const features = fitted.preprocessor.inputNames;
  for (const f of features) frame.require(f);
  const all = Int32Array.from({ length: frame.rows }, (_, i) => i);
  const { X, y: yFit, pre } = fitTraining({ frame, features, y, classes }, all, { ...preprocessOptions(setup), ...fitted.preprocessor.typeOptions() }, rowStepsOf(setup));
  const spec = registry.pipelineSpec(req.task, fitted.modelId);
  const t = fitTargetTransform({ task: req.task, setup }, yFit);
  const est = spec.create(fitted.estimator.getParams()).fit(X, t ? t.transform(yFit) : yFit, { cache: new Map() });
  const pipeline = new Pipeline(req.task, req.target, spec.id, spec.name, pre, est, classes, t);
  pipeline.withShapBackground(X);
  return pipeline.toJSON();
}
