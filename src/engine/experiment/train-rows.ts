// The row-level steps of a training part (a CV fold's train rows, the whole train part, or every row at
// finalize), in PyCaret's order: rows with a missing cell dropped ("drop" imputation), the preprocessor
// fitted on the rows left, outliers removed by an isolation forest on the preprocessed matrix, then SMOTE.
// None of them touches validation, holdout or prediction rows: they only decide what a model is fitted on.
import type { Matrix } from '../core/matrix.js';
import { takeRows } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import type { Frame } from '../frame/frame.js';
import type { ClassLabel } from '../pipeline/pipeline.js';
import { isolationForestOutliers } from '../preprocessing/isolation-forest.js';
import { Preprocessor, type PreprocessOptions } from '../preprocessing/preprocessor.js';
import { dropColumns, rowsWithoutMissing, type DropMissingOptions } from '../preprocessing/row-filters.js';
import { smote, SMOTE_K_NEIGHBORS } from '../preprocessing/smote.js';
import { encodingTarget } from '../preprocessing/target-encoder.js';
import type { ResolvedSetup } from './setup-options.js';

export interface RowSteps {
  dropMissing: DropMissingOptions;
  /** Isolation-forest contamination; null = keep every row. */
  outliersThreshold: number | null;
  smote: boolean;
  seed: number;
}

export function rowStepsOf(s: ResolvedSetup): RowSteps {
  return {
    dropMissing: { numeric: s.numericImputation === 'drop', categorical: s.categoricalImputation === 'drop' },
    outliersThreshold: s.removeOutliers ? s.outliersThreshold : null,
    smote: s.fixImbalance,
    seed: s.sessionId,
  };
}

export function hasRowSteps(r: RowSteps): boolean {
  return r.dropMissing.numeric || r.dropMissing.categorical || r.outliersThreshold !== null || r.smote;
}

/** What the row steps did to one training part (for the preprocessor.fitted event and the run summary). */
export interface RowReport {
  rowsIn: number;
  /** Rows left out for a missing cell in one of dropColumns. */
  droppedMissing: number;
  dropColumns: string[];
  /** Rows the isolation forest flagged and removed (null = step off). */
  outliersRemoved: number | null;
  /** SMOTE's synthetic rows per class label (null = step off). */
  synthetic: Array<{ label: ClassLabel; added: number }> | null;
  rowsOut: number;
}

export interface TrainingSet {
  X: Matrix;
  y: Float64Array;
  pre: Preprocessor;
  report: RowReport;
}

interface TrainingData {
  frame: Frame;
  features: readonly string[];
  /** Target of every frame row (class codes for classification). */
  y: Float64Array;
  classes: readonly ClassLabel[] | null;
}

function keptRows(d: TrainingData, rows: Int32Array, types: PreprocessOptions['featureTypes'], steps: RowSteps): { kept: Int32Array; columns: string[] } {
  const columns = steps.dropMissing.numeric || steps.dropMissing.categorical ? dropColumns(d.frame, d.features, types, steps.dropMissing) : [];
  const kept = rowsWithoutMissing(d.frame, columns, rows);
  if (kept.length === 0) {
    const field = steps.dropMissing.numeric ? 'setupParams.numericImputation' : 'setupParams.categoricalImputation';
    throw new EngineInputError('TOO_FEW_ROWS', `every training row has a missing value in ${columns.join(', ')}: "drop" imputation leaves no row to fit on`, field);
  }
  return { kept, columns };
}

function targetsOf(y: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i] as number] as number;
  return out;
}

