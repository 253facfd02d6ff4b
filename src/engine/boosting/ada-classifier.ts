import type { Classifier, EstimatorJSON, FitOptions, Params } from '../core/estimator.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { cachedBins } from '../binning/slot-bins.js';
import { argmaxLabels, badPipeline, BoostingBase, checkFitInput, checkPredictInput, readInt, readNumbers, readObject } from './common.js';
import { argmaxRow, encodeClasses, softmaxRows } from '../core/classes.js';
import { EXACT_BINNING } from './gradient-boosting.js';
import { normalizeParams, type ParamRule } from './params.js';
import { fitStump, type Stump } from './stump.js';

/** scikit-learn 1.2's AdaBoostClassifier defaults (base: a depth-1 gini tree), in camelCase. */
export type AdaClassifierParams = {
  nEstimators: number;
  learningRate: number;
  algorithm: 'SAMME.R' | 'SAMME';
  randomState: number;
};

export const ADA_CLASSIFIER_DEFAULTS: AdaClassifierParams = { nEstimators: 50, learningRate: 1, algorithm: 'SAMME.R', randomState: 123 };

const RULES: { [K in keyof AdaClassifierParams]: ParamRule } = {
  nEstimators: { kind: 'int', min: 1, max: 100_000 },
  learningRate: { kind: 'number', min: 0, minExclusive: true },
  algorithm: { kind: 'oneOf', values: ['SAMME.R', 'SAMME'] },
  randomState: { kind: 'int' },
};

interface AdaClassifierState {
  nFeatures: number;
  classes: Float64Array;
  stumps: Stump[];
  /** Per stump (SAMME.R: 1 each, as scikit-learn). */
  weights: Float64Array;
}

const EPS = 2.220446049250313e-16;

/**
 * AdaBoost as scikit-learn 1.2 (SAMME.R by default, SAMME on request) over weighted gini stumps.
 * Every step is deterministic (the stumps break ties by feature order), so randomState is unused.
 */
export class AdaBoostClassifier extends BoostingBase<AdaClassifierParams, AdaClassifierState> implements Classifier<AdaClassifierParams> {
  static readonly TYPE = 'ada.classifier';

