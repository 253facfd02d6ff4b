import type { PlanKind, PlanParams, PlanRequest, TaskType } from '../types.js';
import type { ModelSpec } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import { MODEL_REGISTRY, type ModelRegistry } from '../models/registry.js';
import { compareCandidates } from './compare.js';
import { defaultSortMetric, metricNamed } from './metric-names.js';
import { validateSetupOptions } from './setup-options.js';

const PLAN_KINDS: readonly PlanKind[] = ['setup', 'create', 'compare', 'tune'];
const PARAM_NAMES = ['include', 'exclude', 'sort', 'nSelect', 'turbo', 'budgetSeconds', 'fold', 'modelParams', 'nIter', 'optimize', 'searchSpace'] as const satisfies readonly (keyof PlanParams)[];

function badParam(field: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intParam(name: string, v: unknown, min: number, max = 1_000_000): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) badParam(`params.${name}`, `${name} must be an integer in [${min}, ${max}]`);
  return v;
}

function modelIds(name: 'include' | 'exclude', v: unknown, task: TaskType, registry: ModelRegistry): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) badParam(`params.${name}`, `${name} must be an array of model ids`);
  for (const id of v as string[]) {
    if (!registry.has(task, id))
      throw new EngineInputError('UNKNOWN_MODEL', `${name} lists unknown ${task} model "${id}" (known: ${registry.specs(task).map((s) => s.id).join(', ')})`, `params.${name}`);
  }
  return [...new Set(v as string[])];
}

/** The value's kind as far as a hyper-parameter check cares. */
function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Checks hyper-parameter names (and, where the default says, the value's kind) against the spec's defaults. */
export function checkModelParams(spec: ModelSpec, params: unknown, field: string): Record<string, unknown> {
  if (!isObject(params)) badParam(field, `${field.split('.').pop()} must be an object of ${spec.name} hyper-parameters`);
  const defaults = spec.create({}).getParams() as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) {
    if (!(k in defaults)) badParam(`${field}.${k}`, `${spec.name} has no hyper-parameter "${k}" (known: ${Object.keys(defaults).join(', ')})`);
    const d = defaults[k];
    if (d !== null && d !== undefined && v !== null && kindOf(d) !== kindOf(v) && !(typeof d === 'number' && typeof v === 'string') && !(typeof d === 'string' && typeof v === 'number'))
      badParam(`${field}.${k}`, `${spec.name} hyper-parameter "${k}" must be a ${kindOf(d)}, got ${JSON.stringify(v)}`);
  }
  try {
    spec.create(params);
  } catch (e) {
    if (e instanceof EngineInputError) throw e;
    badParam(field, `${spec.name} rejects these hyper-parameters: ${e instanceof Error ? e.message : String(e)}`);
  }
  return params;
}

/**
 * Cheap validation at submit time, without data: plan, modelId and params against the task and the
 * dataset's column names. Returns the request with defaults filled.
 */
