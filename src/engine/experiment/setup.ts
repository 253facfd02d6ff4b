import type { EngineLogger, PlanRequest } from '../types.js';
import { EngineInputError } from '../errors.js';
import { checkNotAllMissing, checkRowsForFolds, countMissingTarget, encodeTarget, rowsWithTarget, type Frame } from '../frame/index.js';
import type { ModelRegistry } from '../models/registry.js';
import { ENGINE_VERSION } from '../pipeline/pipeline.js';
import { appendRows } from '../frame/concat.js';
import { kFold, stratifiedKFold, trainTestSplit } from '../selection/index.js';
import { groupKFold } from '../selection/group-kfold.js';
import { timeSeriesSplit } from '../selection/time-series-split.js';
import { groupIds, stratifyLabels } from './split-columns.js';
import type { Experiment, Fold } from './experiment.js';
import { planFeatures } from './feature-plan.js';
import { metricsOf } from './metric-names.js';
import { preprocessOptions, validateSetupOptions, type ResolvedSetup } from './setup-options.js';
import { fitTraining, hasRowSteps, rowStepsOf, rowStepsSummary } from './train-rows.js';

export interface SetupContext {
  logger: EngineLogger;
  signal?: AbortSignal;
  registry: ModelRegistry;
  /** The rows of setupParams.testData (loaded by the caller): the holdout, instead of a split. */
  testFrame?: Frame;
  permutationHelper?: Experiment['permutationHelper'];
}

function badParam(name: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, `setupParams.${name}`);
}

function checkRows(name: string, rows: readonly number[], n: number, what: string): void {
  const bad = rows.find((r) => r >= n);
  if (bad !== undefined) badParam(name, `${name} refers to ${what} ${bad}, but there are only ${n}`);
}

function complement(n: number, taken: readonly number[]): number[] {
  const used = new Uint8Array(n);
  for (const r of taken) used[r] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!used[i]) out.push(i);
  return out;
}

function classCounts(y: Float64Array, rows: ArrayLike<number>, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < rows.length; i++) c[y[rows[i] as number] as number]!++;
  return c;
}

/**
 * PyCaret's setup: checks the data, splits train/test (stratified, seeded by sessionId, or the explicit
 * indices), cuts the CV folds on the train part, fits the preprocessor on the train part.
 * Emits experiment.started, data.split, preprocessor.fitted, experiment.fitted (and warnings).
 * Data errors are thrown right after experiment.started, before any other event.
 */
