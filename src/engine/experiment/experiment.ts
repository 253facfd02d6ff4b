import type { EngineLogger, HoldoutPredictions, MetricName, RunModelAnalysis, TaskType } from '../types.js';
import type { Frame } from '../frame/frame.js';
import type { ModelRegistry } from '../models/registry.js';
import type { ClassLabel } from '../pipeline/pipeline.js';
import type { PreprocessOptions, Preprocessor } from '../preprocessing/preprocessor.js';
import type { ResolvedSetup } from './setup-options.js';
import type { RowReport, RowStepSummary, RowSteps } from './train-rows.js';
import type { ColumnHelperFactory, PermutationJob } from './holdout-permutation.js';

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
  /** Preprocessor fitted on the whole train part (its rows left after the drop step). */
  readonly trainPreprocessor: Preprocessor;
  /** The row steps every training part goes through (drop, outliers, SMOTE), and what they did to the train part. */
  readonly rowSteps: RowSteps;
  readonly rowReport: RowReport | null;
  /** Each row step and what it did (preprocessor.fitted's rowSteps, Run.summary.rowSteps). */
  readonly rowSummary: readonly RowStepSummary[];
  readonly metrics: readonly MetricName[];
  readonly logger: EngineLogger;
  readonly signal: AbortSignal | undefined;
  readonly registry: ModelRegistry;
  readonly threads: number;
  /** With threads > 1: scores permutation importance columns on an idle worker thread too (parallel/permutation-helper.ts). */
  readonly permutationHelper?: (job: PermutationJob) => ColumnHelperFactory | null;
  readonly startedAt: number;
  /** Rows setup removed because their target was missing (setupParams.dropMissingTarget). */
  readonly droppedMissingTarget: number;
  /**
   * Row numbers in the caller's data of every `frame` row; null when frame is the caller's data as is. With
   * setupParams.testData, a test row's number is its row in testData (frame = the dataset's rows, then testData's).
   */
  readonly sourceRows: Int32Array | null;
  /** What the plan asked of the holdout analysis (and the probability threshold every score uses). */
  readonly analysisOptions: AnalysisOptions;
  /** The analyses of the models scored on the holdout so far, in order (filled by scoreHoldoutAndAnalyse). */
  readonly analyses: RunModelAnalysis[];
  /** The first scored model's holdout predictions (the chosen model's). */
  holdoutPredictions: HoldoutPredictions | null;
}

export interface AnalysisOptions {
  enabled: boolean;
  /** Permutation importance repeats. */
  repeats: number;
  /** Binary tasks: PyCaret's probability_threshold; undefined = the model's own predict. */
  probabilityThreshold: number | undefined;
  learningCurve: boolean;
}

export function aborted(exp: Experiment): boolean {
  return exp.signal?.aborted === true;
}
