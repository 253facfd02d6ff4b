// Shared plumbing of the linear-family estimators (linear, neighbors, bayes, discriminant, svm, dummy):
// params with defaults, fitted-state bookkeeping, input checks, JSON encoding of typed-array state.
import { EngineInputError } from '../errors.js';
import { EstimatorBase } from '../core/base-estimator.js';
import type { EstimatorJSON, FitOptions, Params } from '../core/estimator.js';
import { matMulT } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';

export type FieldKind = 'number' | 'vector' | 'int' | 'bool' | 'string';
export type StateSchema<S> = { readonly [K in keyof S]: FieldKind };
type StateValue = number | Float64Array | boolean | string;

/** The family base of these estimators: defaults merged into params, state encoded field by field per a schema. */
export abstract class BaseEstimator<P extends Params, S extends Record<string, StateValue>> extends EstimatorBase<P, S> {
  constructor(defaults: P, overrides?: Partial<P>) {
    const merged: Params = { ...defaults };
    if (overrides) for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
    super(merged as P);
  }

  protected abstract readonly schema: StateSchema<S>;
  /** Rejects decoded state whose shapes do not fit together (throws via `badState`). */
  protected abstract checkState(s: S): void;
  /** A new unfitted estimator of the same class. */
  protected abstract make(params: Partial<P>): this;

  clone(overrides?: Partial<P>): this {
    return this.make({ ...this.params, ...(overrides ?? {}) });
  }

  toJSON(): EstimatorJSON {
    return { type: this.type, params: { ...this.params }, state: this.fitted ? encodeState(this.fitted) : null };
  }

  /** Loads fitted state from toJSON() output (used by the specs' revive). */
  restore(raw: unknown): this {
    if (raw === null) {
      this.fitted = null;
      return this;
    }
    const s = decodeState(raw, this.schema);
    this.checkState(s);
    this.fitted = s;
    return this;
  }
}

export function badState(type: string, why: string): never {
  throw new EngineInputError('BAD_PIPELINE', `malformed ${type} state: ${why}`, 'pipeline');
}

function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}
function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new EngineInputError('BAD_PIPELINE', 'malformed estimator state: expected a number', 'pipeline');
}

function encodeState(s: Record<string, StateValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v instanceof Float64Array) out[k] = Array.from(v, encodeNumber);
    else if (typeof v === 'number') out[k] = encodeNumber(v);
    else out[k] = v;
  }
  return out;
}

function decodeState<S>(raw: unknown, schema: StateSchema<S>): S {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) badState('estimator', 'state is not an object');
  const rec = raw as Record<string, unknown>;
  const out: Record<string, StateValue> = {};
  for (const [k, kind] of Object.entries(schema) as Array<[string, FieldKind]>) {
    const v = rec[k];
    if (kind === 'vector') {
      if (!Array.isArray(v)) badState('estimator', `field ${k} is not an array`);
      out[k] = Float64Array.from(v as unknown[], decodeNumber);
    } else if (kind === 'number') {
      out[k] = decodeNumber(v);
    } else if (kind === 'int') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) badState('estimator', `field ${k} is not a count`);
      out[k] = v;
    } else if (kind === 'bool') {
      if (typeof v !== 'boolean') badState('estimator', `field ${k} is not a boolean`);
      out[k] = v;
    } else {
      if (typeof v !== 'string') badState('estimator', `field ${k} is not a string`);
      out[k] = v;
    }
  }
  return out as S;
}

