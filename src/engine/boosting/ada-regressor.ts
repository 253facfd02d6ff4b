import type { Estimator, EstimatorJSON, FitOptions, Params } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';
import { cachedBins } from '../binning/slot-bins.js';
import { badPipeline, BoostingBase, checkFitInput, checkPredictInput, readInt, readNumbers, readObject } from './common.js';
import { EXACT_BINNING } from './gradient-boosting.js';
import { TreeGrower, usableFeatures, type GrowConfig } from './grower.js';
import { normalizeParams, type ParamRule } from './params.js';
import { leafOfBinnedRow, leafOfRow, treeFromJSON, treeToJSON, type BoostedTree } from './boosted-tree.js';

/** scikit-learn 1.2's AdaBoostRegressor defaults (AdaBoost.R2, base DecisionTreeRegressor(max_depth=3)). */
export type AdaRegressorParams = {
  nEstimators: number;
  learningRate: number;
  loss: 'linear' | 'square' | 'exponential';
  randomState: number;
};

export const ADA_REGRESSOR_DEFAULTS: AdaRegressorParams = { nEstimators: 50, learningRate: 1, loss: 'linear', randomState: 123 };

const RULES: { [K in keyof AdaRegressorParams]: ParamRule } = {
  nEstimators: { kind: 'int', min: 1, max: 100_000 },
  learningRate: { kind: 'number', min: 0, minExclusive: true },
  loss: { kind: 'oneOf', values: ['linear', 'square', 'exponential'] },
  randomState: { kind: 'int' },
};

interface AdaRegressorState {
  nFeatures: number;
  trees: BoostedTree[];
  weights: Float64Array;
}

const BASE_MAX_DEPTH = 3;

/**
 * AdaBoost.R2 (Drucker 1997) as scikit-learn 1.2: each round fits a depth-3 regression tree on a weighted
 * bootstrap of the rows (seeded inverse-CDF draws, as numpy's choice(p=...)), weighs it by
 * log(1/beta), and predicts the weighted median of the trees. A bootstrap is fitted as a tree on
 * multiplicity weights, which is the same tree.
 */
export class AdaBoostRegressor extends BoostingBase<AdaRegressorParams, AdaRegressorState> implements Estimator<AdaRegressorParams> {
  static readonly TYPE = 'ada.regressor';

