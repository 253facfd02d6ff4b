// The plain-data types through which the rest of caretql reaches the engine.
// Everything here is plain data (structured-cloneable) so it can cross a worker-thread boundary.
// src/engine/index.ts re-exports these types together with the functions that implement them; code outside
// the engine imports them from there.
import type { FeatureImportance, ModelAnalysis } from './analysis/types.js';

export type * from './analysis/types.js';

export type TaskType = 'classification' | 'regression';
export type PlanKind = 'setup' | 'create' | 'compare' | 'tune' | 'ensemble' | 'blend' | 'stack' | 'calibrate';

export const CLASSIFICATION_METRICS = ['Accuracy', 'AUC', 'Recall', 'Precision', 'F1', 'Kappa', 'MCC'] as const;
export const REGRESSION_METRICS = ['MAE', 'MSE', 'RMSE', 'R2', 'RMSLE', 'MAPE'] as const;
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
export type MetricName = ClassificationMetric | RegressionMetric;

export const BUILTIN_DATASETS = ['iris', 'wine', 'breast_cancer', 'diabetes', 'digits'] as const;
export type BuiltinDatasetName = (typeof BUILTIN_DATASETS)[number];

/** A cell as it arrives from JSON or CSV: null / undefined / '' mean missing. */
export type RawCell = number | string | boolean | null | undefined;
/** Column-oriented raw rows, as GraphQL clients send them: {"x1": [...], "target": [...]}. */
export type ColumnRecord = Record<string, RawCell[]>;

/** Options of `setup` (Experiment.setupParams). All optional; defaults are PyCaret's. */
export interface SetupOptions {
  sessionId?: number; // seed of every random step (default 123)
  trainSize?: number; // (0,1), default 0.7
  fold?: number; // CV folds, >= 2, default 10
  foldStrategy?: 'stratifiedkfold' | 'kfold' | 'timeseries' | 'groupkfold'; // default: stratified for classification, kfold for regression
  foldShuffle?: boolean; // default false (as PyCaret)
  dataSplitStratify?: boolean | string[]; // default true for classification; a column list stratifies by those columns
  normalize?: boolean; // default false
  normalizeMethod?: 'zscore' | 'minmax' | 'maxabs' | 'robust'; // default zscore
  numericImputation?: 'mean' | 'median' | 'mode' | 'zero' | 'drop' | 'knn' | number; // default mean; a number = that constant; drop = leave training rows with a missing numeric cell out; knn = KNNImputer(5)
  categoricalImputation?: string; // "mode" (default), "drop" (training rows with a missing cell left out) or the text missing categorical cells become (PyCaret's categorical_imputation)
  maxEncodingOhe?: number; // one-hot up to this many levels (default 25); above: ordinal
  ignoreFeatures?: string[];
  /** Explicit split (row numbers of the dataset, 0-based): overrides trainSize / stratify. */
  trainIndex?: number[];
  testIndex?: number[];
  /** Explicit CV folds: for each fold, [trainPositions, validationPositions] as positions into the train part. */
  customFolds?: Array<[number[], number[]]>;
  /** Type overrides (PyCaret's numeric_features, categorical_features, ...); other columns are inferred. */
  numericFeatures?: string[];
  categoricalFeatures?: string[];
  ordinalFeatures?: Record<string, string[]>; // column -> its levels from lowest to highest
  dateFeatures?: string[];
  textFeatures?: string[];
  keepFeatures?: string[]; // never dropped by a selection step
  dropMissingTarget?: boolean; // default false: a missing target is an error
  encodingMethod?: 'target' | 'ordinal' | 'onehot'; // categoricals above maxEncodingOhe levels (default target, fitted per fold)
  foldGroups?: string; // the group column of foldStrategy "groupkfold"
  dataSplitShuffle?: boolean; // default true; false = first rows train, last rows test (stratification ignored)
  /** Transformations of the encoded matrix, fitted per fold in PyCaret's order (polynomial → low variance → multicollinearity → transformation → normalize → pca → featureSelection). */
  polynomialFeatures?: boolean; // PolynomialFeatures(polynomialDegree, include_bias=False)
  polynomialDegree?: number; // default 2
  lowVarianceThreshold?: number | null; // VarianceThreshold; default null = off
  removeMulticollinearity?: boolean; // PyCaret's RemoveMulticollinearity (keeps the feature most correlated with the target)
  multicollinearityThreshold?: number; // default 0.9
  transformation?: boolean; // power transform before normalisation
  transformationMethod?: 'yeo-johnson' | 'quantile'; // PowerTransformer(standardize=False) or QuantileTransformer(output_distribution="normal"), as PyCaret
  pca?: boolean;
  pcaMethod?: 'linear';
  pcaComponents?: number | null; // count, or fraction of variance in (0, 1); default null = all
  featureSelection?: boolean; // SelectKBest(f_classif | f_regression)
  featureSelectionMethod?: 'univariate' | 'classic';
  nFeaturesToSelect?: number; // count, or fraction of the model inputs in (0, 1); default 0.2
  rareToValue?: number | null; // categorical levels in fewer than this fraction of the training rows are grouped (default null = off)
  rareValue?: string; // the grouped levels' value (default "rare")
  // Row steps on the training rows only (PyCaret's fix_imbalance, remove_outliers) and the holdout source.
  fixImbalance?: boolean; // SMOTE on each fold's training rows and the final training set (classification)
  fixImbalanceMethod?: 'smote';
  classWeight?: 'balanced' | null; // class_weight='balanced' on every classifier that takes it
  removeOutliers?: boolean; // isolation forest on each fold's preprocessed training rows
  outliersThreshold?: number; // contamination, default 0.05
  outliersMethod?: 'iforest';
  testData?: string; // a dataset id of the same workspace used as the holdout instead of a split (PyCaret's test_data)
  // Column-level steps (issue 10).
  imputationType?: 'simple' | 'iterative'; // iterative: IterativeImputer over the numeric columns
  iterativeImputationIters?: number; // default 5
  numericIterativeImputer?: 'br' | 'lr' | 'lightgbm'; // default br (scikit-learn's BayesianRidge)
  categoricalIterativeImputer?: 'lr' | 'lightgbm' | null; // default null: categorical columns keep their fill
  textMaxFeatures?: number | null; // TF-IDF vocabulary per text column, default 100, null = all terms
  textFeaturesMethod?: 'tf-idf' | 'bow'; // PyCaret's text_features_method
  transformTarget?: boolean; // regression: fit on a transformed target, predictions mapped back
  transformTargetMethod?: 'yeo-johnson' | 'quantile';
  binNumericFeatures?: string[]; // KBinsDiscretizer(5, ordinal, kmeans)
}

