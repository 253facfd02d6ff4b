// Setup's transformations of the encoded matrix, in PyCaret's order: polynomial features, low variance,
// multicollinearity, Yeo-Johnson (before normalisation), then PCA and univariate feature selection (after it).
// Each is fitted on the training rows' matrix and replayed on any other rows.
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { fClassif, fRegression, multicollinearityKeep, selectColumns, selectKBest, varianceThresholdKeep } from './column-selection.js';
import { fitPca, pcaTransform } from './pca.js';
import { polynomialNames, polynomialTerms, polynomialTransform } from './polynomial-features.js';
import { PowerTransformer } from './power-transformer.js';
import { QuantileTransformer } from './quantile-transformer.js';
import { binOf, kmeansBinEdges } from './kbins.js';
import { importanceKeep } from './importance-selection.js';

export interface MatrixStepOptions {
  /** PolynomialFeatures degree; null = off. */
  polynomialDegree?: number | null;
  /** VarianceThreshold; null = off. */
  lowVarianceThreshold?: number | null;
  /** RemoveMulticollinearity threshold; null = off. */
  multicollinearityThreshold?: number | null;
  /** Yeo-Johnson power transform (PyCaret: standardize=false) or the quantile transform to a normal; null = off. */
  transformation?: 'yeo-johnson' | 'quantile' | null;
  /** PCA components (count, or fraction of variance in (0, 1)); undefined = no PCA, null = all components. */
  pcaComponents?: number | null;
  /** SelectKBest k (count, or fraction of the model inputs in (0, 1)); null = off. */
  nFeaturesToSelect?: number | null;
  /** Input columns (keepFeatures) whose model inputs no selection step drops. */
  exempt?: readonly string[];
  /** Model inputs (numeric columns) replaced by their k-means bin (bin_numeric_features); after polynomial features. */
  binColumns?: readonly string[];
  /** Feature selection by univariate F scores (default) or by a LightGBM's split importances (PyCaret's "classic"). */
  selectionMethod?: 'univariate' | 'classic';
  /** The seed of the "classic" selection's model. */
  selectionSeed?: number;
}

export type SelectReason = 'lowVariance' | 'multicollinearity' | 'featureSelection';

export type MatrixStep =
  | { kind: 'polynomial'; terms: number[][] }
  | { kind: 'select'; reason: SelectReason; keep: number[] }
  | { kind: 'power'; transformer: PowerTransformer }
  | { kind: 'quantile'; transformer: QuantileTransformer }
  | { kind: 'pca'; mean: Float64Array; components: Float64Array; k: number }
  | { kind: 'bins'; columns: number[]; edges: number[][] };

/** What a step did, for preprocessor.fitted and the run summary. */
export interface MatrixStepSummary {
  step: 'polynomial' | SelectReason | 'transformation' | 'pca' | 'bins';
  inputs: number;
  outputs: number;
  /** Model inputs a selection step dropped. */
  dropped?: string[];
  /** Model inputs a bins step discretised, and the bins each got. */
  binned?: Array<{ column: string; bins: number }>;
  /** featureSelection: "univariate" (F scores) or "classic" (model importances). */
  method?: 'univariate' | 'classic';
}

export interface FittedSteps {
  steps: MatrixStep[];
  X: Matrix;
  names: string[];
  summaries: MatrixStepSummary[];
  /** Columns of X that selection steps keep regardless (from keepFeatures). */
  exempt: Set<number>;
}

/** y: the training rows' target (class codes when classes > 0). */
export interface StepTarget {
  y: Float64Array;
  classes: number;
}

/** keep plus the exempt columns, ascending. */
function withExempt(keep: readonly number[], exempt: ReadonlySet<number>): number[] {
  return [...new Set([...keep, ...exempt])].sort((a, b) => a - b);
}

function push(out: FittedSteps, step: MatrixStep, summary: Omit<MatrixStepSummary, 'inputs' | 'outputs'>): void {
  const inputs = out.names.length;
  if (step.kind === 'select') out.exempt = new Set(step.keep.flatMap((j, i) => (out.exempt.has(j) ? [i] : [])));
  else if (step.kind === 'polynomial') out.exempt = new Set(step.terms.flatMap((t, i) => (t.length === 1 && out.exempt.has(t[0] as number) ? [i] : [])));
  else if (step.kind === 'pca') out.exempt = new Set();
  out.X = applyStep(step, out.X);
  out.names = stepNames(step, out.names);
  out.steps.push(step);
  out.summaries.push({ ...summary, inputs, outputs: out.names.length });
}

function dropped(names: readonly string[], keep: readonly number[]): string[] {
  const kept = new Set(keep);
  return names.filter((_, j) => !kept.has(j));
}

