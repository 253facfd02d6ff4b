// Submit-time checks of the BLEND, STACK, ENSEMBLE and CALIBRATE params (PyCaret's blend_models, stack_models,
// ensemble_model, calibrate_model arguments), without data. Members come back normalised to {modelId, modelParams}.
import type { MemberParam, PlanParams, TaskType } from '../types.js';
import type { ModelSpec } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import { acceptsSampleWeight } from '../ensemble/sample-weight.js';
import type { ModelRegistry } from '../models/registry.js';
import { checkModelParams } from './model-params-check.js';

function badParam(field: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intIn(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) badParam(field, `${field.split('.').pop()} must be an integer in [${min}, ${max}]`);
  return v;
}

function oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) badParam(field, `${field.split('.').pop()} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** A member: "id" or {modelId, modelParams?}; its hyper-parameters are checked against the model. */
export function memberParam(v: unknown, task: TaskType, registry: ModelRegistry, field: string): { member: MemberParam; spec: ModelSpec } {
  const raw = typeof v === 'string' ? { modelId: v } : v;
  if (!isObject(raw) || typeof raw.modelId !== 'string') badParam(field, 'a member is a model id or {modelId, modelParams}');
  for (const k of Object.keys(raw)) if (k !== 'modelId' && k !== 'modelParams') badParam(`${field}.${k}`, `unknown member field "${k}" (known: modelId, modelParams)`);
  const spec = registry.get(task, raw.modelId, `${field}.modelId`);
  const member: MemberParam = { modelId: spec.id };
  if (raw.modelParams !== undefined && raw.modelParams !== null) member.modelParams = checkModelParams(spec, raw.modelParams, `${field}.modelParams`);
  return { member, spec };
}

function members(raw: unknown, task: TaskType, registry: ModelRegistry): Array<{ member: MemberParam; spec: ModelSpec }> {
  if (isObject(raw) && 'fromRun' in raw) badParam('params.estimators', '{fromRun, top} must be resolved into model ids before the engine sees it (the server does it at submit)');
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 50) badParam('params.estimators', 'estimators must list 2 to 50 models (ids, or {modelId, modelParams}), or be {fromRun, top}');
  return raw.map((m, i) => memberParam(m, task, registry, `params.estimators.${i}`));
}

const hasProbaMethod = (spec: ModelSpec): boolean => typeof (spec.create({}) as { predictProba?: unknown }).predictProba === 'function';
const hasDecisionMethod = (spec: ModelSpec): boolean => typeof (spec.create({}) as { decisionFunction?: unknown }).decisionFunction === 'function';

export const VERB_PARAM_NAMES = ['estimators', 'method', 'weights', 'metaModel', 'metaModelFold', 'restack', 'nEstimators', 'chooseBetter', 'calibrateFold'] as const satisfies readonly (keyof PlanParams)[];

/** The params of a verb plan (`spec` is the plan's modelId for ensemble and calibrate). */
export function validateVerbParams(plan: 'ensemble' | 'blend' | 'stack' | 'calibrate', task: TaskType, raw: Record<string, unknown>, registry: ModelRegistry, spec: ModelSpec | null): PlanParams {
  const has = (k: string): boolean => raw[k] !== undefined && raw[k] !== null;
  const p: PlanParams = {};
  const allowed: Record<typeof plan, readonly string[]> = {
    blend: ['estimators', 'method', 'weights'],
    stack: ['estimators', 'method', 'metaModel', 'metaModelFold', 'restack'],
    ensemble: ['method', 'nEstimators', 'chooseBetter'],
    calibrate: ['method', 'calibrateFold'],
  };
  for (const k of VERB_PARAM_NAMES) if (has(k) && !allowed[plan].includes(k)) badParam(`params.${k}`, `${k} does not apply to a ${plan} plan (it takes ${allowed[plan].join(', ')})`);
  if (plan === 'blend' || plan === 'stack') {
    if (!has('estimators')) badParam('params.estimators', `a ${plan} plan needs params.estimators`);
    const list = members(raw.estimators, task, registry);
    p.estimators = list.map((m) => m.member);
    if (plan === 'blend') {
      p.method = has('method') ? oneOf('params.method', raw.method, ['soft', 'hard', 'auto'] as const) : 'auto';
      if (task === 'classification' && p.method === 'soft') {
        const without = list.filter((m) => !hasProbaMethod(m.spec)).map((m) => m.spec.id);
        if (without.length) badParam('params.method', `soft voting needs probabilities; ${without.join(', ')} has none (use hard or auto)`);
      }
      if (has('weights')) {
        const w = raw.weights;
        if (!Array.isArray(w) || w.length !== list.length || !w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || (w as number[]).reduce((a, b) => a + b, 0) <= 0)
          badParam('params.weights', `weights must list ${list.length} finite numbers >= 0, not all zero`);
        p.weights = w as number[];
      }
    } else {
      const meta = memberParam(has('metaModel') ? raw.metaModel : 'lr', task, registry, 'params.metaModel');
      p.metaModel = meta.member;
      p.metaModelFold = has('metaModelFold') ? intIn('params.metaModelFold', raw.metaModelFold, 2, 50) : 5;
      p.method = has('method') ? oneOf('params.method', raw.method, ['auto', 'predict_proba', 'decision_function', 'predict'] as const) : 'auto';
      if (task === 'classification' && p.method !== 'auto' && p.method !== 'predict') {
        const ok = p.method === 'predict_proba' ? hasProbaMethod : hasDecisionMethod;
        const without = list.filter((m) => !ok(m.spec)).map((m) => m.spec.id);
        if (without.length) badParam('params.method', `${p.method} is missing on ${without.join(', ')} (use auto)`);
      }
      if (has('restack') && typeof raw.restack !== 'boolean') badParam('params.restack', 'restack must be true or false');
      p.restack = has('restack') ? (raw.restack as boolean) : false; // PyCaret 3's stack_models default
    }
    return p;
  }
  if (!spec) badParam('modelId', `a ${plan} plan needs a modelId`);
  if (plan === 'ensemble') {
    p.method = has('method') ? oneOf('params.method', raw.method, ['BAGGING', 'BOOSTING'] as const) : 'BAGGING';
    if (p.method === 'BOOSTING' && !acceptsSampleWeight(task, spec.id)) badParam('params.method', `BOOSTING needs a model that takes sample weights; ${spec.id} does not (use BAGGING)`);
    p.nEstimators = has('nEstimators') ? intIn('params.nEstimators', raw.nEstimators, 1, 500) : 10;
    if (has('chooseBetter') && typeof raw.chooseBetter !== 'boolean') badParam('params.chooseBetter', 'chooseBetter must be true or false');
    p.chooseBetter = has('chooseBetter') ? (raw.chooseBetter as boolean) : false;
    return p;
  }
  if (task !== 'classification') badParam('plan', 'CALIBRATE calibrates class probabilities: it needs a classification experiment');
  if (!hasProbaMethod(spec) && !hasDecisionMethod(spec)) badParam('modelId', `${spec.id} has neither probabilities nor a decision function to calibrate`);
  p.method = has('method') ? oneOf('params.method', raw.method, ['sigmoid', 'isotonic'] as const) : 'sigmoid';
  p.calibrateFold = has('calibrateFold') ? intIn('params.calibrateFold', raw.calibrateFold, 2, 50) : 5;
  return p;
}
