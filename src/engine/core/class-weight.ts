// scikit-learn's class_weight for the estimators that take it as sample weights (compute_class_weight /
// compute_sample_weight): 'balanced' gives class c the weight n_samples / (n_classes · count(c)); a map
// {label: weight} gives the listed classes their weight and the others 1.
import { EngineInputError } from '../errors.js';
import { encodeClasses } from './classes.js';

export type ClassWeightParam = null | 'balanced' | Record<string, number>;

/** Checks a classWeight hyper-parameter (null, "balanced" or {label: weight >= 0}). */
export function checkClassWeightParam(v: unknown, model: string): ClassWeightParam {
  if (v === null || v === undefined || v === 'balanced') return (v ?? null) as ClassWeightParam;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, number> = {};
    for (const [k, w] of Object.entries(v as Record<string, unknown>)) {
      if (!Number.isFinite(Number(k)) || typeof w !== 'number' || !Number.isFinite(w) || w < 0)
        throw new EngineInputError('BAD_PARAM', `${model} classWeight must map class labels to weights >= 0`, 'params.classWeight');
      out[k] = w;
    }
    return out;
  }
  throw new EngineInputError('BAD_PARAM', `${model} classWeight must be null, "balanced" or {label: weight}, got ${JSON.stringify(v)}`, 'params.classWeight');
}

/** The weight of each class of `classes` (sorted labels) under cw; null = all ones. */
export function classWeightsOf(cw: ClassWeightParam, classes: Float64Array, index: Int32Array | ArrayLike<number>): Float64Array | null {
  if (cw === null) return null;
  const k = classes.length;
  const out = new Float64Array(k).fill(1);
  if (cw === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < index.length; i++) counts[index[i] as number]!++;
    for (let c = 0; c < k; c++) out[c] = index.length / (k * (counts[c] as number));
    return out;
  }
  const keys = Object.keys(cw);
  if (keys.length === 0) return null;
  for (const key of keys) {
    const c = classes.indexOf(Number(key));
    if (c < 0) throw new EngineInputError('BAD_PARAM', `classWeight names class ${key}, which is not in y`, 'params.classWeight');
    out[c] = cw[key] as number;
  }
  return out;
}

/** sampleWeight × the class weight of each row's class (a new array); `sampleWeight` as it is when cw is null. */
export function classWeightedSampleWeight(cw: ClassWeightParam, y: Float64Array, sampleWeight?: Float64Array): Float64Array | undefined {
  if (cw === null) return sampleWeight;
  const { classes, index } = encodeClasses(y);
  const w = classWeightsOf(cw, classes, index);
  if (!w) return sampleWeight;
  return Float64Array.from(index, (c, i) => (w[c] as number) * (sampleWeight ? (sampleWeight[i] as number) : 1));
}
