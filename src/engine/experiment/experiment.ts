import type { EngineLogger, MetricName, TaskType } from '../types.js';
import type { Frame } from '../frame/frame.js';
import type { ModelRegistry } from '../models/registry.js';
import type { ClassLabel } from '../pipeline/pipeline.js';
import type { PreprocessOptions, Preprocessor } from '../preprocessing/preprocessor.js';
import type { ResolvedSetup } from './setup-options.js';

/** One CV fold: positions into the train part. */
export type Fold = readonly [Int32Array, Int32Array];

/** What setup produces and every verb works on (PyCaret's experiment state). */
export interface Experiment {
  readonly task: TaskType;
  readonly target: string;
  readonly setup: ResolvedSetup;
  /** The data setup works on (the caller's data without dropped rows; see sourceRows). */
  readonly frame: Frame;
  /** Feature columns in frame order (target and ignored features removed). */
  readonly features: readonly string[];
  /** Target of every frame row: class codes (classification) or values. */
  readonly y: Float64Array;
  /** Original class labels by code; null for regression. */
  readonly classes: readonly ClassLabel[] | null;
  /** Frame rows of the train and test parts. */
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly folds: readonly Fold[];
  readonly preprocess: PreprocessOptions;
  /** Preprocessor fitted on the whole train part. */
  readonly trainPreprocessor: Preprocessor;
  readonly metrics: readonly MetricName[];
  readonly logger: EngineLogger;
  readonly signal: AbortSignal | undefined;
  readonly registry: ModelRegistry;
  readonly threads: number;
  readonly startedAt: number;
  /** Rows setup removed because their target was missing (setupParams.dropMissingTarget). */
  readonly droppedMissingTarget: number;
  /** Row numbers in the caller's data of every `frame` row; null when frame is the caller's data as is. */
  readonly sourceRows: Int32Array | null;
}

export function aborted(exp: Experiment): boolean {
  return exp.signal?.aborted === true;
}