/** Parameters of a plan (SubmitRunInput.params). Which ones apply depends on the plan. */
export interface PlanParams {
  include?: string[]; // compare: model ids to consider
  exclude?: string[]; // compare: model ids to skip
  sort?: MetricName; // compare: leaderboard order (default Accuracy / R2)
  nSelect?: number; // compare: how many best models to return (default 1)
  turbo?: boolean; // compare: only turbo models (default true)
  budgetSeconds?: number; // compare: stop starting new models once spent
  fold?: number; // create/compare/tune: override setup's fold count
  modelParams?: Record<string, unknown>; // create: estimator hyper-parameters
  nIter?: number; // tune: random-search iterations (default 10)
  optimize?: MetricName; // tune: metric to optimise (default Accuracy / R2)
  searchSpace?: Record<string, unknown[]>; // tune: param -> candidate values (default: the model's own grid)
  library?: 'random' | 'tpe' | 'halving'; // tune: the search (default random)
  earlyStopping?: boolean; // tune: stop a trial whose first folds are far below the best (default false)
  chooseBetter?: boolean; // tune (default true) / ensemble (default false): keep the untuned / base model when it scores better
  /** tune: param -> candidate values, or a distribution {kind: uniform|logUniform|intUniform, low, high} / {kind: categorical, values}. */
  customGrid?: Record<string, unknown>;
  /** blend / stack: the members (normalised at submit; {fromRun, top} is resolved by the server into this form). */
  estimators?: Array<string | MemberParam>;
  method?: string; // blend: soft|hard|auto; stack: auto|predict_proba|decision_function|predict; ensemble: BAGGING|BOOSTING; calibrate: sigmoid|isotonic
  weights?: number[]; // blend: one weight per member
  metaModel?: string | MemberParam; // stack: the final estimator (default lr)
  metaModelFold?: number; // stack: internal CV folds (default 5)
  restack?: boolean; // stack: pass the original features to the meta model too (default false, as PyCaret 3's stack_models)
  nEstimators?: number; // ensemble: members (default 10)
  calibrateFold?: number; // calibrate: internal CV folds (default 5)
  probabilityThreshold?: number; // create/compare/tune, binary tasks: positive class when its probability >= this (PyCaret's probability_threshold)
  analysis?: boolean; // create/compare/tune: compute the holdout analysis of the fitted model(s) (default true)
  analysisRepeats?: number; // permutation importance repeats (default 5)
  learningCurve?: boolean; // add a learning curve (CV score vs 5 train sizes) to the analysis (default false)
}

/** A member of a blend or stack: a model id and its hyper-parameters. */
export interface MemberParam {
  modelId: string;
  modelParams?: Record<string, unknown>;
}

export interface PlanRequest {
  task: TaskType;
  target: string;
  setup: SetupOptions;
  plan: PlanKind;
  modelId?: string; // required for create, tune, ensemble and calibrate
  params: PlanParams;
  /** Worker threads the engine may use for compare (default 1 = in the calling thread). */
  threads?: number;
}

export interface EngineEvent {
  kind: string; // experiment.started, data.split, model.fold.scored, ...
  message?: string;
  payload?: Record<string, unknown>;
  durationMs?: number;
}
/** Receives events synchronously, in order, from the thread that runs the plan. */
export interface EngineLogger {
  emit(event: EngineEvent): void;
}