  constructor(params?: Params) {
    super(AdaBoostRegressor.TYPE, normalizeParams(AdaBoostRegressor.TYPE, params, ADA_REGRESSOR_DEFAULTS, RULES));
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y, false);
    const n = X.rows;
    const { nEstimators, learningRate: lr, loss } = this.params;
    const rng = new Rng(this.params.randomState);
    const b = cachedBins(X, EXACT_BINNING, options?.cache);
    const grower = new TreeGrower(b);
    const cfg: GrowConfig = {
      maxLeaves: Infinity,
      maxDepth: BASE_MAX_DEPTH,
      minSamplesLeaf: 0,
      minSamplesSplit: 2,
      minHessLeaf: 0.5, // at least one bootstrap draw on each side
      lambda: 0,
      alpha: 0,
      minGain: 0,
      features: usableFeatures(b),
      featuresPerSplit: 0,
      rng: null,
      purity: true,
    };
    const w = new Float64Array(n);
    const sw0 = options?.sampleWeight;
    let s0 = 0;
    for (let i = 0; i < n; i++) s0 += sw0 ? (sw0[i] as number) : 1;
    for (let i = 0; i < n; i++) w[i] = (sw0 ? (sw0[i] as number) : 1) / s0;
    const counts = new Float64Array(n);
    const g = new Float64Array(n);
    const rowsDrawn = new Uint32Array(n);
    const cdf = new Float64Array(n);
    const pred = new Float64Array(n);
    const err = new Float64Array(n);
    const trees: BoostedTree[] = [];
    const weights: number[] = [];
    for (let it = 0; it < nEstimators; it++) {
      drawBootstrap(w, rng, cdf, counts);
      let m = 0;
      for (let i = 0; i < n; i++) {
        if ((counts[i] as number) > 0) rowsDrawn[m++] = i;
        g[i] = -(counts[i] as number) * (y[i] as number);
      }
      const tree = grower.grow(g, counts, rowsDrawn, m, cfg).tree;
      trees.push(tree);
      let errMax = 0;
      for (let i = 0; i < n; i++) {
        pred[i] = tree.leafValue[leafOfBinnedRow(tree, b, i)] as number;
        err[i] = Math.abs((pred[i] as number) - (y[i] as number));
        if ((w[i] as number) > 0 && (err[i] as number) > errMax) errMax = err[i] as number;
      }
      let estErr = 0;
      for (let i = 0; i < n; i++) {
        if ((w[i] as number) <= 0) continue;
        let e = errMax !== 0 ? (err[i] as number) / errMax : (err[i] as number);
        if (loss === 'square') e *= e;
        else if (loss === 'exponential') e = 1 - Math.exp(-e);
        err[i] = e;
        estErr += (w[i] as number) * e;
      }
      if (estErr <= 0) {
        weights.push(1);
        break;
      }
      if (estErr >= 0.5) {
        // scikit-learn drops the tree unless it is the only one (which then keeps weight 0)
        if (trees.length > 1) trees.pop();
        else weights.push(0);
        break;
      }
      const beta = estErr / (1 - estErr);
      weights.push(lr * Math.log(1 / beta));
      if (it < nEstimators - 1) {
        for (let i = 0; i < n; i++) if ((w[i] as number) > 0) w[i] = (w[i] as number) * Math.pow(beta, (1 - (err[i] as number)) * lr);
      }
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[i] as number;
      if (!Number.isFinite(sum) || sum <= 0) break;
      if (it < nEstimators - 1) for (let i = 0; i < n; i++) w[i] = (w[i] as number) / sum;
    }
    this.fitted = { nFeatures: X.cols, trees, weights: Float64Array.from(weights) };
    return this;
  }

  /** The weighted median of the trees' predictions (scikit-learn's _get_median_predict). */
  predict(X: Matrix): Float64Array {
    const s = this.state();
    checkPredictInput(this.type, X, s.nFeatures, false);
    const E = s.trees.length;
    const out = new Float64Array(X.rows);
    const preds = new Float64Array(E);
    const order = Array.from({ length: E }, (_, e) => e);
    for (let i = 0; i < X.rows; i++) {
      for (let e = 0; e < E; e++) {
        const t = s.trees[e] as BoostedTree;
        preds[e] = t.leafValue[leafOfRow(t, X.data, X.cols, i)] as number;
      }
      order.sort((a, c) => (preds[a] as number) - (preds[c] as number) || a - c);
      let total = 0;
      for (let e = 0; e < E; e++) total += s.weights[e] as number;
      let cum = 0;
      let chosen = order[0] as number;
      for (const e of order) {
        cum += s.weights[e] as number;
        if (cum >= 0.5 * total) {
          chosen = e;
          break;
        }
      }
      out[i] = preds[chosen] as number;
    }
    return out;
  }

  clone(overrides?: Partial<AdaRegressorParams>): AdaBoostRegressor {
    return new AdaBoostRegressor({ ...this.params, ...overrides });
  }

  protected stateToJSON(s: AdaRegressorState): unknown {
    return { nFeatures: s.nFeatures, weights: Array.from(s.weights), trees: s.trees.map(treeToJSON) };
  }

  static fromJSON(json: EstimatorJSON): AdaBoostRegressor {
    const T = AdaBoostRegressor.TYPE;
    const est = new AdaBoostRegressor(json.params);
    if (json.type !== T) badPipeline(T, `type "${json.type}"`);
    if (json.state === null) return est;
    const o = readObject(T, json.state, 'state');
    const nFeatures = readInt(T, o, 'nFeatures', 1);
    const weights = readNumbers(T, o, 'weights');
    if (!Array.isArray(o.trees) || o.trees.length !== weights.length || weights.length === 0) badPipeline(T, 'trees / weights');
    const trees = (o.trees as unknown[]).map((t) => treeFromJSON(t, nFeatures) ?? badPipeline(T, 'a tree is malformed'));
    est.fitted = { nFeatures, trees, weights };
    return est;
  }
}

/** counts[i] = how often row i is drawn in n draws with probabilities w (numpy's choice: cdf + searchsorted right). */
function drawBootstrap(w: Float64Array, rng: Rng, cdf: Float64Array, counts: Float64Array): void {
  const n = w.length;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += w[i] as number;
    cdf[i] = acc;
  }
  for (let i = 0; i < n; i++) cdf[i] = (cdf[i] as number) / acc;
  counts.fill(0);
  for (let d = 0; d < n; d++) {
    const u = rng.next();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
}
