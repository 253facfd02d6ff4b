import type { SetupOptions, TaskType } from '../types.js';
import { EngineInputError, isEngineInputError } from '../errors.js';
import { ENCODING_METHODS, type EncodingMethod, type PreprocessOptions } from '../preprocessing/preprocessor.js';
import { ROW_KEYS, validateRowOptions, type RowOptions } from './setup-row-options.js';
import type { MatrixStepOptions } from '../preprocessing/matrix-steps.js';
import { ITERATIVE_CLASSIFIERS, ITERATIVE_MODELS, type IterativeClassifier, type IterativeModel } from '../preprocessing/iterative-imputer.js';

/** SetupOptions with every default filled in (the explicit split and folds stay optional). */
export interface ResolvedSetup extends SetupOptions {
  sessionId: number;
  trainSize: number;
  fold: number;
  /** timeseries: scikit-learn's TimeSeriesSplit (expanding window); groupkfold: GroupKFold on foldGroups. */
  foldStrategy: FoldStrategy;
  foldShuffle: boolean;
  /** true = by the target (classification); a column list = by the combination of those columns (PyCaret). */
  dataSplitStratify: boolean | string[];
  dataSplitShuffle: boolean;

  normalize: boolean;
  normalizeMethod: 'zscore' | 'minmax' | 'maxabs' | 'robust';
  numericImputation: 'mean' | 'median' | 'mode' | 'zero' | 'drop' | 'knn' | number;
  /** "mode", "drop", or the constant level missing categorical cells become. */
  categoricalImputation: string;
  maxEncodingOhe: number;
  ignoreFeatures: string[];
  numericFeatures: string[];
  categoricalFeatures: string[];
  ordinalFeatures: Record<string, string[]>;
  dateFeatures: string[];
  textFeatures: string[];
  keepFeatures: string[];
  dropMissingTarget: boolean;
  encodingMethod: EncodingMethod;
  polynomialFeatures: boolean;
  polynomialDegree: number;
  lowVarianceThreshold: number | null;
  removeMulticollinearity: boolean;
  multicollinearityThreshold: number;
  transformation: boolean;
  transformationMethod: 'yeo-johnson' | 'quantile';
  pca: boolean;
  pcaMethod: 'linear';
  pcaComponents: number | null;
  featureSelection: boolean;
  featureSelectionMethod: 'univariate' | 'classic';
  nFeaturesToSelect: number;
  rareToValue: number | null;
  rareValue: string;
  // Row steps (setup-row-options.ts).
  fixImbalance: RowOptions['fixImbalance'];
  fixImbalanceMethod: RowOptions['fixImbalanceMethod'];
  classWeight: RowOptions['classWeight'];
  removeOutliers: RowOptions['removeOutliers'];
  outliersThreshold: RowOptions['outliersThreshold'];
  outliersMethod: RowOptions['outliersMethod'];

  // Column-level steps (issue 10: joint imputation, text, target transform, binning).
  /** simple: numericImputation per column; iterative: IterativeImputer over the numeric columns. */
  imputationType: 'simple' | 'iterative';
  iterativeImputationIters: number;
  /** The regressor of each numeric column in iterative imputation ("br" = scikit-learn's BayesianRidge default). */
  numericIterativeImputer: IterativeModel;
  /** The classifier that imputes categorical columns in iterative imputation; null = they keep categoricalImputation's fill. */
  categoricalIterativeImputer: IterativeClassifier | null;
  /** TF-IDF vocabulary per text column (max_features); null = every term. */
  textMaxFeatures: number | null;
  /** PyCaret's text_features_method: TF-IDF or bag of words (counts). */
  textFeaturesMethod: 'tf-idf' | 'bow';
  /** Regression: models learn a Yeo-Johnson / quantile transform of the target, predictions are mapped back. */
  transformTarget: boolean;
  transformTargetMethod: 'yeo-johnson' | 'quantile';
  /** Numeric columns replaced by their KBinsDiscretizer(n_bins=5, encode="ordinal", strategy="kmeans") bin. */
  binNumericFeatures: string[];
}

export type FoldStrategy = 'stratifiedkfold' | 'kfold' | 'timeseries' | 'groupkfold';
const FOLD_STRATEGIES: readonly FoldStrategy[] = ['stratifiedkfold', 'kfold', 'timeseries', 'groupkfold'];