export function setupExperiment(source: Frame, req: PlanRequest, ctx: SetupContext): Experiment {
  const started = performance.now();
  const { logger } = ctx;
  const task = req.task;
  const s: ResolvedSetup = validateSetupOptions(req.setup, task);
  const fold = req.params.fold ?? s.fold;
  logger.emit({
    kind: 'experiment.started',
    message: `${task} experiment on "${req.target}" (${source.rows} rows, ${source.columns.length} columns), plan ${req.plan}`,
    payload: { engine: ENGINE_VERSION, task, target: req.target, plan: req.plan, modelId: req.modelId ?? null, rows: source.rows, columns: source.columns.length, sessionId: s.sessionId, threads: req.threads ?? 1 },
  });

  // testData: its rows go below the dataset's and form the test part (PyCaret's test_data).
  if (s.testData !== undefined && !ctx.testFrame) badParam('testData', `testData "${s.testData}" was not loaded: pass its rows with the request`);
  const holdout = s.testData !== undefined && ctx.testFrame ? ctx.testFrame : null;
  const joined = holdout ? appendRows(source, holdout, 'setupParams.testData') : source;
  // PyCaret drops rows with a missing target only when asked; otherwise encodeTarget refuses them.
  const dropped = dropMissingTargetRows(joined, req.target, s);
  const { frame, droppedMissingTarget } = dropped;
  const sourceRows = holdout ? holdoutSourceRows(dropped.sourceRows, frame.rows, source.rows) : dropped.sourceRows;
  const { y, classes } = encodeTarget(frame, req.target, task);
  if (req.params.probabilityThreshold !== undefined && classes?.length !== 2)
    throw new EngineInputError('BAD_PARAM', `probabilityThreshold applies to binary classification only (this target has ${classes ? `${classes.length} classes` : 'no classes'})`, 'params.probabilityThreshold');
  for (const f of s.ignoreFeatures) {
    if (!frame.column(f)) badParam('ignoreFeatures', `ignoreFeatures lists "${f}", which is not a column`);
    if (f === req.target) badParam('ignoreFeatures', 'the target cannot be ignored');
  }
  const features = frame.names().filter((n) => n !== req.target && !s.ignoreFeatures.includes(n));
  if (features.length === 0) throw new EngineInputError('BAD_INPUT', 'there is no feature column left besides the target', 'setupParams.ignoreFeatures');
  checkNotAllMissing(frame.drop([req.target, ...s.ignoreFeatures]));
  const featurePlan = planFeatures(frame, req.target, features, s);

  // Split.
  const n = frame.rows;
  let train: Int32Array;
  let test: Int32Array;
  const explicit = s.trainIndex !== undefined || s.testIndex !== undefined;
  if (holdout) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let r = 0; r < n; r++) ((dropped.sourceRows ? (dropped.sourceRows[r] as number) : r) < source.rows ? tr : te).push(r);
    train = Int32Array.from(tr);
    test = Int32Array.from(te);
    if (test.length === 0) throw new EngineInputError('TOO_FEW_ROWS', 'testData has no row left to score', 'setupParams.testData');
  } else if (explicit) {
    if (s.trainIndex) checkRows('trainIndex', s.trainIndex, n, 'row');
    if (s.testIndex) checkRows('testIndex', s.testIndex, n, 'row');
    const tr = s.trainIndex ?? complement(n, s.testIndex ?? []);
    const te = s.testIndex ?? complement(n, tr);
    train = Int32Array.from(tr);
    test = Int32Array.from(te);
  } else {
    if (n < 2) throw new EngineInputError('TOO_FEW_ROWS', `the dataset has ${n} row(s): a train/test split needs at least 2`, 'setupParams.trainSize');
    // PyCaret ignores dataSplitStratify when dataSplitShuffle is false.
    const byColumns = Array.isArray(s.dataSplitStratify) && s.dataSplitShuffle ? stratifyLabels(frame, s.dataSplitStratify) : undefined;
    const stratify = byColumns ?? (task === 'classification' && s.dataSplitStratify === true && s.dataSplitShuffle ? y : undefined);
    if (stratify) {
      const counts = new Map<number, number>();
      for (const v of stratify) counts.set(v, (counts.get(v) ?? 0) + 1);
      const least = Math.min(...counts.values());
      if (least < 2)
        throw new EngineInputError(
          'TOO_FEW_ROWS',
          `the least populated ${byColumns ? 'stratum' : 'class'} has ${least} row: a stratified split needs at least 2 per ${byColumns ? 'stratum' : 'class'} (or set dataSplitStratify false)`,
          byColumns ? 'setupParams.dataSplitStratify' : 'target',
        );
    }
    ({ train, test } = trainTestSplit(n, { trainSize: s.trainSize, seed: s.sessionId, stratify, shuffle: s.dataSplitShuffle }));
  }
  if (train.length === 0) throw new EngineInputError('TOO_FEW_ROWS', 'the train part is empty', 'setupParams.trainSize');

  // Folds on the train part.
  const nTrain = train.length;
  let folds: Fold[];
  const yTrain = new Float64Array(nTrain);
  for (let i = 0; i < nTrain; i++) yTrain[i] = y[train[i] as number] as number;
  let trainCounts: number[] | null = null;
  if (classes) {
    trainCounts = classCounts(y, train, classes.length);
    if (trainCounts.filter((c) => c > 0).length < 2) throw new EngineInputError('SINGLE_CLASS', 'the train part holds a single class', 'target');
  }
  if (s.customFolds && req.params.fold === undefined) {
    folds = s.customFolds.map(([tr, va], i): Fold => {
      checkRows('customFolds', tr, nTrain, `train position (fold ${i})`);
      checkRows('customFolds', va, nTrain, `validation position (fold ${i})`);
      return [Int32Array.from(tr), Int32Array.from(va)];
    });
  } else if (s.foldStrategy === 'timeseries') {
    folds = timeSeriesSplit(nTrain, fold, req.params.fold !== undefined ? 'params.fold' : 'setupParams.fold');
  } else if (s.foldStrategy === 'groupkfold') {
    folds = groupKFold(groupIds(frame, s.foldGroups as string, train), fold);
  } else {
    const stratified = task === 'classification' && s.foldStrategy === 'stratifiedkfold';
    checkRowsForFolds(stratified && trainCounts ? trainCounts : nTrain, fold, req.params.fold !== undefined ? 'params.fold' : 'setupParams.fold');
    const opts = { shuffle: s.foldShuffle, seed: s.sessionId };
    folds = stratified ? stratifiedKFold(yTrain, fold, opts) : kFold(nTrain, fold, opts);
    if (stratified && trainCounts) {
      const least = Math.min(...trainCounts.filter((c) => c > 0));
      if (least < fold)
        logger.emit({ kind: 'warning', message: `The least populated class in the train part has only ${least} members, which is less than the ${fold} folds`, payload: { code: 'SMALL_CLASS', leastPopulated: least, folds: fold } });
    }
  }

  const classBalance = (rows: Int32Array): Array<{ label: number | string; count: number }> | null =>
    classes ? classCounts(y, rows, classes.length).map((count, i) => ({ label: classes[i] as number | string, count })) : null;
  logger.emit({
    kind: 'data.split',
    message: `train ${train.length} rows, test ${test.length} rows${holdout ? ` (from testData "${s.testData}")` : ''}, ${folds.length}-fold CV${droppedMissingTarget > 0 ? ` (${droppedMissingTarget} row(s) with a missing target dropped)` : ''}`,
    payload: {
      trainRows: train.length,
      testRows: test.length,
      testData: holdout ? (s.testData ?? null) : null,
      explicit,
      droppedMissingTarget,
      stratified: !explicit && !holdout && s.dataSplitShuffle && (Array.isArray(s.dataSplitStratify) ? [...s.dataSplitStratify] : task === 'classification' && s.dataSplitStratify),
      shuffled: !explicit && !holdout && s.dataSplitShuffle,
      folds: folds.length,
      foldStrategy: s.customFolds && req.params.fold === undefined ? 'custom' : s.foldStrategy,
      foldSizes: folds.map(([, va]) => va.length),
      classBalance: classes ? { train: classBalance(train), test: classBalance(test) } : null,
    },
  });

  const preprocess = { ...preprocessOptions(s), featureTypes: featurePlan.types, ordinalLevels: featurePlan.ordinalLevels };
  const rowSteps = rowStepsOf(s);
  const trainSet = fitTraining({ frame, features, y, classes }, train, preprocess, rowSteps);
  const trainPreprocessor = trainSet.pre;
  const rowReport = hasRowSteps(rowSteps) ? trainSet.report : null;
  const summary = trainPreprocessor.summary();
  const rowSummary = rowStepsSummary(s, rowReport, task === 'classification' ? classWeightModels(ctx.registry) : []);
  logger.emit({
    kind: 'preprocessor.fitted',
    message: `${summary.inputFeatures} features -> ${summary.outputFeatures} model inputs${rowReport ? `; training rows ${rowReport.rowsIn} -> ${rowReport.rowsOut}` : ''}`,
    payload: {
      ...summary,
      outputNames: [...trainPreprocessor.outputNames],
      inferredTypes: featurePlan.inferred,
      declaredTypes: featurePlan.declared,
      rowSteps: rowSummary,
    },
  });
  const missing = features.filter((f) => {
    const c = frame.require(f);
    if (c.kind === 'numeric') return c.values.some((v) => Number.isNaN(v));
    return c.codes.some((v) => v < 0);
  });
  if (missing.length > 0)
    logger.emit({ kind: 'warning', message: `Missing values in ${missing.length} column(s) are imputed (${s.numericImputation} / ${s.categoricalImputation})`, payload: { code: 'IMPUTED', columns: missing } });
  if (summary.highCardinality.length > 0)
    logger.emit({ kind: 'warning', message: `Categorical columns with more than ${s.maxEncodingOhe} levels are encoded as ordinal codes`, payload: { code: 'HIGH_CARDINALITY', columns: summary.highCardinality, maxEncodingOhe: s.maxEncodingOhe } });

  const durationMs = performance.now() - started;
  logger.emit({
    kind: 'experiment.fitted',
    message: `setup done in ${(durationMs / 1000).toFixed(2)} s`,
    durationMs,
    payload: { features: features.length, outputFeatures: summary.outputFeatures, trainRows: train.length, testRows: test.length, folds: folds.length },
  });
  return {
    task,
    target: req.target,
    setup: s,
    frame,
    features,
    y,
    classes,
    train,
    test,
    folds,
    preprocess,
    trainPreprocessor,
    rowSteps,
    rowReport,
    rowSummary,
    metrics: metricsOf(task),
    analysisOptions: {
      enabled: req.params.analysis ?? true,
      repeats: req.params.analysisRepeats ?? 5,
      probabilityThreshold: req.params.probabilityThreshold,
      learningCurve: req.params.learningCurve ?? false,
    },
    analyses: [],
    holdoutPredictions: null,
    logger,
    signal: ctx.signal,
    registry: ctx.registry,
    threads: Math.max(1, req.threads ?? 1),
    ...(ctx.permutationHelper && (req.threads ?? 1) > 1 ? { permutationHelper: ctx.permutationHelper } : {}),
    startedAt: started,
    droppedMissingTarget,
    sourceRows,
  };
}

