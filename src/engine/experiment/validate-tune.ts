// Submit-time checks of TUNE's search params: library, earlyStopping, chooseBetter and customGrid (PyCaret
// tune_model's search_library / early_stopping / choose_better / custom_grid).
import type { PlanParams } from '../types.js';
import type { ModelSpec } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import { checkSpace, type Distribution } from '../selection/search/distributions.js';
import { checkModelParams } from './model-params-check.js';

export const TUNE_PARAM_NAMES = ['library', 'earlyStopping', 'customGrid'] as const satisfies readonly (keyof PlanParams)[];

function badParam(field: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A customGrid entry as a distribution: a non-empty array is categorical; objects name their kind. */
export function gridEntryToDistribution(v: unknown, field: string): Distribution {
  if (Array.isArray(v)) {
    if (v.length === 0) badParam(field, 'a customGrid list needs at least one value');
    return { kind: 'categorical', values: v };
  }
  if (!isObject(v)) badParam(field, 'a customGrid entry is a list of values or {kind: uniform|logUniform|intUniform, low, high} or {kind: categorical, values}');
  if (v.kind === 'categorical') {
    if (!Array.isArray(v.values) || v.values.length === 0) badParam(field, 'a categorical distribution needs values');
    return { kind: 'categorical', values: v.values };
  }
  if (v.kind !== 'uniform' && v.kind !== 'logUniform' && v.kind !== 'intUniform') badParam(`${field}.kind`, 'kind must be uniform, logUniform, intUniform or categorical');
  if (typeof v.low !== 'number' || typeof v.high !== 'number') badParam(field, 'low and high must be numbers');
  return { kind: v.kind, low: v.low, high: v.high };
}

export function validateTuneSearch(raw: Record<string, unknown>, spec: ModelSpec): PlanParams {
  const has = (k: string): boolean => raw[k] !== undefined && raw[k] !== null;
  const p: PlanParams = {};
  if (has('library')) {
    const l = raw.library;
    if (l !== 'random' && l !== 'tpe' && l !== 'halving') badParam('params.library', `library must be random, tpe or halving, got ${JSON.stringify(l)}`);
    p.library = l;
  } else p.library = 'random';
  for (const k of ['earlyStopping', 'chooseBetter'] as const) {
    if (has(k) && typeof raw[k] !== 'boolean') badParam(`params.${k}`, `${k} must be true or false`);
  }
  p.earlyStopping = has('earlyStopping') ? (raw.earlyStopping as boolean) : false;
  p.chooseBetter = has('chooseBetter') ? (raw.chooseBetter as boolean) : true;
  if (has('customGrid')) {
    const g = raw.customGrid;
    if (!isObject(g) || Object.keys(g).length === 0) badParam('params.customGrid', 'customGrid must be an object of parameter -> values or distribution');
    if (has('searchSpace')) badParam('params.customGrid', 'give customGrid or searchSpace, not both');
    for (const [k, v] of Object.entries(g)) {
      const field = `params.customGrid.${k}`;
      const d = gridEntryToDistribution(v, field);
      try {
        checkSpace({ [k]: d });
      } catch (e) {
        badParam(field, e instanceof Error ? e.message : String(e));
      }
      const probes = d.kind === 'categorical' ? d.values : [d.kind === 'intUniform' ? d.low : d.low, d.high];
      for (const value of probes) checkModelParams(spec, { [k]: value }, 'params.customGrid');
    }
    p.customGrid = g;
  }
  return p;
}
