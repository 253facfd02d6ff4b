import type { Classifier, Estimator, EstimatorJSON, FitOptions, Params } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';
import { additiveFromJSON, additiveToJSON, probabilities, rawScores, type AdditiveTrees } from './additive.js';
import { BINNING_SAMPLE_ROWS, cachedBins, rowsBySlot, type BinnedMatrix, type BinningOptions } from '../binning/slot-bins.js';
import { argmaxLabels, badPipeline, BoostingBase, checkFitInput, checkPredictInput } from './common.js';
import { encodeClasses, sigmoid, softmaxRows } from '../core/classes.js';
import { TreeGrower, usableFeatures, type GrowConfig } from './grower.js';
import { normalizeParams, type ParamRule } from './params.js';
import { leafOfBinnedRow, type BoostedTree } from './boosted-tree.js';
import { classWeightedSampleWeight, type ClassWeightParam } from '../core/class-weight.js';

/** scikit-learn 1.2's GradientBoostingClassifier / Regressor defaults, in camelCase. */
export type GradientBoostingParams = {
  nEstimators: number;
  learningRate: number;
  subsample: number;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  /** null: all features; 'sqrt' / 'log2'; a number <= 1: that fraction; > 1: that many. */
  maxFeatures: number | 'sqrt' | 'log2' | null;
  maxLeafNodes: number | null;
  randomState: number;
  /** Classifier only: class_weight (null, 'balanced', {label: weight}) multiplied into the sample weights (scikit-learn's gbc takes sample_weight only). */
  classWeight?: ClassWeightParam;
};

export const GRADIENT_BOOSTING_DEFAULTS: GradientBoostingParams = {
  nEstimators: 100,
  learningRate: 0.1,
  subsample: 1,
  maxDepth: 3,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minImpurityDecrease: 0,
  maxFeatures: null,
  maxLeafNodes: null,
  randomState: 123,
};

const RULES: { [K in keyof GradientBoostingParams]-?: ParamRule } = {
  nEstimators: { kind: 'int', min: 1, max: 100_000 },
  learningRate: { kind: 'number', min: 0, minExclusive: true },
  subsample: { kind: 'number', min: 0, max: 1, minExclusive: true },
  maxDepth: { kind: 'int', min: 1, max: 64 },
  minSamplesSplit: { kind: 'int', min: 2 },
  minSamplesLeaf: { kind: 'int', min: 1 },
  minImpurityDecrease: { kind: 'number', min: 0 },
  maxFeatures: { kind: 'numberOrOneOf', min: 0, max: 1e9, minExclusive: true, values: ['sqrt', 'log2', null] },
  maxLeafNodes: { kind: 'numberOrOneOf', min: 2, max: 1e9, values: [null] },
  randomState: { kind: 'int' },
  classWeight: { kind: 'classWeight' },
};
const { classWeight: _classifierOnly, ...REGRESSOR_RULES } = RULES;

/**
 * Bins for the exact-split models: one bin per distinct value up to 4,096 values, so on data of the
 * reference's size every split scikit-learn's exact trees consider is considered here (and only those).
 */
export const EXACT_BINNING: BinningOptions = { maxBins: 255, exactUpTo: 4096, sampleRows: BINNING_SAMPLE_ROWS, seed: 0 };

const FLOAT32_EPS = 1.1920928955078125e-7;

/** Which loss a stage fits: scikit-learn's log_loss (binary / multinomial) or squared_error. */
type Loss = 'binary' | 'multinomial' | 'squared';

/**
 * scikit-learn's gradient boosting: per stage and output, a depth-limited regression tree (friedman_mse
 * splits = variance-reduction gain on the negative gradient) on a seeded subsample of rows; leaves set by
 * one Newton step for log-loss (scikit-learn's update_terminal_regions), the mean residual for squared error;
 * the prediction moves by learningRate times the leaf value. Histogram split finding on EXACT_BINNING.
 */