/** The steps before normalisation, fitted on X (the training rows). */
export function fitBeforeScaling(X: Matrix, names: readonly string[], target: StepTarget | undefined, o: MatrixStepOptions, exempt: ReadonlySet<number>): FittedSteps {
  const out: FittedSteps = { steps: [], X, names: [...names], summaries: [], exempt: new Set(exempt) };
  if (o.polynomialDegree != null) push(out, { kind: 'polynomial', terms: polynomialTerms(out.names.length, o.polynomialDegree) }, { step: 'polynomial' });
  if (o.binColumns && o.binColumns.length > 0) {
    const columns = o.binColumns.map((c) => {
      const j = out.names.indexOf(c);
      if (j < 0) throw new EngineInputError('BAD_PARAM', `binNumericFeatures lists "${c}", which is not a numeric feature`, 'setupParams.binNumericFeatures');
      return j;
    });
    const p = out.X.cols;
    const edges = columns.map((j) => kmeansBinEdges(Float64Array.from({ length: out.X.rows }, (_, i) => out.X.data[i * p + j] as number)));
    push(out, { kind: 'bins', columns, edges }, { step: 'bins', binned: columns.map((j, t) => ({ column: out.names[j] as string, bins: (edges[t] as number[]).length + 1 })) });
  }
  if (o.lowVarianceThreshold != null) {
    const keep = withExempt(varianceThresholdKeep(out.X, o.lowVarianceThreshold).keep, out.exempt);
    push(out, { kind: 'select', reason: 'lowVariance', keep }, { step: 'lowVariance', dropped: dropped(out.names, keep) });
  }
  if (o.multicollinearityThreshold != null) {
    if (!target) throw new Error('fitBeforeScaling: removeMulticollinearity needs the target');
    const keep = withExempt(multicollinearityKeep(out.X, target.y, o.multicollinearityThreshold), out.exempt);
    push(out, { kind: 'select', reason: 'multicollinearity', keep }, { step: 'multicollinearity', dropped: dropped(out.names, keep) });
  }
  if (o.transformation === 'yeo-johnson') push(out, { kind: 'power', transformer: new PowerTransformer(false).fit(out.X) }, { step: 'transformation' });
  if (o.transformation === 'quantile') push(out, { kind: 'quantile', transformer: new QuantileTransformer().fit(out.X) }, { step: 'transformation' });
  return out;
}

/** The steps after normalisation, fitted on X (the training rows, normalised). */
export function fitAfterScaling(X: Matrix, names: readonly string[], target: StepTarget | undefined, o: MatrixStepOptions, exempt: ReadonlySet<number>): FittedSteps {
  const out: FittedSteps = { steps: [], X, names: [...names], summaries: [], exempt: new Set(exempt) };
  if (o.pcaComponents !== undefined) {
    const fit = fitPca(out.X, o.pcaComponents);
    push(out, { kind: 'pca', mean: fit.mean, components: fit.components, k: fit.nComponents }, { step: 'pca' });
  }
  if (o.nFeaturesToSelect != null) {
    if (!target) throw new Error('fitAfterScaling: featureSelection needs the target');
    const width = out.names.length;
    const k = o.nFeaturesToSelect < 1 ? Math.max(1, Math.floor(o.nFeaturesToSelect * width)) : Math.min(o.nFeaturesToSelect, width);
    const classic = o.selectionMethod === 'classic';
    const chosen = classic ? importanceKeep(out.X, target, k, o.selectionSeed ?? 0) : selectKBest(target.classes > 0 ? fClassif(out.X, target.y) : fRegression(out.X, target.y), k);
    const keep = withExempt(chosen, out.exempt);
    push(out, { kind: 'select', reason: 'featureSelection', keep }, { step: 'featureSelection', dropped: dropped(out.names, keep), method: classic ? 'classic' : 'univariate' });
  }
  return out;
}

export function applyStep(step: MatrixStep, X: Matrix): Matrix {
  switch (step.kind) {
    case 'polynomial':
      return polynomialTransform(X, step.terms);
    case 'select':
      return selectColumns(X, step.keep);
    case 'power':
    case 'quantile':
      return step.transformer.transform(X);
    case 'pca':
      return pcaTransform(X, step.mean, step.components, step.k);
    case 'bins':
      return binTransform(X, step.columns, step.edges);
  }
}

function binTransform(X: Matrix, columns: readonly number[], edges: readonly number[][]): Matrix {
  const out = { rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) };
  const p = X.cols;
  columns.forEach((j, t) => {
    for (let i = 0; i < X.rows; i++) out.data[i * p + j] = binOf(X.data[i * p + j] as number, edges[t] as number[]);
  });
  return out;
}

