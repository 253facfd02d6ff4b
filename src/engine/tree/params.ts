import type { TaskType } from '../types.js';
import type { Params } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import type { GrowParams, SplitCriterion } from './grower-state.js';

/**
 * Hyper-parameters of dt / rf / et: scikit-learn 1.2's names in camelCase and its defaults.
 * Numbers follow scikit-learn's int-vs-float convention where JavaScript can tell them apart:
 * - maxFeatures: null = all, 'sqrt', 'log2', a number in (0, 1] = that fraction of the features
 *   (so 1 means all, as scikit-learn's 1.0), an integer >= 2 = that many (capped at the feature count);
 * - minSamplesSplit: an integer >= 2, or a fraction in (0, 1) of the rows;
 * - minSamplesLeaf: an integer >= 1, or a fraction in (0, 1) of the rows;
 * - classWeight: null (or {}), 'balanced', 'balanced_subsample' (forests), or {"<label>": weight}.
 */
export type TreeModelKind = 'dt' | 'rf' | 'et';

export type ClassWeight = null | 'balanced' | 'balanced_subsample' | Record<string, number>;
export type MaxFeatures = null | 'sqrt' | 'log2' | 'auto' | number;

export interface TreeParams extends Params {
  criterion: string;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  minImpurityDecrease: number;
  randomState: number;
}

const CLF_CRITERIA = ['gini', 'entropy', 'log_loss'] as const;
const REG_CRITERIA = ['squared_error', 'friedman_mse'] as const;

export function defaultTreeParams(model: TreeModelKind, task: TaskType): TreeParams {
  const clf = task === 'classification';
  const base: TreeParams = {
    criterion: clf ? 'gini' : 'squared_error',
    maxDepth: null,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    maxFeatures: model === 'dt' ? null : clf ? 'sqrt' : 1,
    minImpurityDecrease: 0,
    randomState: 0,
  };
  if (model === 'dt') base.splitter = 'best';
  else {
    base.nEstimators = 100;
    base.bootstrap = model === 'rf';
    base.maxSamples = null;
  }
  if (clf) base.classWeight = null;
  return base;
}