function fitGradientBoosting(X: Matrix, y: Float64Array, w: Float64Array | null, loss: Loss, nClasses: number, p: GradientBoostingParams, cache?: Map<string, unknown>): { init: Float64Array; trees: BoostedTree[]; k: number } {
  const n = X.rows;
  const k = loss === 'multinomial' ? nClasses : 1;
  const rng = new Rng(p.randomState);
  const binned = cachedBins(X, EXACT_BINNING, cache);
  const weight = w ?? new Float64Array(n).fill(1);
  let sw = 0;
  for (let i = 0; i < n; i++) sw += weight[i] as number;

  const init = new Float64Array(k);
  if (loss === 'squared') {
    let s = 0;
    for (let i = 0; i < n; i++) s += (weight[i] as number) * (y[i] as number);
    init[0] = s / sw;
  } else {
    const prior = new Float64Array(Math.max(2, k));
    for (let i = 0; i < n; i++) prior[y[i] as number] = (prior[y[i] as number] as number) + (weight[i] as number);
    if (loss === 'binary') {
      const q = Math.min(Math.max((prior[1] as number) / sw, FLOAT32_EPS), 1 - FLOAT32_EPS);
      init[0] = Math.log(q / (1 - q));
    } else {
      for (let j = 0; j < k; j++) init[j] = Math.log(Math.min(Math.max((prior[j] as number) / sw, FLOAT32_EPS), 1 - FLOAT32_EPS));
    }
  }
  const raw = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) raw[i * k + j] = init[j] as number;

  const prob = new Float64Array(n * k); // probabilities at the start of the stage (log-loss)
  const residual = new Float64Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const grower = new TreeGrower(binned);
  const usable = usableFeatures(binned);
  const nFeat = resolveMaxFeatures(p.maxFeatures, X.cols);
  const inBagCount = p.subsample < 1 ? Math.max(1, Math.floor(p.subsample * n)) : n;
  const bag = new Uint32Array(n);
  for (let i = 0; i < n; i++) bag[i] = i;
  const all = bag.slice();
  const inBag = new Uint8Array(n).fill(1);
  const cfg: GrowConfig = {
    maxLeaves: p.maxLeafNodes ?? Infinity,
    maxDepth: p.maxDepth,
    minSamplesLeaf: p.minSamplesLeaf,
    minSamplesSplit: p.minSamplesSplit,
    minHessLeaf: 1e-300,
    lambda: 0,
    alpha: 0,
    minGain: 0,
    features: usable,
    featuresPerSplit: nFeat < X.cols ? Math.min(nFeat, usable.length) : 0,
    rng,
    purity: true,
    // unit weights on the same rows every stage: the root's hessian histogram never changes
    rootHessian: w === null && inBagCount === n ? { hist: null } : undefined,
    rootIndex: inBagCount === n ? rowsBySlot(binned) : undefined,
  };
  const trees: BoostedTree[] = [];
  for (let stage = 0; stage < p.nEstimators; stage++) {
    if (inBagCount < n) {
      inBag.fill(0);
      selectRows(all, inBagCount, rng, bag);
      for (let i = 0; i < inBagCount; i++) inBag[bag[i] as number] = 1;
    }
    let bagWeight = 0;
    for (let i = 0; i < inBagCount; i++) bagWeight += weight[bag[i] as number] as number;
    // scikit-learn's min_impurity_decrease is relative to the fit's total weight
    cfg.minGain = p.minImpurityDecrease * bagWeight;
    if (loss !== 'squared') stageProbabilities(raw, prob, n, k, loss === 'binary');
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) {
        const target = loss === 'squared' ? (y[i] as number) : y[i] === (k === 1 ? 1 : j) ? 1 : 0;
        const pred = loss === 'squared' ? (raw[i * k + j] as number) : (prob[i * k + j] as number);
        const r = target - pred;
        residual[i] = r;
        g[i] = -(weight[i] as number) * r;
        h[i] = weight[i] as number;
      }
      const grown = grower.grow(g, h, bag, inBagCount, cfg);
      const tree = grown.tree;
      const lv = tree.leafValue;
      const rows = grown.rows;
      for (let l = 0; l < lv.length; l++) {
        const a = grown.leafStart[l] as number;
        const b = grown.leafEnd[l] as number;
        let value: number;
        if (loss === 'squared') value = lv[l] as number;
        else {
          let num = 0;
          let den = 0;
          for (let i = a; i < b; i++) {
            const r = rows[i] as number;
            const wi = weight[r] as number;
            const q = prob[r * k + j] as number;
            num += wi * (residual[r] as number);
            den += wi * q * (1 - q);
          }
          if (loss === 'multinomial') num *= (k - 1) / k;
          value = Math.abs(den) < 1e-150 ? 0 : num / den;
        }
        value *= p.learningRate;
        lv[l] = value;
        for (let i = a; i < b; i++) {
          const idx = (rows[i] as number) * k + j;
          raw[idx] = (raw[idx] as number) + value;
        }
      }
      if (inBagCount < n) addOutOfBag(tree, binned, inBag, raw, k, j);
      trees.push(tree);
    }
  }
  return { init, trees, k };
}

function stageProbabilities(raw: Float64Array, prob: Float64Array, n: number, k: number, binary: boolean): void {
  if (binary) {
    for (let i = 0; i < n; i++) prob[i] = sigmoid(raw[i] as number);
    return;
  }
  prob.set(raw.subarray(0, n * k));
  softmaxRows(prob, n, k);
}