/** Outlier removal then SMOTE on a preprocessed training matrix. */
function finish(d: TrainingData, X: Matrix, y: Float64Array, steps: RowSteps, report: RowReport): { X: Matrix; y: Float64Array } {
  let Xo = X;
  let yo = y;
  if (steps.outliersThreshold !== null) {
    const { outlier } = isolationForestOutliers(X, { contamination: steps.outliersThreshold, seed: steps.seed });
    const keep: number[] = [];
    for (let i = 0; i < X.rows; i++) if (!outlier[i]) keep.push(i);
    report.outliersRemoved = X.rows - keep.length;
    if (keep.length < X.rows) {
      Xo = takeRows(X, keep);
      yo = Float64Array.from(keep, (i) => y[i] as number);
    }
  }
  if (steps.smote && d.classes) {
    const s = smote(Xo, yo, d.classes.length, steps.seed);
    report.synthetic = d.classes.map((label, c) => ({ label, added: s.report.added[c] ?? 0 }));
    Xo = s.X;
    yo = s.y;
  }
  report.rowsOut = Xo.rows;
  return { X: Xo, y: yo };
}

function newReport(rowsIn: number, kept: number, columns: string[], steps: RowSteps): RowReport {
  return { rowsIn, droppedMissing: rowsIn - kept, dropColumns: columns, outliersRemoved: steps.outliersThreshold !== null ? 0 : null, synthetic: null, rowsOut: kept };
}

/** Fits the preprocessor on a training part's rows (after the drop step) and returns the matrix a model is fitted on. */
export function fitTraining(d: TrainingData, rows: Int32Array, preprocess: PreprocessOptions, steps: RowSteps): TrainingSet {
  const { kept, columns } = keptRows(d, rows, preprocess.featureTypes, steps);
  const pre = new Preprocessor(preprocess).fit(d.frame, d.features, kept, encodingTarget(d.y, d.classes));
  const report = newReport(rows.length, kept.length, columns, steps);
  const { X, y } = finish(d, pre.transform(d.frame, kept), targetsOf(d.y, kept), steps, report);
  return { X, y, pre, report };
}

/** The same training matrix with a preprocessor already fitted on these rows by fitTraining (deterministic). */
export function trainingMatrix(d: TrainingData, rows: Int32Array, pre: Preprocessor, types: PreprocessOptions['featureTypes'], steps: RowSteps): { X: Matrix; y: Float64Array } {
  const { kept, columns } = keptRows(d, rows, types, steps);
  return finish(d, pre.transform(d.frame, kept), targetsOf(d.y, kept), steps, newReport(rows.length, kept.length, columns, steps));
}

export type RowStepSummary =
  | { step: 'dropMissing'; columns: string[]; rowsDropped: number; atPredict: string }
  | { step: 'removeOutliers'; method: 'iforest'; threshold: number; rowsRemoved: number }
  | { step: 'fixImbalance'; method: 'smote'; kNeighbors: number; synthetic: Array<{ label: ClassLabel; added: number }> }
  | { step: 'classWeight'; value: 'balanced'; models: string[] };

/**
 * Each row step with what it did to the train part (every CV fold does the same to its own training rows;
 * validation and holdout rows are never dropped, removed or oversampled).
 */
export function rowStepsSummary(s: ResolvedSetup, report: RowReport | null, weightedModels: readonly string[]): RowStepSummary[] {
  const out: RowStepSummary[] = [];
  if (report && (s.numericImputation === 'drop' || s.categoricalImputation === 'drop'))
    out.push({
      step: 'dropMissing',
      columns: [...report.dropColumns],
      rowsDropped: report.droppedMissing,
      // PyCaret's DropImputer would drop the row at predict too (and lose its prediction): we predict every row.
      atPredict: 'rows to predict are never dropped: a missing cell gets the training mean (numeric) or mode (categorical)',
    });
  if (report && s.removeOutliers) out.push({ step: 'removeOutliers', method: 'iforest', threshold: s.outliersThreshold, rowsRemoved: report.outliersRemoved ?? 0 });
  if (report && s.fixImbalance) out.push({ step: 'fixImbalance', method: 'smote', kNeighbors: SMOTE_K_NEIGHBORS, synthetic: report.synthetic ?? [] });
  if (s.classWeight === 'balanced') out.push({ step: 'classWeight', value: 'balanced', models: [...weightedModels] });
  return out;
}
