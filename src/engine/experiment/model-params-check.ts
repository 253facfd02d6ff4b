import type { ModelSpec } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';

function badParam(field: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value's kind as far as a hyper-parameter check cares. */
function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Checks hyper-parameter names (and, where the default says, the value's kind) against the spec's defaults. */
export function checkModelParams(spec: ModelSpec, raw: unknown, field: string): Record<string, unknown> {
  if (!isObject(raw)) badParam(field, `${field.split('.').pop()} must be an object of ${spec.name} hyper-parameters`);
  const defaults = spec.create({}).getParams() as Record<string, unknown>;
  const params = camelParams(raw, defaults, field);
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

/** PyCaret's / scikit-learn's spellings (class_weight, n_estimators) mapped to ours when ours is a known name. */
function camelParams(raw: Record<string, unknown>, defaults: Record<string, unknown>, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const camel = k.includes('_') && !(k in defaults) ? k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : k;
    const name = camel in defaults ? camel : k;
    if (name in out) badParam(`${field}.${k}`, `hyper-parameter ${name} is given twice ("${k}" and its other spelling)`);
    out[name] = v;
  }
  return out;
}
