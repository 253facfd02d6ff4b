// PyCaret's ensemble_model(method="Boosting"): scikit-learn 1.2.1's AdaBoostClassifier / AdaBoostRegressor
// (sklearn/ensemble/_weight_boosting.py) over a given engine model. The engine's own `ada` (boosting/ada-*.ts)
// boosts fixed gini / squared-error stumps only, hence this generic form.
// Seeding as scikit-learn: one RandomState(randomState); each round first draws the member's random_state
// (randint(MAX_INT), _set_random_states, only for estimators with a random_state: sklearn-seeds.ts), the regressor then its weighted bootstrap (choice(n, n, p=weights)).
// Classification needs a member that honours sample weights (see sample-weight.ts); regression fits members on
// the bootstrap, so any model works.
import { NotFittedError, type Classifier, type Estimator, type EstimatorJSON, type FitOptions } from '../core/estimator.js';
import { takeRows, takeValues, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { alignedProba, badState, createMember, hasProba, memberJSON, memberList, stateObject, uniqueSorted, type MemberResolver, type MemberSpec } from './members.js';
import { acceptsSampleWeight } from './sample-weight.js';
import { sklearnTakesRandomState } from './sklearn-seeds.js';
import type { TaskType } from '../types.js';

const MAX_INT = 2147483647;
const EPS = 2.220446049250313e-16;

export interface AdaBoostParams {
  [key: string]: unknown;
  estimator: MemberSpec;
  nEstimators: number;
  learningRate: number;
  /** Classification: 'auto' = SAMME.R when the member has predictProba, else SAMME. */
  algorithm: 'auto' | 'SAMME.R' | 'SAMME';
  /** Regression (AdaBoost.R2). */
  loss: 'linear' | 'square' | 'exponential';
  randomState: number;
}

interface Fitted {
  members: Estimator[];
  weights: number[];
  classes: Float64Array | null;
  algorithm: 'SAMME.R' | 'SAMME' | 'R2';
}

function checkParams(p: Partial<AdaBoostParams>): AdaBoostParams {
  const bad = (f: string, why: string): never => {
    throw new EngineInputError('BAD_PARAM', why, `params.${f}`);
  };
  if (!p.estimator || typeof p.estimator.modelId !== 'string') bad('modelId', 'boosting needs an estimator {modelId, params?}');
  const out: AdaBoostParams = {
    estimator: p.estimator as MemberSpec,
    nEstimators: p.nEstimators ?? 10,
    learningRate: p.learningRate ?? 1,
    algorithm: p.algorithm ?? 'auto',
    loss: p.loss ?? 'linear',
    randomState: p.randomState ?? 0,
  };
  if (!Number.isInteger(out.nEstimators) || out.nEstimators < 1) bad('nEstimators', 'nEstimators must be an integer >= 1');
  if (!(out.learningRate > 0) || !Number.isFinite(out.learningRate)) bad('learningRate', 'learningRate must be > 0');
  if (!['auto', 'SAMME.R', 'SAMME'].includes(out.algorithm)) bad('algorithm', 'algorithm must be auto, SAMME.R or SAMME');
  if (!['linear', 'square', 'exponential'].includes(out.loss)) bad('loss', 'loss must be linear, square or exponential');
  if (!Number.isInteger(out.randomState) || out.randomState < 0 || out.randomState > 0xffffffff) bad('randomState', 'randomState must be an integer in [0, 2^32)');
  return out;
}

abstract class AdaBoostBase implements Estimator<AdaBoostParams> {
  abstract readonly type: string;
  readonly params: Readonly<AdaBoostParams>;
  protected fitted: Fitted | null = null;

  constructor(
    params: Partial<AdaBoostParams>,
    protected readonly resolve: MemberResolver,
  ) {
    this.params = checkParams(params);
  }

  abstract fit(X: Matrix, y: Float64Array, options?: FitOptions): this;
  abstract predict(X: Matrix): Float64Array;
  abstract clone(overrides?: Partial<AdaBoostParams>): Estimator<AdaBoostParams>;

  /** A new member with scikit-learn's per-round random_state when the model takes one. */
  protected member(rs: NumpyRandomState, task: TaskType): Estimator {
    if (!sklearnTakesRandomState(task, this.params.estimator.modelId)) return createMember(this.resolve, this.params.estimator);
    const seed = rs.randint(0, MAX_INT);
    const probe = createMember(this.resolve, this.params.estimator);
    return 'randomState' in probe.params ? createMember(this.resolve, this.params.estimator, { randomState: seed }) : probe;
  }

  protected state(): Fitted {
    if (!this.fitted) throw new NotFittedError(this.type);
    return this.fitted;
  }

  isFitted(): boolean {
    return this.fitted !== null;
  }

  getParams(): AdaBoostParams {
    return structuredClone({ ...this.params }) as AdaBoostParams;
  }

  toJSON(): EstimatorJSON {
    const s = this.state();
    return {
      type: this.type,
      params: this.getParams(),
      state: { classes: s.classes ? Array.from(s.classes) : null, algorithm: s.algorithm, weights: s.weights, members: s.members.map((m) => memberJSON(this.params.estimator.modelId, m)) },
    };
  }

  protected restoreFrom(json: EstimatorJSON, classifier: boolean): this {
    const st = stateObject(json, this.type);
    const members = memberList(st, 'members', this.resolve, this.type);
    const w = st.weights;
    if (!Array.isArray(w) || w.length !== members.length || !w.every((v) => typeof v === 'number' && Number.isFinite(v))) throw badState(`${this.type}: weights must match the members`);
    const algorithm = st.algorithm;
    if (classifier ? algorithm !== 'SAMME.R' && algorithm !== 'SAMME' : algorithm !== 'R2') throw badState(`${this.type}: bad algorithm`);
    let classes: Float64Array | null = null;
    if (classifier) {
      if (!Array.isArray(st.classes) || st.classes.length < 2) throw badState(`${this.type}: classes missing`);
      classes = Float64Array.from(st.classes as number[]);
    }
    this.fitted = { members, weights: w as number[], classes, algorithm: algorithm as Fitted['algorithm'] };
    return this;
  }
}

/** (k-1) (log p - mean log p), p clipped at eps: one SAMME.R member's contribution (_samme_proba). */
function sammeProba(e: Estimator, X: Matrix, classes: Float64Array): Float64Array {
  const P = alignedProba(e, X, classes);
  const k = classes.length;
  const out = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.log(Math.max(P.data[i * k + c] as number, EPS));
    for (let c = 0; c < k; c++) out[i * k + c] = (k - 1) * (Math.log(Math.max(P.data[i * k + c] as number, EPS)) - sum / k);
  }
  return out;
}