const KEYS = [
  'sessionId', 'trainSize', 'fold', 'foldStrategy', 'foldShuffle', 'dataSplitStratify', 'normalize', 'normalizeMethod',
  'numericImputation', 'categoricalImputation', 'maxEncodingOhe', 'ignoreFeatures', 'trainIndex', 'testIndex', 'customFolds',
  'numericFeatures', 'categoricalFeatures', 'ordinalFeatures', 'dateFeatures', 'textFeatures', 'keepFeatures', 'dropMissingTarget',
  'encodingMethod', 'foldGroups', 'dataSplitShuffle', 'polynomialFeatures', 'polynomialDegree', 'lowVarianceThreshold',
  'removeMulticollinearity', 'multicollinearityThreshold', 'transformation', 'transformationMethod', 'pca', 'pcaMethod', 'pcaComponents',
  'featureSelection', 'featureSelectionMethod', 'nFeaturesToSelect', 'rareToValue', 'rareValue',
  ...ROW_KEYS,
  // issue 10, column-level steps
  'imputationType', 'iterativeImputationIters', 'numericIterativeImputer', 'textMaxFeatures', 'transformTarget', 'transformTargetMethod',
  'binNumericFeatures', 'textFeaturesMethod', 'categoricalIterativeImputer',
] as const satisfies readonly (keyof SetupOptions)[];

/** The column-list overrides of the feature types, with the type each declares. */
export const TYPE_LISTS = [
  ['numericFeatures', 'numeric'],
  ['categoricalFeatures', 'categorical'],
  ['dateFeatures', 'date'],
  ['textFeatures', 'text'],
] as const;

function columnList(name: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) fail(name, `${name} must be an array of column names`);
  return [...new Set(v as string[])];
}

function ordinalMap(v: unknown): Record<string, string[]> {
  const name = 'ordinalFeatures';
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(name, `${name} must map column names to their levels in order, e.g. {"size": ["S", "M", "L"]}`);
  const out: Record<string, string[]> = {};
  for (const [col, levels] of Object.entries(v as Record<string, unknown>)) {
    if (!Array.isArray(levels) || levels.length === 0) fail(name, `${name}.${col} must be a non-empty array of levels`);
    const texts = levels.map((l) => (typeof l === 'number' && Number.isFinite(l) ? String(l + 0) : l));
    if (!texts.every((l) => typeof l === 'string' && l !== '')) fail(name, `${name}.${col} must list its levels as strings (or numbers)`);
    if (new Set(texts).size !== texts.length) fail(name, `${name}.${col} lists a level twice`);
    out[col] = texts as string[];
  }
  return out;
}