export interface MetricSummary {
  metric: MetricName;
  mean: number; // rounded to 4 decimals
  std: number; // population std over folds (numpy default), rounded to 4 decimals
}
export interface LeaderboardRow {
  rank: number; // 1-based
  modelId: string;
  modelName: string;
  scores: MetricSummary[]; // every metric of the task, in the task's metric order
  fitSeconds: number; // mean fit time per fold
  foldsDone: number; // folds the means are over (all of them once the model finished)
}
export interface Leaderboard {
  sortMetric: MetricName;
  rows: LeaderboardRow[];
}

/** A fitted pipeline (preprocessing + model) as JSON: what is stored as the run's artifact. */
export interface PipelineJSON {
  format: 'caretql.pipeline';
  version: number;
  task: TaskType;
  target: string;
  modelId: string;
  modelName: string;
  [key: string]: unknown;
}

export interface PlanResult {
  leaderboard: Leaderboard | null; // null for setup
  /** JSON summary for Run.summary: at least {rows, best}; best is the chosen model id (null for setup). */
  summary: { rows: number; best: string | null; [key: string]: unknown };
  /** Holdout (test part) metrics of the chosen model, when a model was fitted. */
  holdout: Partial<Record<MetricName, number>> | null;
  /** The chosen model's pipeline fitted on the train part (null for setup, or if every model failed). */
  pipeline: PipelineJSON | null;
  cancelled: boolean; // true when the signal aborted the plan; leaderboard holds what finished
  /** The holdout analysis of each model fitted on the train part (the chosen one first); empty when none was. */
  analyses: RunModelAnalysis[];
  /** The chosen model's predictions on the holdout (test part), null without one. */
  holdoutPredictions: HoldoutPredictions | null;
}

/** One point of a learning curve: mean (and population std) over the CV folds of `metric` at a train size. */
export interface LearningCurvePoint {
  trainSize: number;
  trainScore: number;
  trainScoreStd: number;
  validationScore: number;
  validationScoreStd: number;
}

/** The analysis of one fitted model as a run stores it: the library's ModelAnalysis plus what the run adds. */
export interface RunModelAnalysis extends ModelAnalysis {
  modelName: string;
  /** Importances per encoded (model input) column; permutation only where a source column has one encoded column. */
  encodedFeatureImportance: FeatureImportance[];
  /** TreeSHAP summary (mean |SHAP| per input column) for the tree families, else null. */
  shapSummary: FeatureImportance[] | null;
  /** Holdout rows the TreeSHAP summary explained (a seeded sample within its work budget); absent without a summary. */
  shapRowsExplained?: number;
  /** Holdout rows permutation importance permuted (a seeded sample within its work budget). */
  permutationRows?: number;
  /** Only when params.learningCurve is true. */
  learningCurve: { metric: MetricName; points: LearningCurvePoint[] } | null;
  /** Wall time of the analysis in seconds. */
  seconds: number;
}

/** The holdout rows, column-wise: row = row number in the caller's data. */
export interface HoldoutPredictions {
  modelId: string;
  classes: Array<number | string> | null;
  rows: number[];
  actual: Array<number | string>;
  predicted: Array<number | string>;
  /** rows × classes (classification with probabilities), else null. */
  probabilities: number[][] | null;
}

/** Per-row TreeSHAP contributions of predict(..., explain: true); values[row][output][feature]. */
export interface Explanation {
  /** The model inputs explained (encoded columns). */
  features: string[];
  /** What each output is: the class (multiclass), the positive class (binary), or the target (regression). */
  outputs: Array<number | string>;
  /** Raw model output explained: "probability" (dt/rf/et), "margin" (gbc/lightgbm), "decision" (ada), "value" (regressors). */
  outputKind: string;
  expectedValue: number[];
  values: number[][][];
}

export interface Prediction {
  /** One label (classification, the original class value) or value (regression) per row. */
  predictions: Array<number | string>;
  /** Classification only: the classes, and one probability row per input row (null when the model has none). */
  classes?: Array<number | string>;
  probabilities?: number[][] | null;
}

export interface ModelCard {
  id: string;
  name: string;
  task: TaskType;
  turbo: boolean;
}

export interface ColumnProfile {
  name: string;
  type: 'numeric' | 'categorical';
  /** What setup will treat the column as without overrides (dates and free text are stored as categorical). */
  inferredType?: 'numeric' | 'categorical' | 'date' | 'text';
  missing: number;
  distinct: number;
}
export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
  sha256: string; // of the canonical content (see frame hashing)
}

/** Error codes of EngineInputError, mapped to BAD_USER_INPUT by the server. */
export type EngineErrorCode =
  | 'RAGGED_COLUMNS'
  | 'UNKNOWN_TARGET'
  | 'SINGLE_CLASS'
  | 'NON_NUMERIC_TARGET'
  | 'TOO_FEW_ROWS'
  | 'ALL_MISSING_COLUMN'
  | 'TOO_LARGE'
  | 'BAD_CSV'
  | 'BAD_INLINE'
  | 'UNKNOWN_MODEL'
  | 'BAD_PARAM'
  | 'NOT_FITTED'
  | 'BAD_PIPELINE'
  | 'BAD_INPUT';