function addOutOfBag(tree: BoostedTree, binned: BinnedMatrix, inBag: Uint8Array, raw: Float64Array, k: number, j: number): void {
  const lv = tree.leafValue;
  for (let r = 0; r < binned.rows; r++) {
    if (inBag[r] === 1) continue;
    const idx = r * k + j;
    raw[idx] = (raw[idx] as number) + (lv[leafOfBinnedRow(tree, binned, r)] as number);
  }
}

/** m of the ids in src, drawn without replacement, ascending (selection sampling). */
function selectRows(src: Uint32Array, m: number, rng: Rng, out: Uint32Array): void {
  const n = src.length;
  let chosen = 0;
  for (let i = 0; i < n && chosen < m; i++) {
    if ((n - i) * rng.next() < m - chosen) out[chosen++] = src[i] as number;
  }
}

function resolveMaxFeatures(v: GradientBoostingParams['maxFeatures'], p: number): number {
  if (v === null) return p;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  if (v <= 1) return Math.max(1, Math.floor(v * p));
  return Math.min(p, Math.floor(v));
}

abstract class GradientBoostingBase extends BoostingBase<GradientBoostingParams, AdditiveTrees> {
  constructor(type: string, params?: Params, classifier = false) {
    super(type, classifier ? normalizeParams(type, params, { ...GRADIENT_BOOSTING_DEFAULTS, classWeight: null }, RULES) : normalizeParams(type, params, GRADIENT_BOOSTING_DEFAULTS, REGRESSOR_RULES));
  }

  protected stateToJSON(s: AdditiveTrees): unknown {
    return additiveToJSON(s);
  }

  protected restore(json: EstimatorJSON, classifier: boolean): this {
    if (json.type !== this.type) badPipeline(this.type, `type "${json.type}"`);
    if (json.state !== null) this.fitted = additiveFromJSON(this.type, json.state, classifier);
    return this;
  }

  protected checked(X: Matrix): AdditiveTrees {
    const s = this.state();
    checkPredictInput(this.type, X, s.nFeatures, false);
    return s;
  }
}

export class GradientBoostingClassifier extends GradientBoostingBase implements Classifier<GradientBoostingParams> {
  static readonly TYPE = 'gbc';

  constructor(params?: Params) {
    super(GradientBoostingClassifier.TYPE, params, true);
  }

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y, false);
    const { classes, index: codes } = encodeClasses(y);
    const nc = classes.length;
    if (nc === 1) {
      this.fitted = { nFeatures: X.cols, k: 0, init: new Float64Array(0), trees: [], classes };
      return this;
    }
    const sw = classWeightedSampleWeight(this.params.classWeight ?? null, y, options?.sampleWeight) ?? null;
    const m = fitGradientBoosting(X, Float64Array.from(codes), sw, nc === 2 ? 'binary' : 'multinomial', nc, this.params, options?.cache);
    this.fitted = { nFeatures: X.cols, k: m.k, init: m.init, trees: m.trees, classes };
    return this;
  }

  predictProba(X: Matrix): Matrix {
    return probabilities(this.checked(X), X);
  }

  predict(X: Matrix): Float64Array {
    return this.labelsFromProba(this.predictProba(X));
  }

  labelsFromProba(P: Matrix): Float64Array {
    return argmaxLabels(P, this.state().classes as Float64Array);
  }

  clone(overrides?: Partial<GradientBoostingParams>): GradientBoostingClassifier {
    return new GradientBoostingClassifier({ ...this.params, ...overrides });
  }

  static fromJSON(json: EstimatorJSON): GradientBoostingClassifier {
    return new GradientBoostingClassifier(json.params).restore(json, true);
  }
}

export class GradientBoostingRegressor extends GradientBoostingBase implements Estimator<GradientBoostingParams> {
  static readonly TYPE = 'gbr';

  constructor(params?: Params) {
    super(GradientBoostingRegressor.TYPE, params);
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y, false);
    const m = fitGradientBoosting(X, y, options?.sampleWeight ?? null, 'squared', 1, this.params, options?.cache);
    this.fitted = { nFeatures: X.cols, k: 1, init: m.init, trees: m.trees, classes: null };
    return this;
  }

  predict(X: Matrix): Float64Array {
    return rawScores(this.checked(X), X);
  }

  clone(overrides?: Partial<GradientBoostingParams>): GradientBoostingRegressor {
    return new GradientBoostingRegressor({ ...this.params, ...overrides });
  }

  static fromJSON(json: EstimatorJSON): GradientBoostingRegressor {
    return new GradientBoostingRegressor(json.params).restore(json, false);
  }
}
