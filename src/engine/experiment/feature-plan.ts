import { EngineInputError } from '../errors.js';
import { parseDate } from '../frame/dates.js';
import { inferFeatureType, type FeatureType, type InferredType } from '../frame/feature-types.js';
import type { Frame } from '../frame/frame.js';
import { asCategorical, asNumeric } from '../preprocessing/retype.js';
import { TYPE_LISTS, type ResolvedSetup } from './setup-options.js';

/** The type every feature is treated as, and where that came from. */
export interface FeaturePlan {
  types: Record<string, FeatureType>;
  ordinalLevels: Record<string, string[]>;
  /** What inference alone says, for every feature (shown beside the declared type). */
  inferred: Record<string, InferredType>;
  /** Features whose type comes from an override list. */
  declared: string[];
}

function bad(list: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, `setupParams.${list}`);
}

/**
 * Feature types from inference plus the setup's override lists. Every listed column must be a feature
 * (not the target, not ignored, present in the data); a declared date column needs at least one cell that
 * parses, a declared numeric column only numbers.
 */
export function planFeatures(frame: Frame, target: string, features: readonly string[], s: ResolvedSetup): FeaturePlan {
  const isFeature = new Set(features);
  const declaredType = new Map<string, FeatureType>();
  const check = (list: string, col: string): void => {
    if (col === target) bad(list, `${list} lists the target "${target}"`);
    if (s.ignoreFeatures.includes(col)) bad(list, `${list} lists "${col}", which ignoreFeatures removes`);
    if (!isFeature.has(col)) bad(list, `${list} lists "${col}", which is not a column`);
  };
  for (const [list, type] of TYPE_LISTS)
    for (const col of s[list]) {
      check(list, col);
      declaredType.set(col, type);
    }
  for (const col of Object.keys(s.ordinalFeatures)) {
    check('ordinalFeatures', col);
    declaredType.set(col, 'ordinal');
  }
  for (const col of s.keepFeatures) check('keepFeatures', col);

  const types: Record<string, FeatureType> = {};
  const inferred: Record<string, InferredType> = {};
  for (const name of features) {
    const col = frame.require(name);
    inferred[name] = inferFeatureType(col);
    const type = declaredType.get(name) ?? inferred[name];
    types[name] = type;
    if (type === 'numeric') asNumeric(col, 'setupParams.numericFeatures');
    if (type === 'date' && inferred[name] !== 'date') {
      const cat = asCategorical(col);
      const used = new Uint8Array(cat.levels.length);
      for (const c of cat.codes) if (c >= 0) used[c] = 1;
      if (!cat.levels.some((l, i) => used[i] === 1 && parseDate(l) !== null))
        bad('dateFeatures', `no cell of column "${name}" reads as a date (YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY or "Mon DD YYYY", optionally with a time)`);
    }
  }
  const ordinalLevels: Record<string, string[]> = {};
  for (const [col, levels] of Object.entries(s.ordinalFeatures)) ordinalLevels[col] = levels;
  return { types, ordinalLevels, inferred, declared: [...declaredType.keys()] };
}
