import type { Classifier, Estimator, EstimatorJSON, FitOptions, Params } from '../core/estimator.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { argmaxLabels, badPipeline, BoostingBase, checkFitInput, checkPredictInput, readInt, readNumbers, readObject } from './common.js';
import { encodeClasses, probaFromScores } from '../core/classes.js';
import { fitHistGbdt, type HistGbdtModel, type Objective } from './hist-gbdt.js';
import { normalizeParams, type ParamRule } from './params.js';
import { classWeightedSampleWeight, type ClassWeightParam } from '../core/class-weight.js';
import { addTreePrediction, treeFromJSON, treeToJSON, type BoostedTree } from './boosted-tree.js';

/** LightGBM's defaults (LGBMClassifier / LGBMRegressor as PyCaret creates them), in camelCase. */
export type LightGbmParams = {
  nEstimators: number;
  learningRate: number;
  numLeaves: number;
  maxDepth: number; // <= 0: no limit
  minChildSamples: number;
  minChildWeight: number;
  minSplitGain: number;
  regAlpha: number;
  regLambda: number;
  featureFraction: number; // LightGBM's colsample_bytree
  baggingFraction: number; // LightGBM's subsample
  baggingFreq: number; // LightGBM's subsample_freq (0: no bagging)
  maxBin: number;
  minDataInBin: number;
  /** 'auto': on above 10,000 rows, as scikit-learn's HistGradientBoosting. */
  earlyStopping: 'auto' | boolean;
  validationFraction: number;
  nIterNoChange: number;
  randomState: number;
  /** Classifier only: LightGBM's class_weight (null, 'balanced', {label: weight}), multiplied into the sample weights. */
  classWeight?: ClassWeightParam;
};

export const LIGHTGBM_DEFAULTS: LightGbmParams = {
  nEstimators: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minChildSamples: 20,
  minChildWeight: 1e-3,
  minSplitGain: 0,
  regAlpha: 0,
  regLambda: 0,
  featureFraction: 1,
  baggingFraction: 1,
  baggingFreq: 0,
  maxBin: 255,
  minDataInBin: 3,
  earlyStopping: 'auto',
  validationFraction: 0.1,
  nIterNoChange: 10,
  randomState: 123,
};

const RULES: { [K in keyof LightGbmParams]-?: ParamRule } = {
  nEstimators: { kind: 'int', min: 1, max: 100_000 },
  learningRate: { kind: 'number', min: 0, minExclusive: true },
  numLeaves: { kind: 'int', min: 2, max: 131_072 },
  maxDepth: { kind: 'int', min: -1, max: 1000 },
  minChildSamples: { kind: 'int', min: 1 },
  minChildWeight: { kind: 'number', min: 0 },
  minSplitGain: { kind: 'number', min: 0 },
  regAlpha: { kind: 'number', min: 0 },
  regLambda: { kind: 'number', min: 0 },
  featureFraction: { kind: 'number', min: 0, max: 1, minExclusive: true },
  baggingFraction: { kind: 'number', min: 0, max: 1, minExclusive: true },
  baggingFreq: { kind: 'int', min: 0 },
  maxBin: { kind: 'int', min: 2, max: 255 },
  minDataInBin: { kind: 'int', min: 1 },
  earlyStopping: { kind: 'oneOf', values: ['auto', true, false] },
  validationFraction: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true },
  nIterNoChange: { kind: 'int', min: 1 },
  randomState: { kind: 'int' },
  classWeight: { kind: 'classWeight' },
};
const { classWeight: _classifierOnly, ...REGRESSOR_RULES } = RULES;

interface LightGbmState {
  nFeatures: number;
  k: number;
  init: Float64Array;
  trees: BoostedTree[];
  /** Iterations actually run (fewer than nEstimators after early stopping). */
  nIter: number;
  classes: Float64Array | null;
}

const EARLY_STOPPING_ROWS = 10_000;

abstract class LightGbmBase extends BoostingBase<LightGbmParams, LightGbmState> {
  constructor(type: string, params?: Params, classifier = false) {
    super(type, classifier ? normalizeParams(type, params, { ...LIGHTGBM_DEFAULTS, classWeight: null }, RULES) : normalizeParams(type, params, LIGHTGBM_DEFAULTS, REGRESSOR_RULES));
  }

  protected fitModel(X: Matrix, y: Float64Array, objective: Objective, nClasses: number, options?: FitOptions): HistGbdtModel {
    const p = this.params;
    const earlyStopping = p.earlyStopping === 'auto' ? X.rows > EARLY_STOPPING_ROWS : p.earlyStopping;
    return fitHistGbdt(
      X,
      y,
      options?.sampleWeight ?? null,
      {
        objective,
        nClasses,
        nEstimators: p.nEstimators,
        learningRate: p.learningRate,
        numLeaves: p.numLeaves,
        maxDepth: p.maxDepth,
        minChildSamples: p.minChildSamples,
        minChildWeight: p.minChildWeight,
        minSplitGain: p.minSplitGain,
        regAlpha: p.regAlpha,
        regLambda: p.regLambda,
        featureFraction: p.featureFraction,
        baggingFraction: p.baggingFraction,
        baggingFreq: p.baggingFreq,
        maxBin: p.maxBin,
        minDataInBin: p.minDataInBin,
        earlyStopping: earlyStopping && X.rows >= 4,
        validationFraction: p.validationFraction,
        nIterNoChange: p.nIterNoChange,
        tol: 1e-7,
        seed: p.randomState,
      },
      options?.cache,
    );
  }

