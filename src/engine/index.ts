// The engine's only import surface for code outside src/engine (tests/engine/surface.test.ts checks it).
// Everything else in src/engine is internal; the plain-data types live in types.ts and are re-exported here.
import type { ColumnRecord, DatasetProfile, EngineLogger, Explanation, ModelCard, PipelineJSON, PlanRequest, PlanResult, Prediction, SetupOptions, TaskType } from './types.js';
import type { Frame } from './frame/frame.js';
import type { Estimator, Params } from './core/estimator.js';
import { finalizePipeline as finalizeWith } from './experiment/finalize.js';
import { predictHoldout as predictHoldoutWith, type HoldoutPrediction } from './experiment/predict.js';
import { runPlan as runPlanWith } from './experiment/run-plan.js';
import { validateSetupOptions as validateSetup } from './experiment/setup-options.js';
import { validatePlanRequest as validatePlan } from './experiment/validate-plan.js';
import { validatePlanData as validateData } from './experiment/validate-data.js';
import { MODEL_REGISTRY } from './models/registry.js';
import { loadPipeline as loadWith } from './pipeline/pipeline.js';
import { poolRunner } from './parallel/pool-runner.js';
import { permutationHelper } from './parallel/permutation-helper.js';

export * from './types.js';
export { EngineInputError, isEngineInputError } from './errors.js';
export type { Frame } from './frame/frame.js';
export type { FrameLimits } from './frame/limits.js';
export { loadBuiltinDataset } from './frame/builtin.js';
export { parseCsv } from './frame/csv.js';
export { profileCsvChunks } from './frame/csv-profile.js';
export { frameFromColumns } from './frame/inline.js';
export { profileFrame } from './frame/profile.js';
export { checkMissingTarget, countMissingTarget, missingTargetInProfile, rowsWithTarget } from './frame/target.js';
export { ENGINE_VERSION } from './pipeline/pipeline.js';
export type { HoldoutPrediction } from './experiment/predict.js';
export { rankFoldScores, type FoldScores } from './experiment/leaderboard.js';
export { checkTestDataProfile, type TestDataCheck } from './experiment/validate-test-data.js';
export const ENGINE_WORKER_BOOTSTRAP = new URL('./parallel/worker-entry.mjs', import.meta.url);
export { keepIdleFoldWorkers } from './parallel/worker-set.js';
// The estimator contract, for code that brings its own models (the tests' stand-in estimators).
export { NotFittedError, type Classifier, type Estimator, type EstimatorJSON, type FitOptions, type ModelSpec, type Params } from './core/estimator.js';
export { matrix, type Matrix } from './core/matrix.js';

/** A new unfitted estimator of a registered model (PyCaret id, e.g. "rbfsvm"), params over its defaults. */
export function createEstimator(task: TaskType, id: string, params?: Params): Estimator {
  return MODEL_REGISTRY.get(task, id).create(params);
}

export function listModels(task: TaskType): ModelCard[] {
  return MODEL_REGISTRY.cards(task);
}

/** Normalises + validates Experiment.setupParams; throws EngineInputError with field "setupParams.<name>". */
export function validateSetupOptions(raw: unknown, task: TaskType): SetupOptions {
  return validateSetup(raw, task);
}

/**
 * Cheap validation at submit time, without data: plan/modelId/params against the task and the dataset's
 * column names. Returns the normalised request (defaults filled). Throws EngineInputError with field
 * "modelId", "params.<name>", "target", "setupParams.<name>".
 */
export function validatePlanRequest(req: PlanRequest, columns: readonly string[]): PlanRequest {
  return validatePlan(req, columns);
}

/**
 * Cheap validation at submit time against the data's profile (no training): the target (missing cells,
 * classes, numeric for regression) and the fold counts against the training rows. Throws EngineInputError
 * with field "target", "setupParams.fold" or "params.fold".
 */
export function validatePlanData(req: PlanRequest, profile: DatasetProfile): void {
  validateData(req, profile);
}

/** Runs the plan. Emits events synchronously through logger. Honours signal between folds and models. */
export function runPlan(frame: Frame, req: PlanRequest, logger: EngineLogger, signal?: AbortSignal, testFrame?: Frame): Promise<PlanResult> {
  return runPlanWith(frame, req, logger, signal, { parallel: poolRunner, permutationHelper, ...(testFrame ? { testFrame } : {}) });
}

export interface FittedPipeline {
  readonly modelId: string;
  readonly task: TaskType;
  /** probabilityThreshold: binary tasks only, 0 < t < 1 (EngineInputError field "probabilityThreshold" otherwise). */
  predict(rows: ColumnRecord, probabilityThreshold?: number): Prediction;
  /** Per-row TreeSHAP contributions; EngineInputError with field "explain" for models without TreeSHAP. */
  explain(rows: ColumnRecord): Explanation;
  toJSON(): PipelineJSON;
}

/** Parses and checks a stored pipeline; throws EngineInputError("BAD_PIPELINE") on anything malformed. */
export function loadPipeline(json: unknown): FittedPipeline {
  return loadWith(json);
}

/** Refits the pipeline's model (same hyper-parameters) on ALL rows of frame, and testData's when given (PyCaret finalize_model). */
export function finalizePipeline(frame: Frame, req: PlanRequest, pipeline: PipelineJSON, testFrame?: Frame): PipelineJSON {
  return finalizeWith(frame, req, pipeline, undefined, testFrame);
}

/** The pipeline's predictions and metrics on the test part of req.setup's split (PyCaret predict_model). */
export function predictHoldout(frame: Frame, req: PlanRequest, pipeline: PipelineJSON, testFrame?: Frame): HoldoutPrediction {
  return predictHoldoutWith(frame, req, pipeline, undefined, testFrame);
}
