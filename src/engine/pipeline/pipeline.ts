import type { ColumnRecord, Explanation, PipelineJSON, Prediction, TaskType } from '../types.js';
import { isClassifier, probabilitiesOf, type Estimator, type EstimatorJSON } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { MODEL_REGISTRY, type ModelRegistry } from '../models/registry.js';
import { Preprocessor } from '../preprocessing/preprocessor.js';
import { TargetTransform, type TargetTransformJSON } from '../preprocessing/target-transform.js';
import type { ShapModel } from '../analysis/tree-shap.js';
import { explainCoversOf, explainMatrix, shapModelWithCovers } from './explain.js';

export const PIPELINE_FORMAT = 'caretql.pipeline';
export const PIPELINE_VERSION = 1;
export const ENGINE_VERSION = 'caretql-engine 0.1.0';

export type ClassLabel = number | string;

/** The versioned JSON of a fitted pipeline (what the run stores as its artifact). */
export interface PipelineFileV1 extends PipelineJSON {
  format: 'caretql.pipeline';
  version: 1;
  engineVersion: string;
  /** Original class labels by code (classification), null for regression. */
  classes: ClassLabel[] | null;
  preprocessor: ReturnType<Preprocessor['toJSON']>;
  estimator: EstimatorJSON;
  /** Tree models: per tree the TreeSHAP node covers counted on the fit's rows (absent: no explanations). */
  shapCovers?: number[][];
  /** Regression with transformTarget: the target's fitted transform; predictions are mapped back through it. */
  targetTransform?: TargetTransformJSON;
}

/** Preprocessor + estimator + target encoding: predicts raw rows with the original labels. */
export class Pipeline {
  constructor(
    readonly task: TaskType,
    readonly target: string,
    readonly modelId: string,
    readonly modelName: string,
    readonly preprocessor: Preprocessor,
    readonly estimator: Estimator,
    readonly classes: readonly ClassLabel[] | null,
    /** transformTarget: the estimator predicts the transformed target; predict maps it back. */
    readonly targetTransform: TargetTransform | null = null,
  ) {}

  /** TreeSHAP node covers per tree (see explain.ts); null for models without TreeSHAP or before withShapBackground. */
  shapCovers: number[][] | null = null;
  private shap: ShapModel | null | undefined;

  /** Counts the TreeSHAP covers on the rows the model was fitted on (preprocessed); returns the ShapModel (null without trees). */
  withShapBackground(trainX: Matrix): ShapModel | null {
    const c = explainCoversOf(this.estimator, trainX);
    this.shapCovers = c ? c.covers : null;
    this.shap = c ? c.model : null;
    return this.shap;
  }

  /** The ShapModel of the fitted trees with their stored covers; null for models TreeSHAP does not cover. */
  shapModel(): ShapModel | null {
    if (this.shap === undefined) this.shap = this.shapCovers ? shapModelWithCovers(this.estimator, this.preprocessor.outputNames.length, this.shapCovers) : null;
    return this.shap;
  }

  /** Binary tasks: probabilityThreshold = PyCaret's probability_threshold (positive class when its probability ≥ it). */
  predict(rows: ColumnRecord, probabilityThreshold?: number): Prediction {
    return this.predictMatrix(this.preprocessor.transformRecord(rows), probabilityThreshold);
  }

  /** Per-row TreeSHAP contributions of rows (EngineInputError with field "explain" for models without TreeSHAP). */
  explain(rows: ColumnRecord): Explanation {
    const X = this.preprocessor.transformRecord(rows);
    return explainMatrix({ model: this.shapModel(), estimator: this.estimator, modelName: this.modelName, features: this.preprocessor.outputNames, classes: this.classes, target: this.target }, X);
  }

  /** Predictions for an already preprocessed matrix. */
  predictMatrix(X: Matrix, probabilityThreshold?: number): Prediction {
    if (probabilityThreshold !== undefined && !(probabilityThreshold > 0 && probabilityThreshold < 1))
      throw new EngineInputError('BAD_PARAM', 'probabilityThreshold must be strictly between 0 and 1', 'probabilityThreshold');
    if (probabilityThreshold !== undefined && this.classes?.length !== 2)
      throw new EngineInputError('BAD_PARAM', 'probabilityThreshold applies to binary classification only', 'probabilityThreshold');
    if (this.task === 'regression' || !this.classes) {
      const raw = this.estimator.predict(X);
      return { predictions: Array.from(this.targetTransform ? this.targetTransform.inverse(raw) : raw) };
    }
    const classes = this.classes;
    let probabilities: number[][] | null = null;
    const own = probabilitiesOf(this.estimator, X);
    const raw = (own && isClassifier(this.estimator) && this.estimator.labelsFromProba?.(own.proba)) || this.estimator.predict(X);
    if (own) {
      const P = own.proba;
      const seen = own.classes;
      probabilities = [];
      for (let i = 0; i < P.rows; i++) {
        const row = new Array<number>(classes.length).fill(0);
        for (let j = 0; j < seen.length; j++) row[seen[j] as number] = P.data[i * P.cols + j] as number;
        probabilities.push(row);
      }
    }
    const predictions =
      probabilityThreshold !== undefined && probabilities
        ? probabilities.map((p) => classes[(p[1] as number) >= probabilityThreshold ? 1 : 0] as ClassLabel)
        : Array.from(raw, (code) => classes[code] as ClassLabel);
    return { predictions, classes: [...classes], probabilities };
  }

