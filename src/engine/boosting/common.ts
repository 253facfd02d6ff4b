import { argmaxRow } from '../core/classes.js';
import { EstimatorBase } from '../core/base-estimator.js';
import type { EstimatorJSON, Params } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';

/** Checks X / y of a fit: shapes, at least one row, finite labels; finite X unless NaN is allowed. */
export function checkFitInput(model: string, X: Matrix, y: Float64Array, allowNaN: boolean): void {
  if (X.rows < 1 || X.cols < 1) throw new EngineInputError('BAD_INPUT', `${model}: X must have at least one row and one column`, 'X');
  if (X.data.length !== X.rows * X.cols) throw new EngineInputError('BAD_INPUT', `${model}: X has ${X.data.length} values, expected ${X.rows}x${X.cols}`, 'X');
  if (y.length !== X.rows) throw new EngineInputError('BAD_INPUT', `${model}: y has ${y.length} values for ${X.rows} rows`, 'y');
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i] as number)) throw new EngineInputError('BAD_INPUT', `${model}: y[${i}] is not a finite number`, 'y');
  }
  checkValues(model, X, allowNaN);
}

export function checkPredictInput(model: string, X: Matrix, nFeatures: number, allowNaN: boolean): void {
  if (X.cols !== nFeatures) throw new EngineInputError('BAD_INPUT', `${model}: X has ${X.cols} columns, the model was fitted on ${nFeatures}`, 'X');
  if (X.data.length !== X.rows * X.cols) throw new EngineInputError('BAD_INPUT', `${model}: X has ${X.data.length} values, expected ${X.rows}x${X.cols}`, 'X');
  checkValues(model, X, allowNaN);
}

function checkValues(model: string, X: Matrix, allowNaN: boolean): void {
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (v - v !== 0 && !(allowNaN && v !== v)) {
      const what = v !== v ? 'NaN (impute missing values first)' : 'infinite';
      throw new EngineInputError('BAD_INPUT', `${model}: X[${Math.floor(i / X.cols)}, ${i % X.cols}] is ${what}`, 'X');
    }
  }
}

/** Row-wise argmax of a rows x k matrix, mapped to class labels. */
export function argmaxLabels(P: Matrix, classes: Float64Array): Float64Array {
  const out = new Float64Array(P.rows);
  for (let i = 0; i < P.rows; i++) out[i] = classes[argmaxRow(P.data, i * P.cols, P.cols)] as number;
  return out;
}

/** The family base of the boosting estimators: the type given at construction, state encoded by the model. */
export abstract class BoostingBase<P extends Params, S> extends EstimatorBase<P, S> {
  constructor(
    readonly type: string,
    params: P,
  ) {
    super(params);
  }

  protected abstract stateToJSON(s: S): unknown;

  toJSON(): EstimatorJSON {
    return { type: this.type, params: { ...this.params }, state: this.fitted === null ? null : this.stateToJSON(this.fitted) };
  }
}

export function badPipeline(model: string, why: string): never {
  throw new EngineInputError('BAD_PIPELINE', `${model}: malformed model state (${why})`, 'pipeline');
}

/** Field readers for revive: throw BAD_PIPELINE on a wrong shape. */
export function readNumbers(model: string, o: Record<string, unknown>, key: string, finite = true): Float64Array {
  const a = o[key];
  if (!Array.isArray(a)) badPipeline(model, `${key} is not an array`);
  for (const x of a as unknown[]) if (typeof x !== 'number' || (finite && !Number.isFinite(x))) badPipeline(model, `${key} holds a non-number`);
  return Float64Array.from(a as number[]);
}

export function readObject(model: string, v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) badPipeline(model, `${what} is not an object`);
  return v as Record<string, unknown>;
}

export function readInt(model: string, o: Record<string, unknown>, key: string, min: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) badPipeline(model, `${key} is not an integer >= ${min}`);
  return v as number;
}