  constructor(params?: Params) {
    super(AdaBoostClassifier.TYPE, normalizeParams(AdaBoostClassifier.TYPE, params, ADA_CLASSIFIER_DEFAULTS, RULES));
  }

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y, false);
    const { classes, index: codes } = encodeClasses(y);
    const k = classes.length;
    const n = X.rows;
    if (k === 1) {
      this.fitted = { nFeatures: X.cols, classes, stumps: [], weights: new Float64Array(0) };
      return this;
    }
    const b = cachedBins(X, EXACT_BINNING, options?.cache);
    const hist = new Float64Array(b.totalSlots * (k + 1));
    const side = new Uint8Array(n);
    const w = new Float64Array(n);
    const sw0 = options?.sampleWeight;
    let s0 = 0;
    for (let i = 0; i < n; i++) s0 += sw0 ? (sw0[i] as number) : 1;
    for (let i = 0; i < n; i++) w[i] = (sw0 ? (sw0[i] as number) : 1) / s0;
    const real = this.params.algorithm === 'SAMME.R';
    const lr = this.params.learningRate;
    const nEst = this.params.nEstimators;
    const stumps: Stump[] = [];
    const weights: number[] = [];
    for (let it = 0; it < nEst; it++) {
      const stump = fitStump(b, codes, w, k, hist, side);
      // weighted error of the stump's predicted class (argmax of its leaf probabilities)
      const predL = argmax(stump.left);
      const predR = argmax(stump.right);
      let err = 0;
      let wsum = 0;
      for (let i = 0; i < n; i++) {
        const pred = side[i] === 1 ? predL : predR;
        wsum += w[i] as number;
        if (pred !== codes[i]) err += w[i] as number;
      }
      err /= wsum;
      stumps.push(stump);
      if (err <= 0) {
        weights.push(1);
        break;
      }
      let estimatorWeight = 1;
      if (real) {
        // sample_weight *= exp(-lr (k-1)/k sum_c y_coding_c log p_c), y_coding = 1 for the true class,
        // -1/(k-1) otherwise: a factor per (leaf, true class), as every row of a leaf shares its probabilities
        if (it < nEst - 1) {
          const factors = [stump.left, stump.right].map((proba) => {
            let sumLog = 0;
            for (let c = 0; c < k; c++) sumLog += Math.log(Math.max(proba[c] as number, EPS));
            const f = new Float64Array(k);
            for (let c = 0; c < k; c++) {
              const logc = Math.log(Math.max(proba[c] as number, EPS));
              // sum_c' y_coding_c' log p_c' = log p_c - (sumLog - log p_c) / (k - 1)
              const s = logc - (sumLog - logc) / (k - 1);
              const ew = ((-lr * (k - 1)) / k) * s;
              // scikit-learn multiplies only where weight > 0 or the exponent is negative
              f[c] = ew;
            }
            return f;
          });
          for (let i = 0; i < n; i++) {
            const ew = (factors[side[i] === 1 ? 0 : 1] as Float64Array)[codes[i] as number] as number;
            const wi = w[i] as number;
            if (wi > 0 || ew < 0) w[i] = wi * Math.exp(ew);
          }
        }
      } else {
        if (err >= 1 - 1 / k) {
          stumps.pop();
          if (stumps.length === 0) throw new Error(`${this.type}: the first stump is no better than chance; boosting cannot start`);
          break;
        }
        estimatorWeight = lr * (Math.log((1 - err) / err) + Math.log(k - 1));
        if (it < nEst - 1) {
          for (let i = 0; i < n; i++) {
            const pred = side[i] === 1 ? predL : predR;
            if (pred !== codes[i] && (w[i] as number) > 0) w[i] = Math.exp(Math.log(w[i] as number) + estimatorWeight);
          }
        }
      }
      weights.push(estimatorWeight);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[i] as number;
      if (!Number.isFinite(sum) || sum <= 0) break;
      if (it < nEst - 1) for (let i = 0; i < n; i++) w[i] = (w[i] as number) / sum;
    }
    this.fitted = { nFeatures: X.cols, classes, stumps, weights: Float64Array.from(weights) };
    return this;
  }

  /** scikit-learn's decision_function before the binary collapse: rows x k. */
  private decision(X: Matrix): Float64Array {
    const s = this.state();
    checkPredictInput(this.type, X, s.nFeatures, false);
    const k = s.classes.length;
    const out = new Float64Array(X.rows * k);
    const real = this.params.algorithm === 'SAMME.R';
    let wTotal = 0;
    for (const v of s.weights) wTotal += v;
    // SAMME.R: (k-1) (log p - mean log p) per stump leaf, precomputed
    const leafScores = s.stumps.map((st, e) =>
      [st.left, st.right].map((p) => {
        const v = new Float64Array(k);
        if (real) {
          let mean = 0;
          for (let c = 0; c < k; c++) mean += Math.log(Math.max(p[c] as number, EPS)) / k;
          for (let c = 0; c < k; c++) v[c] = (k - 1) * (Math.log(Math.max(p[c] as number, EPS)) - mean);
        } else v[argmax(p)] = s.weights[e] as number;
        return v;
      }),
    );
    const { data, cols } = X;
    for (let e = 0; e < s.stumps.length; e++) {
      const st = s.stumps[e] as Stump;
      const [lv, rv] = leafScores[e] as [Float64Array, Float64Array];
      for (let i = 0; i < X.rows; i++) {
        const v = st.feature < 0 || (data[i * cols + st.feature] as number) <= st.threshold ? lv : rv;
        for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) + (v[c] as number);
      }
    }
    if (wTotal > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / wTotal;
    return out;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.state();
    const k = s.classes.length;
    if (k === 1) {
      checkPredictInput(this.type, X, s.nFeatures, false);
      return matrix(X.rows, 1, new Float64Array(X.rows).fill(1));
    }
    const d = this.decision(X);
    if (k === 2) {
      // binary: decision = d1 - d0, probabilities = softmax([-decision, decision] / 2)
      for (let i = 0; i < X.rows; i++) {
        const dec = (d[2 * i + 1] as number) - (d[2 * i] as number);
        d[2 * i] = -dec / 2;
        d[2 * i + 1] = dec / 2;
      }
    } else for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) / (k - 1);
    softmaxRows(d, X.rows, k);
    return matrix(X.rows, k, d);
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    if (s.classes.length === 1) {
      checkPredictInput(this.type, X, s.nFeatures, false);
      return new Float64Array(X.rows).fill(s.classes[0] as number);
    }
    const k = s.classes.length;
    const d = this.decision(X);
    return argmaxLabels(matrix(X.rows, k, d), s.classes);
  }

  clone(overrides?: Partial<AdaClassifierParams>): AdaBoostClassifier {
    return new AdaBoostClassifier({ ...this.params, ...overrides });
  }

  protected stateToJSON(s: AdaClassifierState): unknown {
    return {
      nFeatures: s.nFeatures,
      classes: Array.from(s.classes),
      weights: Array.from(s.weights),
      stumps: s.stumps.map((st) => ({ feature: st.feature, threshold: st.threshold, left: Array.from(st.left), right: Array.from(st.right) })),
    };
  }

  static fromJSON(json: EstimatorJSON): AdaBoostClassifier {
    const est = new AdaBoostClassifier(json.params);
    const T = AdaBoostClassifier.TYPE;
    if (json.type !== T) badPipeline(T, `type "${json.type}"`);
    if (json.state === null) return est;
    const o = readObject(T, json.state, 'state');
    const nFeatures = readInt(T, o, 'nFeatures', 1);
    const classes = readNumbers(T, o, 'classes');
    const weights = readNumbers(T, o, 'weights');
    const k = classes.length;
    if (k < 1 || !Array.isArray(o.stumps) || o.stumps.length !== weights.length) badPipeline(T, 'stumps / weights');
    const stumps = (o.stumps as unknown[]).map((raw): Stump => {
      const so = readObject(T, raw, 'stump');
      const feature = so.feature;
      if (typeof feature !== 'number' || !Number.isInteger(feature) || feature < -1 || feature >= nFeatures) badPipeline(T, 'stump feature');
      if (typeof so.threshold !== 'number' || !Number.isFinite(so.threshold)) badPipeline(T, 'stump threshold');
      const left = readNumbers(T, so, 'left');
      const right = readNumbers(T, so, 'right');
      if (left.length !== k || right.length !== k) badPipeline(T, 'stump leaf size');
      return { feature: feature as number, threshold: so.threshold as number, left, right };
    });
    est.fitted = { nFeatures, classes, stumps, weights };
    return est;
  }
}

/** Index of the largest value (the lowest on ties). */
function argmax(v: Float64Array): number {
  return argmaxRow(v, 0, v.length);
}