  /** rows x k raw scores. */
  protected raw(X: Matrix): Float64Array {
    const s = this.state();
    checkPredictInput(this.type, X, s.nFeatures, true);
    const k = s.k;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < k; j++) out[i * k + j] = s.init[j] as number;
    s.trees.forEach((t, i) => addTreePrediction(t, X, out, 1, k, i % k));
    return out;
  }

  /** Iterations run by the last fit (early stopping may stop before nEstimators). */
  get nIterations(): number {
    return this.state().nIter;
  }

  protected stateToJSON(s: LightGbmState): unknown {
    return {
      nFeatures: s.nFeatures,
      k: s.k,
      nIter: s.nIter,
      init: Array.from(s.init),
      classes: s.classes ? Array.from(s.classes) : null,
      trees: s.trees.map(treeToJSON),
    };
  }

  protected restore(json: EstimatorJSON, withClasses: boolean): this {
    if (json.type !== this.type) badPipeline(this.type, `type "${json.type}"`);
    if (json.state === null) return this;
    const o = readObject(this.type, json.state, 'state');
    const nFeatures = readInt(this.type, o, 'nFeatures', 1);
    const k = readInt(this.type, o, 'k', 0);
    const nIter = readInt(this.type, o, 'nIter', 0);
    const init = readNumbers(this.type, o, 'init');
    if (init.length !== k) badPipeline(this.type, 'init length');
    let classes: Float64Array | null = null;
    if (withClasses) {
      classes = readNumbers(this.type, o, 'classes');
      if (classes.length < 1 || (classes.length > 2 ? k !== classes.length : k !== classes.length - 1)) badPipeline(this.type, 'classes do not match the trees');
    } else if (k !== 1) badPipeline(this.type, 'k must be 1');
    if (!Array.isArray(o.trees) || o.trees.length !== nIter * k) badPipeline(this.type, 'trees');
    const trees = (o.trees as unknown[]).map((t) => treeFromJSON(t, nFeatures) ?? badPipeline(this.type, 'a tree is malformed'));
    this.fitted = { nFeatures, k, init, trees, nIter, classes };
    return this;
  }
}

export class LightGbmClassifier extends LightGbmBase implements Classifier<LightGbmParams> {
  static readonly TYPE = 'lightgbm.classifier';

  constructor(params?: Params) {
    super(LightGbmClassifier.TYPE, params, true);
  }

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y, true);
    const { classes, index: codes } = encodeClasses(y);
    const nc = classes.length;
    const yc = Float64Array.from(codes);
    if (nc === 1) {
      this.fitted = { nFeatures: X.cols, k: 0, init: new Float64Array(0), trees: [], nIter: 0, classes };
      return this;
    }
    const objective: Objective = nc === 2 ? 'binary' : 'multiclass';
    const sampleWeight = classWeightedSampleWeight(this.params.classWeight ?? null, y, options?.sampleWeight);
    const m = this.fitModel(X, yc, objective, nc, { ...options, ...(sampleWeight ? { sampleWeight } : {}) });
    this.fitted = { nFeatures: X.cols, k: m.k, init: m.init, trees: m.trees, nIter: m.trees.length / m.k, classes };
    return this;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.state();
    const nc = (s.classes as Float64Array).length;
    if (nc === 1) {
      checkPredictInput(this.type, X, s.nFeatures, true);
      return matrix(X.rows, 1, new Float64Array(X.rows).fill(1));
    }
    return probaFromScores(matrix(X.rows, s.k, this.raw(X)), nc);
  }

  predict(X: Matrix): Float64Array {
    return this.labelsFromProba(this.predictProba(X));
  }

  labelsFromProba(P: Matrix): Float64Array {
    return argmaxLabels(P, this.state().classes as Float64Array);
  }

  clone(overrides?: Partial<LightGbmParams>): LightGbmClassifier {
    return new LightGbmClassifier({ ...this.params, ...overrides });
  }

  static fromJSON(json: EstimatorJSON): LightGbmClassifier {
    return new LightGbmClassifier(json.params).restore(json, true);
  }
}

export class LightGbmRegressor extends LightGbmBase implements Estimator<LightGbmParams> {
  static readonly TYPE = 'lightgbm.regressor';

  constructor(params?: Params) {
    super(LightGbmRegressor.TYPE, params);
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y, true);
    const m = this.fitModel(X, y, 'regression', 1, options);
    this.fitted = { nFeatures: X.cols, k: 1, init: m.init, trees: m.trees, nIter: m.trees.length, classes: null };
    return this;
  }

  predict(X: Matrix): Float64Array {
    return this.raw(X);
  }

  clone(overrides?: Partial<LightGbmParams>): LightGbmRegressor {
    return new LightGbmRegressor({ ...this.params, ...overrides });
  }

  static fromJSON(json: EstimatorJSON): LightGbmRegressor {
    return new LightGbmRegressor(json.params).restore(json, false);
  }
}