function fail(name: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, `setupParams.${name}`);
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) fail(name, `${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function finiteNumber(name: string, v: number): number {
  if (!Number.isFinite(v)) fail(name, `${name} must be mean, median, mode, zero or a finite number`);
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(name, `${name} must be true or false`);
  return v;
}

function int(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(name, `${name} must be an integer in [${min}, ${max}]`);
  return v;
}

/** A count (integer >= 1) or a fraction strictly between 0 and 1. */
function countOrFraction(name: string, v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (v >= 1 && !Number.isInteger(v)))
    fail(name, `${name} must be a whole number of ${what} (>= 1) or a fraction strictly between 0 and 1`);
  return v;
}

function rowList(name: string, v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length === 0) fail(name, `${name} must be a non-empty array of ${what}`);
  const seen = new Set<number>();
  for (const r of v) {
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) fail(name, `${name} must contain non-negative integers (${what}), got ${JSON.stringify(r)}`);
    if (seen.has(r)) fail(name, `${name} lists ${r} twice`);
    seen.add(r);
  }
  return v as number[];
}

/** PyCaret's spelling of a setup parameter: session_id for sessionId, max_encoding_ohe for maxEncodingOhe. */
export function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
const BY_SNAKE = new Map<string, string>(KEYS.map((k) => [snakeCase(k), k]));

/**
 * The options with PyCaret's snake_case names mapped to ours; `written` remembers what the caller wrote.
 * Unknown names and a parameter given in both spellings are BAD_PARAM.
 */
function camelKeys(r: Record<string, unknown>): { camel: Record<string, unknown>; written: Map<string, string> } {
  const camel: Record<string, unknown> = {};
  const written = new Map<string, string>();
  for (const k of Object.keys(r)) {
    const name = (KEYS as readonly string[]).includes(k) ? k : BY_SNAKE.get(k);
    if (name === undefined) fail(k, `unknown setup parameter "${k}" (known: ${KEYS.join(', ')}, or their snake_case forms such as session_id)`);
    const before = written.get(name);
    if (before !== undefined) fail(k, `setup parameter ${name} is given twice ("${before}" and "${k}")`);
    written.set(name, k);
    camel[name] = r[k];
  }
  return { camel, written };
}

/**
 * Normalises + validates Experiment.setupParams (camelCase or PyCaret's snake_case names); EngineInputError
 * BAD_PARAM with field "setupParams.<name as written>".
 */
export function validateSetupOptions(raw: unknown, task: TaskType): ResolvedSetup {
  const o = raw ?? {};
  if (typeof o !== 'object' || Array.isArray(o)) throw new EngineInputError('BAD_PARAM', 'setupParams must be an object', 'setupParams');
  const { camel, written } = camelKeys(o as Record<string, unknown>);
  try {
    return validateCamel(camel, task);
  } catch (e) {
    const name = isEngineInputError(e) && e.field?.startsWith('setupParams.') ? e.field.slice('setupParams.'.length) : undefined;
    const as = name === undefined ? undefined : written.get(name);
    if (!isEngineInputError(e) || name === undefined || as === undefined || as === name) throw e;
    throw new EngineInputError(e.code, e.message.split(name).join(as), `setupParams.${as}`);
  }
}

function validateCamel(r: Record<string, unknown>, task: TaskType): ResolvedSetup {
  const has = (k: string): boolean => r[k] !== undefined && r[k] !== null;
  const out: ResolvedSetup = {
    sessionId: has('sessionId') ? int('sessionId', r.sessionId, 0, 0xffffffff) : 123,
    trainSize: 0.7,
    fold: has('fold') ? int('fold', r.fold, 2, 1000) : 10,
    foldStrategy: has('foldStrategy') ? oneOf('foldStrategy', r.foldStrategy, FOLD_STRATEGIES) : task === 'classification' ? 'stratifiedkfold' : 'kfold',
    foldShuffle: has('foldShuffle') ? bool('foldShuffle', r.foldShuffle) : false,
    dataSplitStratify: !has('dataSplitStratify')
      ? task === 'classification'
      : Array.isArray(r.dataSplitStratify)
        ? columnList('dataSplitStratify', r.dataSplitStratify)
        : bool('dataSplitStratify', r.dataSplitStratify),
    dataSplitShuffle: has('dataSplitShuffle') ? bool('dataSplitShuffle', r.dataSplitShuffle) : r.foldStrategy !== 'timeseries',

    normalize: has('normalize') ? bool('normalize', r.normalize) : false,
    normalizeMethod: has('normalizeMethod') ? oneOf('normalizeMethod', r.normalizeMethod, ['zscore', 'minmax', 'maxabs', 'robust'] as const) : 'zscore',
    numericImputation: !has('numericImputation')
      ? 'mean'
      : typeof r.numericImputation === 'number'
        ? finiteNumber('numericImputation', r.numericImputation)
        : oneOf('numericImputation', r.numericImputation, ['mean', 'median', 'mode', 'zero', 'drop', 'knn'] as const),
    categoricalImputation: 'mode',
    maxEncodingOhe: has('maxEncodingOhe') ? int('maxEncodingOhe', r.maxEncodingOhe, 0, 100_000) : 25,
    ignoreFeatures: [],
    numericFeatures: [],
    categoricalFeatures: [],
    ordinalFeatures: {},
    dateFeatures: [],
    textFeatures: [],
    keepFeatures: [],
    dropMissingTarget: has('dropMissingTarget') ? bool('dropMissingTarget', r.dropMissingTarget) : false,
    encodingMethod: has('encodingMethod') ? oneOf('encodingMethod', r.encodingMethod, ENCODING_METHODS) : 'target',
    polynomialFeatures: has('polynomialFeatures') ? bool('polynomialFeatures', r.polynomialFeatures) : false,
    polynomialDegree: has('polynomialDegree') ? int('polynomialDegree', r.polynomialDegree, 2, 5) : 2,
    lowVarianceThreshold: null,
    removeMulticollinearity: has('removeMulticollinearity') ? bool('removeMulticollinearity', r.removeMulticollinearity) : false,
    multicollinearityThreshold: 0.9,
    transformation: has('transformation') ? bool('transformation', r.transformation) : false,
    transformationMethod: has('transformationMethod') ? oneOf('transformationMethod', r.transformationMethod, ['yeo-johnson', 'quantile'] as const) : 'yeo-johnson',
    pca: has('pca') ? bool('pca', r.pca) : false,
    pcaMethod: has('pcaMethod') ? oneOf('pcaMethod', r.pcaMethod, ['linear'] as const) : 'linear',
    pcaComponents: has('pcaComponents') ? countOrFraction('pcaComponents', r.pcaComponents, 'components') : null,
    featureSelection: has('featureSelection') ? bool('featureSelection', r.featureSelection) : false,
    featureSelectionMethod: has('featureSelectionMethod') ? oneOf('featureSelectionMethod', r.featureSelectionMethod, ['univariate', 'classic'] as const) : 'univariate',
    nFeaturesToSelect: has('nFeaturesToSelect') ? countOrFraction('nFeaturesToSelect', r.nFeaturesToSelect, 'features') : 0.2,
    rareToValue: null,
    rareValue: 'rare',
    ...validateRowOptions(r, task),
    ...columnSteps(r, task),
  };
  if (has('categoricalImputation')) {
    const c = r.categoricalImputation;
    if (typeof c !== 'string' || c === '') fail('categoricalImputation', 'categoricalImputation must be "mode" or the text to fill missing cells with');
    out.categoricalImputation = c;
  }
  if (has('rareToValue')) {
    const f = r.rareToValue;
    if (typeof f !== 'number' || !(f > 0 && f < 1)) fail('rareToValue', 'rareToValue must be a fraction strictly between 0 and 1 (or null for no grouping)');
    out.rareToValue = f;
  }
  if (has('rareValue')) {
    if (typeof r.rareValue !== 'string' || r.rareValue === '') fail('rareValue', 'rareValue must be a non-empty string');
    out.rareValue = r.rareValue;
  }
  if (has('lowVarianceThreshold')) {
    const t = r.lowVarianceThreshold;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) fail('lowVarianceThreshold', 'lowVarianceThreshold must be a number >= 0 (or null for no variance filter)');
    out.lowVarianceThreshold = t;
  }
  if (has('multicollinearityThreshold')) {
    const t = r.multicollinearityThreshold;
    if (typeof t !== 'number' || !(t > 0 && t <= 1)) fail('multicollinearityThreshold', 'multicollinearityThreshold must be a number in (0, 1]');
    out.multicollinearityThreshold = t;
  }
  if (has('trainSize')) {
    const t = r.trainSize;
    if (typeof t !== 'number' || !(t > 0 && t < 1)) fail('trainSize', 'trainSize must be a number strictly between 0 and 1');
    out.trainSize = t;
  }
  if (task === 'regression' && out.foldStrategy === 'stratifiedkfold') fail('foldStrategy', 'stratifiedkfold needs classes: use kfold for regression');
  if (task === 'regression' && out.dataSplitStratify === true) fail('dataSplitStratify', 'a regression split cannot be stratified by its target: list columns instead');
  if (Array.isArray(out.dataSplitStratify) && out.dataSplitStratify.length === 0) fail('dataSplitStratify', 'dataSplitStratify lists no column');
  if (out.foldStrategy === 'timeseries' && out.dataSplitShuffle) fail('dataSplitShuffle', 'foldStrategy "timeseries" keeps the row order: dataSplitShuffle must be false');
  if ((out.foldStrategy === 'timeseries' || out.foldStrategy === 'groupkfold') && out.foldShuffle) fail('foldShuffle', `foldStrategy "${out.foldStrategy}" does not shuffle`);
  if (has('ignoreFeatures')) {
    const f = r.ignoreFeatures;
    if (!Array.isArray(f) || !f.every((x) => typeof x === 'string')) fail('ignoreFeatures', 'ignoreFeatures must be an array of column names');
    out.ignoreFeatures = [...new Set(f as string[])];
  }
  for (const [list] of TYPE_LISTS) if (has(list)) out[list] = columnList(list, r[list]);
  if (has('keepFeatures')) out.keepFeatures = columnList('keepFeatures', r.keepFeatures);
  if (has('ordinalFeatures')) out.ordinalFeatures = ordinalMap(r.ordinalFeatures);
  const declaredBy = new Map<string, string>();
  const declare = (col: string, list: string): void => {
    const other = declaredBy.get(col);
    if (other !== undefined) fail(list, `column "${col}" is listed in both ${other} and ${list}`);
    declaredBy.set(col, list);
  };
  for (const [list] of TYPE_LISTS) for (const col of out[list]) declare(col, list);
  for (const col of Object.keys(out.ordinalFeatures)) declare(col, 'ordinalFeatures');
  const kept = out.keepFeatures.find((c) => out.ignoreFeatures.includes(c));
  if (kept !== undefined) fail('keepFeatures', `column "${kept}" is listed in both ignoreFeatures and keepFeatures`);
  if (has('foldGroups')) {
    if (typeof r.foldGroups !== 'string' || r.foldGroups === '') fail('foldGroups', 'foldGroups must be a column name');
    out.foldGroups = r.foldGroups;
  }
  if (out.foldStrategy === 'groupkfold' && out.foldGroups === undefined) fail('foldGroups', 'foldStrategy "groupkfold" needs foldGroups: the column holding each row\'s group');
  if (out.foldStrategy !== 'groupkfold' && out.foldGroups !== undefined) fail('foldGroups', 'foldGroups applies only with foldStrategy "groupkfold"');
  if (has('trainIndex')) out.trainIndex = rowList('trainIndex', r.trainIndex, 'row numbers');
  if (has('testIndex')) out.testIndex = rowList('testIndex', r.testIndex, 'row numbers');
  if (out.trainIndex && out.testIndex) {
    const train = new Set(out.trainIndex);
    const both = out.testIndex.find((x) => train.has(x));
    if (both !== undefined) fail('testIndex', `row ${both} is in both trainIndex and testIndex`);
  }
  if (out.testData !== undefined)
    for (const k of ['trainIndex', 'testIndex'] as const)
      if (out[k] !== undefined) fail(k, `${k} splits the dataset, but testData already gives the holdout: use one or the other`);
  if (has('customFolds')) {
    const f = r.customFolds;
    if (!Array.isArray(f) || f.length < 2) fail('customFolds', 'customFolds must list at least 2 folds of [trainPositions, validationPositions]');
    out.customFolds = f.map((pair, i): [number[], number[]] => {
      if (!Array.isArray(pair) || pair.length !== 2) fail('customFolds', `fold ${i} must be [trainPositions, validationPositions]`);
      const tr = rowList('customFolds', pair[0], `train positions of fold ${i}`);
      const va = rowList('customFolds', pair[1], `validation positions of fold ${i}`);
      const s = new Set(tr);
      const dup = va.find((x) => s.has(x));
      if (dup !== undefined) fail('customFolds', `fold ${i}: position ${dup} is in both its train and validation parts`);
      return [tr, va];
    });
    out.fold = f.length;
  }
  return out;
}

/** The column-level options of issue 10 (joint imputation, text, target transform, binning), validated. */
function columnSteps(r: Record<string, unknown>, task: TaskType): Pick<ResolvedSetup, 'imputationType' | 'iterativeImputationIters' | 'numericIterativeImputer' | 'categoricalIterativeImputer' | 'textMaxFeatures' | 'textFeaturesMethod' | 'transformTarget' | 'transformTargetMethod' | 'binNumericFeatures'> {
  const has = (k: string): boolean => r[k] !== undefined && r[k] !== null;
  const out = {
    imputationType: has('imputationType') ? oneOf('imputationType', r.imputationType, ['simple', 'iterative'] as const) : 'simple',
    iterativeImputationIters: has('iterativeImputationIters') ? int('iterativeImputationIters', r.iterativeImputationIters, 1, 100) : 5,
    numericIterativeImputer: has('numericIterativeImputer') ? oneOf('numericIterativeImputer', r.numericIterativeImputer, ITERATIVE_MODELS) : 'br',
    categoricalIterativeImputer: has('categoricalIterativeImputer') ? oneOf('categoricalIterativeImputer', r.categoricalIterativeImputer, ITERATIVE_CLASSIFIERS) : null,
    textMaxFeatures: r.textMaxFeatures === null ? null : has('textMaxFeatures') ? int('textMaxFeatures', r.textMaxFeatures, 1, 100_000) : 100,
    // PyCaret also accepts "tfidf".
    textFeaturesMethod: has('textFeaturesMethod') ? (r.textFeaturesMethod === 'tfidf' ? 'tf-idf' : oneOf('textFeaturesMethod', r.textFeaturesMethod, ['tf-idf', 'bow'] as const)) : 'tf-idf',
    transformTarget: has('transformTarget') ? bool('transformTarget', r.transformTarget) : false,
    transformTargetMethod: has('transformTargetMethod') ? oneOf('transformTargetMethod', r.transformTargetMethod, ['yeo-johnson', 'quantile'] as const) : 'yeo-johnson',
    binNumericFeatures: has('binNumericFeatures') ? columnList('binNumericFeatures', r.binNumericFeatures) : [],
  } satisfies ReturnType<typeof columnSteps>;
  if (out.transformTarget && task !== 'regression') fail('transformTarget', 'transformTarget applies to regression only');
  if (out.imputationType === 'iterative' && r.numericImputation === 'knn') fail('numericImputation', 'numericImputation "knn" and imputationType "iterative" exclude each other');
  return out;
}

export function preprocessOptions(s: ResolvedSetup): PreprocessOptions {
  const constant = typeof s.numericImputation === 'number';
  return {
    ...columnPreprocessOptions(s),
    // "drop" leaves incomplete training rows out (train-rows.ts); a row to predict still gets the mean / mode.
    // "knn" is the joint imputer of columnPreprocessOptions; the per-column fallback stays the mean.
    numericImputation: typeof s.numericImputation === 'number' ? 'constant' : s.numericImputation === 'drop' || s.numericImputation === 'knn' ? 'mean' : s.numericImputation,
    ...(constant ? { numericImputationValue: s.numericImputation as number } : {}),
    maxEncodingOhe: s.maxEncodingOhe, normalize: s.normalize ? s.normalizeMethod : null, encodingMethod: s.encodingMethod,
    rareToValue: s.rareToValue, rareValue: s.rareValue,
    ...(s.categoricalImputation !== 'mode' && s.categoricalImputation !== 'drop' ? { categoricalFill: s.categoricalImputation } : {}),
    transforms: {
      polynomialDegree: s.polynomialFeatures ? s.polynomialDegree : null,
      lowVarianceThreshold: s.lowVarianceThreshold,
      multicollinearityThreshold: s.removeMulticollinearity ? s.multicollinearityThreshold : null,
      transformation: s.transformation ? s.transformationMethod : null,
      ...(s.pca ? { pcaComponents: s.pcaComponents } : {}),
      nFeaturesToSelect: s.featureSelection ? s.nFeaturesToSelect : null,
      exempt: s.keepFeatures,
      ...columnTransforms(s),
    } };
}

function columnPreprocessOptions(s: ResolvedSetup): Pick<PreprocessOptions, 'jointImputation' | 'textMaxFeatures' | 'textMethod'> {
  const jointImputation =
    s.imputationType === 'iterative'
      ? {
          method: 'iterative' as const, iterations: s.iterativeImputationIters, model: s.numericIterativeImputer, seed: s.sessionId, skipComplete: true,
          ...(s.categoricalIterativeImputer ? { classifier: s.categoricalIterativeImputer } : {}),
        }
      : s.numericImputation === 'knn'
        ? { method: 'knn' as const, neighbors: 5 }
        : null;
  return { jointImputation, textMaxFeatures: s.textMaxFeatures, textMethod: s.textFeaturesMethod };
}

function columnTransforms(s: ResolvedSetup): Pick<MatrixStepOptions, 'binColumns' | 'selectionMethod' | 'selectionSeed'> {
  return {
    ...(s.binNumericFeatures.length > 0 ? { binColumns: s.binNumericFeatures } : {}),
    ...(s.featureSelection && s.featureSelectionMethod === 'classic' ? { selectionMethod: 'classic' as const, selectionSeed: s.sessionId } : {}),
  };
}