export class AdaBoostMetaClassifier extends AdaBoostBase implements Classifier<AdaBoostParams> {
  static readonly TYPE = 'AdaBoostMetaClassifier';
  readonly type = AdaBoostMetaClassifier.TYPE;

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    if (!acceptsSampleWeight('classification', this.params.estimator.modelId)) {
      throw new EngineInputError('BAD_PARAM', `boosting needs a model that accepts sample weights; "${this.params.estimator.modelId}" does not`, 'params.modelId');
    }
    const n = X.rows;
    const classes = uniqueSorted(y);
    const k = classes.length;
    const codes = Array.from(y, (v) => classes.indexOf(v));
    const rs = new NumpyRandomState(this.params.randomState);
    let sw = options?.sampleWeight ? Float64Array.from(options.sampleWeight) : new Float64Array(n).fill(1);
    const total0 = sw.reduce((a, b) => a + b, 0);
    sw = sw.map((v) => v / total0);
    const members: Estimator[] = [];
    const weights: number[] = [];
    let algorithm: 'SAMME.R' | 'SAMME' | null = this.params.algorithm === 'auto' ? null : this.params.algorithm;
    const lr = this.params.learningRate;
    const last = this.params.nEstimators - 1;
    for (let it = 0; it <= last; it++) {
      const est = this.member(rs, 'classification').fit(X, y, { sampleWeight: sw });
      if (algorithm === null) algorithm = hasProba(est) ? 'SAMME.R' : 'SAMME';
      if (algorithm === 'SAMME.R' && !hasProba(est)) throw new EngineInputError('BAD_PARAM', `SAMME.R needs predictProba, which ${est.type} lacks`, 'params.algorithm');
      let P: Float64Array | null = null;
      let pred: Int32Array;
      if (algorithm === 'SAMME.R') {
        P = alignedProba(est, X, classes).data;
        pred = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          let b = 0;
          for (let c = 1; c < k; c++) if ((P[i * k + c] as number) > (P[i * k + b] as number)) b = c;
          pred[i] = b;
        }
      } else pred = Int32Array.from(est.predict(X), (v) => classes.indexOf(v));
      let swSum = 0;
      let err = 0;
      for (let i = 0; i < n; i++) {
        swSum += sw[i] as number;
        if (pred[i] !== codes[i]) err += sw[i] as number;
      }
      err /= swSum;
      if (err <= 0) {
        members.push(est);
        weights.push(1);
        break;
      }
      if (algorithm === 'SAMME.R') {
        members.push(est);
        weights.push(1);
        if (it !== last) {
          const probs = P as Float64Array;
          for (let i = 0; i < n; i++) {
            // y_coding: 1 for the true class, -1/(k-1) elsewhere; xlogy summed over classes.
            let s = 0;
            for (let c = 0; c < k; c++) s += (c === codes[i] ? 1 : -1 / (k - 1)) * Math.log(Math.max(probs[i * k + c] as number, EPS));
            const ew = -lr * ((k - 1) / k) * s;
            if ((sw[i] as number) > 0 || ew < 0) sw[i] = (sw[i] as number) * Math.exp(ew);
          }
        }
      } else {
        if (err >= 1 - 1 / k) {
          if (members.length === 0) throw new EngineInputError('BAD_PARAM', 'the base model is worse than random guessing: boosting cannot be fitted', 'params.modelId');
          break;
        }
        const ew = lr * (Math.log((1 - err) / err) + Math.log(k - 1));
        members.push(est);
        weights.push(ew);
        if (it !== last) for (let i = 0; i < n; i++) if (pred[i] !== codes[i] && (sw[i] as number) > 0) sw[i] = Math.exp(Math.log(sw[i] as number) + ew);
      }
      const sum = sw.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) break;
      if (it < last) sw = sw.map((v) => v / sum);
    }
    this.fitted = { members, weights, classes, algorithm: algorithm ?? 'SAMME' };
    return this;
  }

  /** scikit-learn's decision_function: rows x k (binary: rows x 1). */
  decisionFunction(X: Matrix): Matrix {
    const s = this.state();
    const classes = s.classes as Float64Array;
    const k = classes.length;
    const pred = new Float64Array(X.rows * k);
    s.members.forEach((m, e) => {
      if (s.algorithm === 'SAMME.R') {
        const c = sammeProba(m, X, classes);
        for (let i = 0; i < pred.length; i++) pred[i] = (pred[i] as number) + (c[i] as number);
      } else {
        const p = m.predict(X);
        for (let i = 0; i < X.rows; i++) {
          const c = classes.indexOf(p[i] as number);
          if (c >= 0) pred[i * k + c] = (pred[i * k + c] as number) + (s.weights[e] as number);
        }
      }
    });
    const wsum = s.weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < pred.length; i++) pred[i] = (pred[i] as number) / wsum;
    if (k !== 2) return { data: pred, rows: X.rows, cols: k };
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = -(pred[i * 2] as number) + (pred[i * 2 + 1] as number);
    return { data: out, rows: X.rows, cols: 1 };
  }

  predictProba(X: Matrix): Matrix {
    const k = (this.state().classes as Float64Array).length;
    const d = this.decisionFunction(X);
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      const z = k === 2 ? [-(d.data[i] as number) / 2, (d.data[i] as number) / 2] : Array.from({ length: k }, (_, c) => (d.data[i * k + c] as number) / (k - 1));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < k; c++) out[i * k + c] = (e[c] as number) / s;
    }
    return { data: out, rows: X.rows, cols: k };
  }

  predict(X: Matrix): Float64Array {
    const classes = this.state().classes as Float64Array;
    const d = this.decisionFunction(X);
    if (classes.length === 2) return d.data.map((v) => (classes[v > 0 ? 1 : 0] as number));
    const k = classes.length;
    return Float64Array.from({ length: X.rows }, (_, i) => {
      let b = 0;
      for (let c = 1; c < k; c++) if ((d.data[i * k + c] as number) > (d.data[i * k + b] as number)) b = c;
      return classes[b] as number;
    });
  }

  clone(overrides?: Partial<AdaBoostParams>): AdaBoostMetaClassifier {
    return new AdaBoostMetaClassifier({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): AdaBoostMetaClassifier {
    return new AdaBoostMetaClassifier(json.params as Partial<AdaBoostParams>, resolve).restoreFrom(json, true);
  }
}

/** AdaBoost.R2 (Drucker 1997) as scikit-learn: weighted bootstraps, the weighted median of the members. */
export class AdaBoostMetaRegressor extends AdaBoostBase {
  static readonly TYPE = 'AdaBoostMetaRegressor';
  readonly type = AdaBoostMetaRegressor.TYPE;

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const n = X.rows;
    const rs = new NumpyRandomState(this.params.randomState);
    let sw = options?.sampleWeight ? Float64Array.from(options.sampleWeight) : new Float64Array(n).fill(1);
    const total0 = sw.reduce((a, b) => a + b, 0);
    sw = sw.map((v) => v / total0);
    const members: Estimator[] = [];
    const weights: number[] = [];
    const lr = this.params.learningRate;
    const last = this.params.nEstimators - 1;
    for (let it = 0; it <= last; it++) {
      const est = this.member(rs, 'regression');
      // np.random.choice(n, n, replace=True, p=sw): cdf normalised by its last value, searchsorted(side='right').
      const cdf = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) cdf[i] = acc += sw[i] as number;
      const top = cdf[n - 1] as number;
      for (let i = 0; i < n; i++) cdf[i] = (cdf[i] as number) / top;
      const rows = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const u = rs.nextDouble();
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((cdf[mid] as number) <= u) lo = mid + 1;
          else hi = mid;
        }
        rows[r] = Math.min(lo, n - 1);
      }
      est.fit(takeRows(X, rows), takeValues(y, rows));
      const p = est.predict(X);
      const errs = new Float64Array(n);
      let maxErr = 0;
      for (let i = 0; i < n; i++) {
        errs[i] = Math.abs((p[i] as number) - (y[i] as number));
        if ((sw[i] as number) > 0) maxErr = Math.max(maxErr, errs[i] as number);
      }
      let err = 0;
      for (let i = 0; i < n; i++) {
        let e = maxErr !== 0 ? (errs[i] as number) / maxErr : (errs[i] as number);
        if (this.params.loss === 'square') e *= e;
        else if (this.params.loss === 'exponential') e = 1 - Math.exp(-e);
        errs[i] = e;
        if ((sw[i] as number) > 0) err += (sw[i] as number) * e;
      }
      if (err <= 0) {
        members.push(est);
        weights.push(1);
        break;
      }
      if (err >= 0.5) {
        // scikit-learn drops this member unless it is the only one.
        if (members.length === 0) {
          members.push(est);
          weights.push(0);
        }
        break;
      }
      const beta = err / (1 - err);
      members.push(est);
      weights.push(lr * Math.log(1 / beta));
      if (it !== last) for (let i = 0; i < n; i++) if ((sw[i] as number) > 0) sw[i] = (sw[i] as number) * beta ** ((1 - (errs[i] as number)) * lr);
      const sum = sw.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) break;
      if (it < last) sw = sw.map((v) => v / sum);
    }
    this.fitted = { members, weights, classes: null, algorithm: 'R2' };
    return this;
  }

  /** The weighted median of the members' predictions (_get_median_predict). */
  predict(X: Matrix): Float64Array {
    const s = this.state();
    const preds = s.members.map((m) => m.predict(X));
    return Float64Array.from({ length: X.rows }, (_, i) => {
      const order = preds.map((p, e) => ({ v: p[i] as number, w: s.weights[e] as number })).sort((a, b) => a.v - b.v);
      const total = order.reduce((a, b) => a + b.w, 0);
      let acc = 0;
      for (const o of order) {
        acc += o.w;
        if (acc >= 0.5 * total) return o.v;
      }
      return (order[order.length - 1] as { v: number }).v;
    });
  }

  clone(overrides?: Partial<AdaBoostParams>): AdaBoostMetaRegressor {
    return new AdaBoostMetaRegressor({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): AdaBoostMetaRegressor {
    return new AdaBoostMetaRegressor(json.params as Partial<AdaBoostParams>, resolve).restoreFrom(json, false);
  }
}
