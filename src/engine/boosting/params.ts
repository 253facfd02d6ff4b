import type { Params } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import { checkClassWeightParam } from '../core/class-weight.js';

/** How one hyper-parameter is checked: a number in a range, an integer, or one of a few values. */
export type ParamRule =
  | { kind: 'number'; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'oneOf'; values: readonly unknown[] }
  | { kind: 'numberOrOneOf'; min: number; max: number; minExclusive?: boolean; values: readonly unknown[] }
  | { kind: 'classWeight' };

/**
 * Defaults merged with user params, each checked against its rule. Unknown names and bad values are
 * EngineInputError('BAD_PARAM') with field "params.<name>" (scikit-learn raises on both too).
 */
export function normalizeParams<P extends Params>(model: string, raw: Params | undefined, defaults: P, rules: { [K in keyof P]: ParamRule }): P {
  const out: Params = { ...defaults };
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const rule = (rules as Record<string, ParamRule | undefined>)[name];
    if (!rule) {
      const known = Object.keys(defaults).join(', ');
      throw new EngineInputError('BAD_PARAM', `${model} has no parameter "${name}" (known: ${known})`, `params.${name}`);
    }
    out[name] = check(model, name, value, rule);
  }
  return out as P;
}

function check(model: string, name: string, v: unknown, rule: ParamRule): unknown {
  const fail = (what: string): never => {
    throw new EngineInputError('BAD_PARAM', `${model}: ${name} must be ${what} (got ${JSON.stringify(v)})`, `params.${name}`);
  };
  switch (rule.kind) {
    case 'classWeight':
      return checkClassWeightParam(v, model);
    case 'oneOf':
      if (!rule.values.includes(v)) fail(`one of ${rule.values.map((x) => JSON.stringify(x)).join(', ')}`);
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('an integer');
      if ((rule.min !== undefined && (v as number) < rule.min) || (rule.max !== undefined && (v as number) > rule.max)) fail(`an integer in [${rule.min ?? '-inf'}, ${rule.max ?? 'inf'}]`);
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail('a finite number');
      inRange(v as number, rule.min, rule.max, rule.minExclusive, rule.maxExclusive) || fail(rangeText(rule.min, rule.max, rule.minExclusive, rule.maxExclusive));
      return v;
    case 'numberOrOneOf':
      if (rule.values.includes(v)) return v;
      if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, rule.min, rule.max, rule.minExclusive, false)) {
        fail(`${rangeText(rule.min, rule.max, rule.minExclusive, false)} or one of ${rule.values.map((x) => JSON.stringify(x)).join(', ')}`);
      }
      return v;
  }
}

function inRange(v: number, min?: number, max?: number, minEx?: boolean, maxEx?: boolean): boolean {
  if (min !== undefined && (minEx ? v <= min : v < min)) return false;
  if (max !== undefined && (maxEx ? v >= max : v > max)) return false;
  return true;
}

function rangeText(min?: number, max?: number, minEx?: boolean, maxEx?: boolean): string {
  return `a number in ${minEx ? '(' : '['}${min ?? '-inf'}, ${max ?? 'inf'}${maxEx ? ')' : ']'}`;
}