  toJSON(): PipelineFileV1 {
    return {
      format: PIPELINE_FORMAT,
      version: PIPELINE_VERSION,
      engineVersion: ENGINE_VERSION,
      task: this.task,
      target: this.target,
      modelId: this.modelId,
      modelName: this.modelName,
      classes: this.classes ? [...this.classes] : null,
      preprocessor: this.preprocessor.toJSON(),
      estimator: this.estimator.toJSON(),
      ...(this.shapCovers ? { shapCovers: this.shapCovers } : {}),
      ...(this.targetTransform ? { targetTransform: this.targetTransform.toJSON() } : {}),
    };
  }
}

function bad(why: string): never {
  throw new EngineInputError('BAD_PIPELINE', `not a valid caretql pipeline: ${why}`, 'pipeline');
}

/** Parses and checks a stored pipeline; anything malformed or inconsistent is EngineInputError("BAD_PIPELINE"). */
export function loadPipeline(json: unknown, registry: ModelRegistry = MODEL_REGISTRY): Pipeline {
  let o = json;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o) as unknown;
    } catch {
      bad('not JSON');
    }
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) bad('expected an object');
  const p = o as Record<string, unknown>;
  if (p.format !== PIPELINE_FORMAT) bad(`format must be "${PIPELINE_FORMAT}"`);
  if (p.version !== PIPELINE_VERSION) bad(`unsupported version ${JSON.stringify(p.version)} (this engine reads ${PIPELINE_VERSION})`);
  if (p.task !== 'classification' && p.task !== 'regression') bad('task must be classification or regression');
  const task = p.task;
  if (typeof p.target !== 'string' || p.target === '') bad('target must be a column name');
  if (typeof p.modelId !== 'string') bad('modelId must be a string');
  const spec = registry.findPipelineSpec(task, p.modelId);
  if (!spec) bad(`unknown ${task} model "${p.modelId}"`);
  if (p.modelName !== spec.name) bad(`modelName must be "${spec.name}"`);
  let classes: ClassLabel[] | null = null;
  if (task === 'classification') {
    const c = p.classes;
    if (!Array.isArray(c) || c.length < 2 || !c.every((v) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string')) bad('classes must list at least two labels');
    if (new Set(c).size !== c.length) bad('classes must be unique');
    classes = c as ClassLabel[];
  } else if (p.classes !== null && p.classes !== undefined) bad('a regression pipeline has no classes');
  const preprocessor = Preprocessor.fromJSON(p.preprocessor);
  if (preprocessor.inputNames.includes(p.target)) bad('the target is listed as a feature');
  const e = p.estimator as Partial<EstimatorJSON> | null;
  if (!e || typeof e !== 'object' || typeof e.type !== 'string' || !e.params || typeof e.params !== 'object') bad('estimator must be {type, params, state}');
  if (e.type !== (spec.estimatorType ?? spec.create({}).type)) bad(`estimator type "${e.type}" does not belong to model "${spec.id}"`);
  let estimator: Estimator;
  try {
    estimator = spec.revive(e as EstimatorJSON);
  } catch (err) {
    bad(`estimator state: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!estimator.isFitted()) bad('estimator is not fitted');
  let targetTransform: TargetTransform | null = null;
  if (p.targetTransform !== undefined) {
    if (task !== 'regression') bad('only a regression pipeline has a target transform');
    targetTransform = TargetTransform.fromJSON(p.targetTransform);
  }
  const pipeline = new Pipeline(task, p.target, spec.id, spec.name, preprocessor, estimator, classes, targetTransform);
  if (p.shapCovers !== undefined) {
    if (!Array.isArray(p.shapCovers) || !p.shapCovers.every((c) => Array.isArray(c) && c.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0))) bad('shapCovers must be arrays of node covers');
    pipeline.shapCovers = p.shapCovers as number[][];
    try {
      pipeline.shapModel();
    } catch (err) {
      bad(err instanceof Error ? err.message : String(err));
    }
  }
  smokeTest(pipeline);
  return pipeline;
}

/** One all-missing row through the whole pipeline: catches states whose shapes do not fit together. */
function smokeTest(pipeline: Pipeline): void {
  const row: ColumnRecord = {};
  for (const name of pipeline.preprocessor.inputNames) row[name] = [null];
  let out: Prediction;
  try {
    out = pipeline.predict(row);
  } catch (err) {
    bad(`it cannot predict: ${err instanceof Error ? err.message : String(err)}`);
  }
  const v = out.predictions[0];
  if (out.predictions.length !== 1 || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) bad('it predicts no valid value');
  if (out.probabilities && out.probabilities[0]?.some((q) => !Number.isFinite(q))) bad('it predicts invalid probabilities');
}