export function validatePlanRequest(req: PlanRequest, columns: readonly string[], registry: ModelRegistry = MODEL_REGISTRY): PlanRequest {
  if (!isObject(req)) throw new EngineInputError('BAD_PARAM', 'the plan request must be an object', 'plan');
  const task = req.task;
  if (task !== 'classification' && task !== 'regression') throw new EngineInputError('BAD_PARAM', 'task must be classification or regression', 'task');
  if (!PLAN_KINDS.includes(req.plan)) throw new EngineInputError('BAD_PARAM', `plan must be one of ${PLAN_KINDS.join(', ')}`, 'plan');
  if (typeof req.target !== 'string' || req.target === '') throw new EngineInputError('UNKNOWN_TARGET', 'target must name a column', 'target');
  if (!columns.includes(req.target)) throw new EngineInputError('UNKNOWN_TARGET', `target "${req.target}" is not a column of the dataset (columns: ${columns.slice(0, 20).join(', ')}${columns.length > 20 ? ', ...' : ''})`, 'target');
  const setup = validateSetupOptions(req.setup, task);
  for (const f of setup.ignoreFeatures) {
    if (!columns.includes(f)) badParam('setupParams.ignoreFeatures', `ignoreFeatures lists "${f}", which is not a column`);
    if (f === req.target) badParam('setupParams.ignoreFeatures', 'the target cannot be ignored');
  }
  if (columns.filter((c) => c !== req.target && !setup.ignoreFeatures.includes(c)).length === 0)
    throw new EngineInputError('BAD_INPUT', 'there is no feature column left besides the target', 'setupParams.ignoreFeatures');

  const raw = req.params ?? {};
  if (!isObject(raw)) badParam('params', 'params must be an object');
  for (const k of Object.keys(raw)) if (!(PARAM_NAMES as readonly string[]).includes(k)) badParam(`params.${k}`, `unknown parameter "${k}" (known: ${PARAM_NAMES.join(', ')})`);
  const has = (k: string): boolean => raw[k] !== undefined && raw[k] !== null;
  const p: PlanParams = {};

  let spec: ModelSpec | null = null;
  if (req.plan === 'create' || req.plan === 'tune') {
    if (typeof req.modelId !== 'string' || req.modelId === '') throw new EngineInputError('BAD_PARAM', `a ${req.plan} plan needs a modelId`, 'modelId');
    spec = registry.get(task, req.modelId, 'modelId');
  }
  if (has('fold')) p.fold = intParam('fold', raw.fold, 2, 1000);
  if (has('modelParams')) {
    if (spec) p.modelParams = checkModelParams(spec, raw.modelParams, 'params.modelParams');
    else if (!isObject(raw.modelParams)) badParam('params.modelParams', 'modelParams must be an object');
    else p.modelParams = raw.modelParams;
  }
  if (req.plan === 'compare') {
    if (has('include')) p.include = modelIds('include', raw.include, task, registry);
    if (has('exclude')) p.exclude = modelIds('exclude', raw.exclude, task, registry);
    if (has('turbo') && typeof raw.turbo !== 'boolean') badParam('params.turbo', 'turbo must be true or false');
    p.turbo = has('turbo') ? (raw.turbo as boolean) : true;
    if (has('budgetSeconds')) {
      const b = raw.budgetSeconds;
      if (typeof b !== 'number' || !Number.isFinite(b) || b <= 0) badParam('params.budgetSeconds', 'budgetSeconds must be a positive number of seconds');
      p.budgetSeconds = b;
    }
    const left = compareCandidates(registry, task, { include: p.include, exclude: p.exclude, turbo: p.turbo });
    if (left.length === 0) badParam(p.exclude ? 'params.exclude' : 'params.include', 'no model is left to compare');
    p.nSelect = has('nSelect') ? intParam('nSelect', raw.nSelect, 1, 1000) : 1;
  } else {
    for (const k of ['include', 'exclude'] as const) if (has(k)) modelIds(k, raw[k], task, registry);
    if (has('nSelect')) intParam('nSelect', raw.nSelect, 1, 1000);
    if (has('budgetSeconds') && (typeof raw.budgetSeconds !== 'number' || !(raw.budgetSeconds > 0))) badParam('params.budgetSeconds', 'budgetSeconds must be a positive number of seconds');
  }
  for (const k of ['sort', 'optimize'] as const) {
    if (!has(k)) continue;
    const m = metricNamed(raw[k], task);
    if (!m) badParam(`params.${k}`, `${k} must be a ${task} metric (${task === 'classification' ? 'Accuracy, AUC, Recall, Precision, F1, Kappa, MCC' : 'MAE, MSE, RMSE, R2, RMSLE, MAPE'}), got ${JSON.stringify(raw[k])}`);
    p[k] = m;
  }
  if (req.plan === 'compare') p.sort = p.sort ?? defaultSortMetric(task);
  if (has('nIter')) p.nIter = intParam('nIter', raw.nIter, 1, 10_000);
  if (has('searchSpace')) {
    const s = raw.searchSpace;
    if (!isObject(s)) badParam('params.searchSpace', 'searchSpace must be an object of parameter -> candidate values');
    for (const [k, v] of Object.entries(s)) {
      if (!Array.isArray(v) || v.length === 0) badParam(`params.searchSpace.${k}`, `searchSpace.${k} must be a non-empty array of candidate values`);
      if (spec) for (const value of v) checkModelParams(spec, { [k]: value }, 'params.searchSpace');
    }
    p.searchSpace = s as Record<string, unknown[]>;
  }
  if (req.plan === 'tune') {
    p.nIter = p.nIter ?? 10;
    p.optimize = p.optimize ?? defaultSortMetric(task);
  }
  const threads = req.threads ?? 1;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 64) throw new EngineInputError('BAD_PARAM', 'threads must be an integer in [1, 64]', 'threads');
  const out: PlanRequest = { task, target: req.target, setup, plan: req.plan, params: p, threads };
  if (spec) out.modelId = spec.id;
  return out;
}