function bad(name: string, why: string, v: unknown): never {
  throw new EngineInputError('BAD_PARAM', `${name} ${why} (got ${JSON.stringify(v)})`, `params.${name}`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Defaults merged with `raw`, every value checked; unknown names and bad values throw BAD_PARAM. */
export function normalizeTreeParams(model: TreeModelKind, task: TaskType, raw: Params | undefined): TreeParams {
  const out: Params = defaultTreeParams(model, task);
  for (const [name, v] of Object.entries(raw ?? {})) {
    if (v === undefined) continue;
    if (!(name in out)) bad(name, `is not a parameter of this model (known: ${Object.keys(out).join(', ')})`, v);
    out[name] = checkParam(model, task, name, v);
  }
  return out as TreeParams;
}

function checkParam(model: TreeModelKind, task: TaskType, name: string, v: unknown): unknown {
  switch (name) {
    case 'criterion': {
      const ok: readonly string[] = task === 'classification' ? CLF_CRITERIA : REG_CRITERIA;
      if (typeof v !== 'string' || !ok.includes(v)) bad(name, `must be one of ${ok.join(', ')}`, v);
      return v;
    }
    case 'splitter':
      if (v !== 'best' && v !== 'random') bad(name, "must be 'best' or 'random'", v);
      return v;
    case 'maxDepth':
      if (v !== null && !(isInt(v) && v >= 1)) bad(name, 'must be null or an integer >= 1', v);
      return v;
    case 'minSamplesSplit':
      if (!((isInt(v) && v >= 2) || (isNum(v) && v > 0 && v <= 1))) bad(name, 'must be an integer >= 2 or a fraction in (0, 1]', v);
      return v;
    case 'minSamplesLeaf':
      if (!((isInt(v) && v >= 1) || (isNum(v) && v > 0 && v < 1))) bad(name, 'must be an integer >= 1 or a fraction in (0, 1)', v);
      return v;
    case 'maxFeatures':
      if (v === null || v === 'sqrt' || v === 'log2' || v === 'auto') return v;
      if (!((isNum(v) && v > 0 && v <= 1) || (isInt(v) && v >= 1))) bad(name, "must be null, 'sqrt', 'log2', a fraction in (0, 1] or an integer >= 2", v);
      return v;
    case 'minImpurityDecrease':
      if (!(isNum(v) && v >= 0)) bad(name, 'must be a number >= 0', v);
      return v;
    case 'randomState':
      if (!isInt(v)) bad(name, 'must be an integer', v);
      return v;
    case 'nEstimators':
      if (!(isInt(v) && v >= 1 && v <= 100_000)) bad(name, 'must be an integer in [1, 100000]', v);
      return v;
    case 'bootstrap':
      if (typeof v !== 'boolean') bad(name, 'must be true or false', v);
      return v;
    case 'maxSamples':
      if (v !== null && !((isNum(v) && v > 0 && v <= 1) || (isInt(v) && v >= 1))) bad(name, 'must be null, a fraction in (0, 1] or an integer >= 1', v);
      return v;
    case 'classWeight':
      return checkClassWeight(model, v);
    default:
      return v;
  }
}

function checkClassWeight(model: TreeModelKind, v: unknown): ClassWeight {
  if (v === null || v === 'balanced') return v;
  if (v === 'balanced_subsample') {
    if (model === 'dt') bad('classWeight', "'balanced_subsample' applies to forests only", v);
    return v;
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, number> = {};
    for (const [k, w] of Object.entries(v as Record<string, unknown>)) {
      if (!Number.isFinite(Number(k)) || !isNum(w) || w < 0) bad('classWeight', 'must map class labels to weights >= 0', v);
      out[k] = w;
    }
    return out;
  }
  return bad('classWeight', "must be null, 'balanced', 'balanced_subsample' or {label: weight}", v);
}

/** Resolves counts and fractions against the training data's size. */
export function resolveGrowParams(p: TreeParams, task: TaskType, nRows: number, nFeatures: number, splitter: 'best' | 'random'): GrowParams {
  const mf = p.maxFeatures;
  let maxFeatures: number;
  if (mf === null) maxFeatures = nFeatures;
  else if (mf === 'sqrt' || (mf === 'auto' && task === 'classification')) maxFeatures = Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  else if (mf === 'auto') maxFeatures = nFeatures;
  else if (mf === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(nFeatures)));
  else if (mf <= 1) maxFeatures = Math.max(1, Math.floor(mf * nFeatures));
  else maxFeatures = Math.min(nFeatures, mf);
  const msl = p.minSamplesLeaf;
  const minSamplesLeaf = Number.isInteger(msl) ? msl : Math.ceil(msl * nRows);
  const mss = p.minSamplesSplit;
  const minSamplesSplit = Number.isInteger(mss) && mss >= 2 ? mss : Math.max(2, Math.ceil(mss * nRows));
  const criterion: SplitCriterion = p.criterion === 'log_loss' ? 'entropy' : (p.criterion as SplitCriterion);
  return {
    maxDepth: p.maxDepth ?? Infinity,
    minSamplesSplit,
    minSamplesLeaf,
    maxFeatures,
    minImpurityDecrease: p.minImpurityDecrease,
    criterion,
    splitter,
  };
}

/** Per-class weight multipliers for 'balanced' / a label map (null = all ones). */
export function classWeightFactors(cw: ClassWeight | undefined, classes: Float64Array, classCounts: Float64Array, n: number): Float64Array | null {
  if (cw === null || cw === undefined || cw === 'balanced_subsample') return null;
  const K = classes.length;
  const out = new Float64Array(K).fill(1);
  if (cw === 'balanced') {
    for (let k = 0; k < K; k++) out[k] = n / (K * (classCounts[k] as number));
    return out;
  }
  const keys = Object.keys(cw);
  if (keys.length === 0) return null;
  for (const key of keys) {
    const k = classes.indexOf(Number(key));
    if (k < 0) throw new EngineInputError('BAD_PARAM', `classWeight names class ${key}, which is not in y`, 'params.classWeight');
    out[k] = cw[key] as number;
  }
  return out;
}