/** The frame without rows whose target is missing when setup asks for it (explicit row lists are then refused). */
function dropMissingTargetRows(source: Frame, target: string, s: ResolvedSetup): { frame: Frame; sourceRows: Int32Array | null; droppedMissingTarget: number } {
  if (!s.dropMissingTarget || !source.column(target)) return { frame: source, sourceRows: null, droppedMissingTarget: 0 };
  const missing = countMissingTarget(source, target);
  if (missing === 0) return { frame: source, sourceRows: null, droppedMissingTarget: 0 };
  for (const k of ['trainIndex', 'testIndex', 'customFolds'] as const)
    if (s[k] !== undefined)
      badParam(k, `${k} refers to rows of the whole dataset, but dropMissingTarget removes ${missing} row(s) with a missing target: drop them from the data instead`);
  const sourceRows = rowsWithTarget(source, target);
  return { frame: source.select(sourceRows), sourceRows, droppedMissingTarget: missing };
}

/** With testData: frame row -> its row in the dataset (train rows) or in testData (test rows). */
function holdoutSourceRows(kept: Int32Array | null, rows: number, sourceCount: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const j = kept ? (kept[r] as number) : r;
    out[r] = j < sourceCount ? j : j - sourceCount;
  }
  return out;
}

/** The classifiers that take a classWeight hyper-parameter (setupParams.classWeight applies to them). */
export function classWeightModels(registry: ModelRegistry): string[] {
  return registry.specs('classification').filter((spec) => {
    try {
      return 'classWeight' in spec.create({}).getParams();
    } catch {
      return false; // a meta-estimator, which needs its members to be created
    }
  }).map((spec) => spec.id);
}