/** Checks that X is a well-formed finite matrix (and has `nFeatures` columns when given). */
export function checkX(X: Matrix, nFeatures?: number): void {
  if (!X || !(X.data instanceof Float64Array) || !Number.isInteger(X.rows) || !Number.isInteger(X.cols)) {
    throw new EngineInputError('BAD_INPUT', 'X must be a matrix of float64 values', 'X');
  }
  if (X.data.length !== X.rows * X.cols) {
    throw new EngineInputError('BAD_INPUT', `X has ${X.data.length} values, expected ${X.rows}x${X.cols}`, 'X');
  }
  if (X.cols < 1) throw new EngineInputError('BAD_INPUT', 'X has no feature columns', 'X');
  if (nFeatures !== undefined && X.cols !== nFeatures) {
    throw new EngineInputError('BAD_INPUT', `X has ${X.cols} features, but the model was fitted with ${nFeatures}`, 'X');
  }
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i] as number)) {
      const r = Math.floor(i / X.cols);
      throw new EngineInputError('BAD_INPUT', `X contains a missing or non-finite value (row ${r}, column ${i - r * X.cols})`, 'X');
    }
  }
}

/** Checks X and y for fitting: finite, matching lengths, at least one row. */
export function checkXy(X: Matrix, y: Float64Array, options?: FitOptions): void {
  checkX(X);
  if (X.rows < 1) throw new EngineInputError('BAD_INPUT', 'cannot fit on an empty matrix', 'X');
  if (!(y instanceof Float64Array) || y.length !== X.rows) {
    throw new EngineInputError('BAD_INPUT', `y has ${y?.length} values but X has ${X.rows} rows`, 'y');
  }
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i] as number)) throw new EngineInputError('BAD_INPUT', `y contains a missing or non-finite value (row ${i})`, 'y');
  }
  const sw = options?.sampleWeight;
  if (sw !== undefined && sw.length !== X.rows) {
    throw new EngineInputError('BAD_INPUT', `sampleWeight has ${sw.length} values but X has ${X.rows} rows`, 'sampleWeight');
  }
}

// ---- hyper-parameter checks (scikit-learn validates in fit; so do we) ----

export function badParam(name: string, why: string): never {
  throw new EngineInputError('BAD_PARAM', `${name} ${why}`, `params.${name}`);
}

export function numParam(p: Params, name: string, o: { min?: number; max?: number; minExclusive?: boolean } = {}): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) badParam(name, 'must be a finite number');
  if (o.min !== undefined && (o.minExclusive ? v <= o.min : v < o.min)) badParam(name, `must be ${o.minExclusive ? '>' : '>='} ${o.min}`);
  if (o.max !== undefined && v > o.max) badParam(name, `must be <= ${o.max}`);
  return v;
}

export function intParam(p: Params, name: string, min: number): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) badParam(name, `must be an integer >= ${min}`);
  return v;
}

export function boolParam(p: Params, name: string): boolean {
  const v = p[name];
  if (typeof v !== 'boolean') badParam(name, 'must be true or false');
  return v;
}

export function choiceParam<T extends string>(p: Params, name: string, choices: readonly T[]): T {
  const v = p[name];
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) badParam(name, `must be one of ${choices.join(', ')}`);
  return v as T;
}

/** randomState: a non-negative integer seed (PyCaret's session id). */
export function seedParam(p: Params): number {
  const v = p.randomState;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) badParam('randomState', 'must be an integer in [0, 2^32)');
  return v;
}

// ---- linear classifiers (coef: outputs × p, one output for two classes) ----

export interface LinearClassifierState {
  classes: Float64Array;
  coef: Float64Array;
  intercept: Float64Array;
}

/** Revive check: one score column for one or two classes, one per class above that. */
export function checkLinearClassifierState(type: string, s: LinearClassifierState, minClasses = 1): void {
  const k = s.classes.length;
  const outputs = k <= 2 ? 1 : k;
  if (k < minClasses || s.intercept.length !== outputs || s.coef.length === 0 || s.coef.length % outputs !== 0) badState(type, 'shapes do not match');
}

/** decision_function: X·coefᵀ + intercept, rows × outputs. */
export function linearScores(s: LinearClassifierState, X: Matrix): Matrix {
  const outputs = s.intercept.length;
  checkX(X, s.coef.length / outputs);
  return { data: matMulT(X, s.coef, outputs, s.intercept), rows: X.rows, cols: outputs };
}