export function applySteps(steps: readonly MatrixStep[], X: Matrix): Matrix {
  let out = X;
  for (const s of steps) out = applyStep(s, out);
  return out;
}

export function stepNames(step: MatrixStep, names: readonly string[]): string[] {
  switch (step.kind) {
    case 'polynomial':
      return polynomialNames(names, step.terms);
    case 'select':
      return step.keep.map((j) => names[j] as string);
    case 'power':
    case 'quantile':
    case 'bins':
      return [...names];
    case 'pca':
      return Array.from({ length: step.k }, (_, i) => `pca${i}`);
  }
}

export type MatrixStepJSON =
  | { kind: 'polynomial'; terms: number[][] }
  | { kind: 'select'; reason: SelectReason; keep: number[] }
  | { kind: 'power' | 'quantile'; transformer: unknown }
  | { kind: 'pca'; mean: number[]; components: number[]; k: number }
  | { kind: 'bins'; columns: number[]; edges: number[][] };

export function stepToJSON(s: MatrixStep): MatrixStepJSON {
  switch (s.kind) {
    case 'polynomial':
      return { kind: 'polynomial', terms: s.terms.map((t) => [...t]) };
    case 'select':
      return { kind: 'select', reason: s.reason, keep: [...s.keep] };
    case 'power':
    case 'quantile':
      return { kind: s.kind, transformer: s.transformer.toJSON() };
    case 'pca':
      return { kind: 'pca', mean: Array.from(s.mean), components: Array.from(s.components), k: s.k };
    case 'bins':
      return { kind: 'bins', columns: [...s.columns], edges: s.edges.map((e) => [...e]) };
  }
}

const REASONS: readonly SelectReason[] = ['lowVariance', 'multicollinearity', 'featureSelection'];

/** Parses stored steps, checking each against the width it receives; returns the steps and the output width. */
export function stepsFromJSON(json: unknown, width: number): { steps: MatrixStep[]; width: number } {
  const bad = (why: string): never => {
    throw new EngineInputError('BAD_PIPELINE', `malformed preprocessor transform: ${why}`, 'pipeline');
  };
  if (!Array.isArray(json)) return bad('expected a list');
  const steps: MatrixStep[] = [];
  let w = width;
  const index = (v: unknown, below: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
  for (const [i, raw] of json.entries()) {
    const o = raw as Partial<Record<string, unknown>> | null;
    if (!o || typeof o !== 'object') return bad(`step ${i}`);
    if (o.kind === 'polynomial') {
      const terms = o.terms;
      if (!Array.isArray(terms) || terms.length === 0 || !terms.every((t) => Array.isArray(t) && t.length > 0 && t.every((j) => index(j, w)))) return bad(`step ${i}: terms`);
      steps.push({ kind: 'polynomial', terms: terms as number[][] });
      w = terms.length;
    } else if (o.kind === 'select') {
      const keep = o.keep;
      if (!REASONS.includes(o.reason as SelectReason) || !Array.isArray(keep) || keep.length === 0 || !keep.every((j) => index(j, w))) return bad(`step ${i}: keep`);
      steps.push({ kind: 'select', reason: o.reason as SelectReason, keep: keep as number[] });
      w = keep.length;
    } else if (o.kind === 'power') {
      steps.push({ kind: 'power', transformer: PowerTransformer.fromJSON(o.transformer, w, `step ${i}`) });
    } else if (o.kind === 'quantile') {
      steps.push({ kind: 'quantile', transformer: QuantileTransformer.fromJSON(o.transformer, w, `step ${i}`) });
    } else if (o.kind === 'pca') {
      const { mean, components, k } = o;
      const finite = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
      if (!index(k, w + 1) || k === 0 || !finite(mean, w) || !finite(components, k * w)) return bad(`step ${i}: pca`);
      steps.push({ kind: 'pca', mean: Float64Array.from(mean), components: Float64Array.from(components), k });
      w = k;
    } else if (o.kind === 'bins') {
      const { columns, edges } = o;
      const ascending = (e: unknown): e is number[] => Array.isArray(e) && e.every((v, t) => typeof v === 'number' && Number.isFinite(v) && (t === 0 || v > (e[t - 1] as number)));
      if (!Array.isArray(columns) || columns.length === 0 || !columns.every((j) => index(j, w)) || new Set(columns).size !== columns.length) return bad(`step ${i}: bins columns`);
      if (!Array.isArray(edges) || edges.length !== columns.length || !edges.every(ascending)) return bad(`step ${i}: bin edges`);
      steps.push({ kind: 'bins', columns: columns as number[], edges: edges as number[][] });
    } else return bad(`step ${i} has an unknown kind`);
  }
  return { steps, width: w };
}
