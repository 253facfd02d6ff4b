import type { Classifier, Estimator, EstimatorJSON, Params } from '../core/estimator.js';
import { isClassifier } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';

/**
 * How a meta-estimator builds and rebuilds its members. A ModelSpec satisfies it, so callers pass
 * `(id) => registry.get(task, id)`; member JSON carries the model id, which is how `fromJSON` finds the
 * factory that revives each member's state.
 */
export interface MemberFactory {
  create(params?: Params): Estimator;
  revive(json: EstimatorJSON): Estimator;
}
export type MemberResolver = (modelId: string) => MemberFactory;

/** A member as given in params: a model id and its hyper-parameters. */
export interface MemberSpec {
  modelId: string;
  params?: Params;
}

/** A fitted member as stored: the model id (to find its factory) and its own toJSON(). */
export interface MemberJSON {
  modelId: string;
  estimator: EstimatorJSON;
}

export function createMember(resolve: MemberResolver, m: MemberSpec, extra?: Params): Estimator {
  return resolve(m.modelId).create({ ...(m.params ?? {}), ...(extra ?? {}) });
}

export function reviveMember(resolve: MemberResolver, j: unknown): Estimator {
  if (!j || typeof j !== 'object') throw badState('a member state is not an object');
  const m = j as Partial<MemberJSON>;
  if (typeof m.modelId !== 'string' || !m.estimator || typeof m.estimator !== 'object') throw badState('a member state needs {modelId, estimator}');
  return resolve(m.modelId).revive(m.estimator);
}

export function badState(why: string): EngineInputError {
  return new EngineInputError('BAD_PIPELINE', why, 'pipeline');
}

export function checkMembers(members: unknown, who: string): MemberSpec[] {
  if (!Array.isArray(members) || members.length === 0) throw new EngineInputError('BAD_PARAM', `${who} needs at least one member`, 'params.estimators');
  for (const m of members) {
    if (!m || typeof m !== 'object' || typeof (m as MemberSpec).modelId !== 'string') throw new EngineInputError('BAD_PARAM', `${who}: each member is {modelId, params?}`, 'params.estimators');
  }
  return members as MemberSpec[];
}

export function checkWeights(weights: unknown, n: number, who: string): Float64Array | null {
  if (weights === null || weights === undefined) return null;
  if (!Array.isArray(weights) || weights.length !== n || !weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
    throw new EngineInputError('BAD_PARAM', `${who}: weights must list ${n} finite numbers >= 0`, 'params.weights');
  }
  if (weights.reduce((a: number, b: number) => a + b, 0) <= 0) throw new EngineInputError('BAD_PARAM', `${who}: weights sum to zero`, 'params.weights');
  return Float64Array.from(weights as number[]);
}

/** Sorted unique values of y (the classes a classifier meta-estimator reports). */
export function uniqueSorted(y: Float64Array): Float64Array {
  return Float64Array.from(new Set(y)).sort();
}

export function hasProba(e: Estimator): e is Classifier & { predictProba(X: Matrix): Matrix } {
  return isClassifier(e) && typeof e.predictProba === 'function';
}

export function hasDecision(e: Estimator): e is Estimator & { decisionFunction(X: Matrix): Matrix } {
  return typeof (e as { decisionFunction?: unknown }).decisionFunction === 'function';
}

/** A member's probabilities laid out on `classes` (a member fitted on fewer classes gets zeros for the rest). */
export function alignedProba(e: Estimator, X: Matrix, classes: Float64Array): Matrix {
  if (!hasProba(e) || !e.classes) throw new EngineInputError('BAD_PARAM', `${e.type} has no predictProba`, 'params.method');
  const P = e.predictProba(X);
  const own = e.classes;
  if (own.length === classes.length && own.every((c, i) => c === classes[i])) return P;
  const out = new Float64Array(X.rows * classes.length);
  const at = Array.from(own, (c) => classes.indexOf(c));
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < own.length; j++) out[i * classes.length + (at[j] as number)] = P.data[i * P.cols + j] as number;
  return { data: out, rows: X.rows, cols: classes.length };
}

export function argmaxRows(P: Matrix, classes: Float64Array): Float64Array {
  const out = new Float64Array(P.rows);
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    for (let j = 1; j < P.cols; j++) if ((P.data[i * P.cols + j] as number) > (P.data[i * P.cols + best] as number)) best = j;
    out[i] = classes[best] as number;
  }
  return out;
}

/** Fields every meta-estimator's JSON state shares. */
export function stateObject(json: EstimatorJSON, type: string): Record<string, unknown> {
  if (!json || typeof json !== 'object' || json.type !== type) throw badState(`expected a ${type} estimator`);
  if (!json.state || typeof json.state !== 'object') throw badState(`${type}: state is not an object`);
  return json.state as Record<string, unknown>;
}

export function memberList(state: Record<string, unknown>, key: string, resolve: MemberResolver, type: string): Estimator[] {
  const list = state[key];
  if (!Array.isArray(list) || list.length === 0) throw badState(`${type}: ${key} must list the fitted members`);
  return list.map((j) => reviveMember(resolve, j));
}

export function memberJSON(modelId: string, e: Estimator): MemberJSON {
  return { modelId, estimator: e.toJSON() };
}
