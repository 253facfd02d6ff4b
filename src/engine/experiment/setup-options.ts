import type { SetupOptions, TaskType } from '../types.js';
import { EngineInputError } from '../errors.js';
import type { PreprocessOptions } from '../preprocessing/preprocessor.js';

/** SetupOptions with every default filled in (the explicit split and folds stay optional). */
export interface ResolvedSetup extends SetupOptions {
  sessionId: number;
  trainSize: number;
  fold: number;
  foldStrategy: 'stratifiedkfold' | 'kfold';
  foldShuffle: boolean;
  dataSplitStratify: boolean;
  normalize: boolean;
  normalizeMethod: 'zscore' | 'minmax' | 'maxabs' | 'robust';
  numericImputation: 'mean' | 'median' | 'zero';
  categoricalImputation: 'mode';
  maxEncodingOhe: number;
  ignoreFeatures: string[];
}

const KEYS = [
  'sessionId', 'trainSize', 'fold', 'foldStrategy', 'foldShuffle', 'dataSplitStratify', 'normalize', 'normalizeMethod',
  'numericImputation', 'categoricalImputation', 'maxEncodingOhe', 'ignoreFeatures', 'trainIndex', 'testIndex', 'customFolds',
] as const satisfies readonly (keyof SetupOptions)[];

function fail(name: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, `setupParams.${name}`);
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) fail(name, `${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(name, `${name} must be true or false`);
  return v;
}

function int(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(name, `${name} must be an integer in [${min}, ${max}]`);
  return v;
}

function rowList(name: string, v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length === 0) fail(name, `${name} must be a non-empty array of ${what}`);
  const seen = new Set<number>();
  for (const r of v) {
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) fail(name, `${name} must contain non-negative integers (${what}), got ${JSON.stringify(r)}`);
    if (seen.has(r)) fail(name, `${name} lists ${r} twice`);
    seen.add(r);
  }
  return v as number[];
}

/** Normalises + validates Experiment.setupParams; EngineInputError BAD_PARAM with field "setupParams.<name>". */
export function validateSetupOptions(raw: unknown, task: TaskType): ResolvedSetup {
  const o = raw ?? {};
  if (typeof o !== 'object' || Array.isArray(o)) throw new EngineInputError('BAD_PARAM', 'setupParams must be an object', 'setupParams');
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!(KEYS as readonly string[]).includes(k)) fail(k, `unknown setup parameter "${k}" (known: ${KEYS.join(', ')})`);
  }
  const has = (k: string): boolean => r[k] !== undefined && r[k] !== null;
  const out: ResolvedSetup = {
    sessionId: has('sessionId') ? int('sessionId', r.sessionId, 0, 0xffffffff) : 123,
    trainSize: 0.7,
    fold: has('fold') ? int('fold', r.fold, 2, 1000) : 10,
    foldStrategy: has('foldStrategy') ? oneOf('foldStrategy', r.foldStrategy, ['stratifiedkfold', 'kfold'] as const) : task === 'classification' ? 'stratifiedkfold' : 'kfold',
    foldShuffle: has('foldShuffle') ? bool('foldShuffle', r.foldShuffle) : false,
    dataSplitStratify: has('dataSplitStratify') ? bool('dataSplitStratify', r.dataSplitStratify) : task === 'classification',
    normalize: has('normalize') ? bool('normalize', r.normalize) : false,
    normalizeMethod: has('normalizeMethod') ? oneOf('normalizeMethod', r.normalizeMethod, ['zscore', 'minmax', 'maxabs', 'robust'] as const) : 'zscore',
    numericImputation: has('numericImputation') ? oneOf('numericImputation', r.numericImputation, ['mean', 'median', 'zero'] as const) : 'mean',
    categoricalImputation: has('categoricalImputation') ? oneOf('categoricalImputation', r.categoricalImputation, ['mode'] as const) : 'mode',
    maxEncodingOhe: has('maxEncodingOhe') ? int('maxEncodingOhe', r.maxEncodingOhe, 0, 100_000) : 25,
    ignoreFeatures: [],
  };
  if (has('trainSize')) {
    const t = r.trainSize;
    if (typeof t !== 'number' || !(t > 0 && t < 1)) fail('trainSize', 'trainSize must be a number strictly between 0 and 1');
    out.trainSize = t;
  }
  if (task === 'regression' && out.foldStrategy === 'stratifiedkfold') fail('foldStrategy', 'stratifiedkfold needs classes: use kfold for regression');
  if (task === 'regression' && out.dataSplitStratify) fail('dataSplitStratify', 'a regression split cannot be stratified');
  if (has('ignoreFeatures')) {
    const f = r.ignoreFeatures;
    if (!Array.isArray(f) || !f.every((x) => typeof x === 'string')) fail('ignoreFeatures', 'ignoreFeatures must be an array of column names');
    out.ignoreFeatures = [...new Set(f as string[])];
  }
  if (has('trainIndex')) out.trainIndex = rowList('trainIndex', r.trainIndex, 'row numbers');
  if (has('testIndex')) out.testIndex = rowList('testIndex', r.testIndex, 'row numbers');
  if (out.trainIndex && out.testIndex) {
    const train = new Set(out.trainIndex);
    const both = out.testIndex.find((x) => train.has(x));
    if (both !== undefined) fail('testIndex', `row ${both} is in both trainIndex and testIndex`);
  }
  if (has('customFolds')) {
    const f = r.customFolds;
    if (!Array.isArray(f) || f.length < 2) fail('customFolds', 'customFolds must list at least 2 folds of [trainPositions, validationPositions]');
    out.customFolds = f.map((pair, i): [number[], number[]] => {
      if (!Array.isArray(pair) || pair.length !== 2) fail('customFolds', `fold ${i} must be [trainPositions, validationPositions]`);
      const tr = rowList('customFolds', pair[0], `train positions of fold ${i}`);
      const va = rowList('customFolds', pair[1], `validation positions of fold ${i}`);
      const s = new Set(tr);
      const dup = va.find((x) => s.has(x));
      if (dup !== undefined) fail('customFolds', `fold ${i}: position ${dup} is in both its train and validation parts`);
      return [tr, va];
    });
    out.fold = f.length;
  }
  return out;
}

export function preprocessOptions(s: ResolvedSetup): PreprocessOptions {
  return { numericImputation: s.numericImputation, maxEncodingOhe: s.maxEncodingOhe, normalize: s.normalize ? s.normalizeMethod : null };
}
