// scikit-learn's DummyClassifier(strategy='prior') and DummyRegressor(strategy='mean'): baselines that ignore X.
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badState, checkX, checkXy, choiceParam, type StateSchema } from '../linear/base.js';
import { encodeClasses } from '../core/classes.js';

export interface DummyClassifierParams extends Record<string, unknown> {
  strategy: 'prior' | 'most_frequent';
  randomState: number;
}

interface DummyClassifierState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  prior: Float64Array;
  nFeatures: number;
}

export class DummyClassifier extends BaseEstimator<DummyClassifierParams, DummyClassifierState> implements Classifier<DummyClassifierParams> {
  readonly type = 'DummyClassifier';
  protected readonly schema: StateSchema<DummyClassifierState> = { classes: 'vector', prior: 'vector', nFeatures: 'int' };
  constructor(params?: Partial<DummyClassifierParams>) {
    super({ strategy: 'prior', randomState: 0 }, params);
  }
  protected make(p: Partial<DummyClassifierParams>): this {
    return new DummyClassifier(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: DummyClassifierState): void {
    if (s.classes.length < 1 || s.prior.length !== s.classes.length) badState(this.type, 'classes and prior differ in length');
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    choiceParam(this.params, 'strategy', ['prior', 'most_frequent']);
    checkXy(X, y, options);
    const { classes, index, counts } = encodeClasses(y);
    const sw = options?.sampleWeight;
    const prior = new Float64Array(classes.length);
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const w = sw ? (sw[i] as number) : 1;
      { const c = index[i] as number; prior[c] = (prior[c] as number) + w; }
      total += w;
    }
    for (let c = 0; c < prior.length; c++) prior[c] = sw ? (prior[c] as number) / total : (counts[c] as number) / y.length;
    this.fitted = { classes, prior, nFeatures: X.cols };
    return this;
  }
  private majority(): number {
    const { prior } = this.state();
    let best = 0;
    for (let c = 1; c < prior.length; c++) if ((prior[c] as number) > (prior[best] as number)) best = c;
    return best;
  }
  predict(X: Matrix): Float64Array {
    const s = this.state();
    checkX(X, s.nFeatures);
    return new Float64Array(X.rows).fill(s.classes[this.majority()] as number);
  }
  predictProba(X: Matrix): Matrix {
    const s = this.state();
    checkX(X, s.nFeatures);
    const k = s.classes.length;
    const row = new Float64Array(k);
    if (this.params.strategy === 'most_frequent') row[this.majority()] = 1;
    else row.set(s.prior);
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) out.set(row, i * k);
    return { data: out, rows: X.rows, cols: k };
  }
}

export interface DummyRegressorParams extends Record<string, unknown> {
  strategy: 'mean' | 'median';
  randomState: number;
}

interface DummyRegressorState extends Record<string, number | Float64Array> {
  constant: number;
  nFeatures: number;
}

export class DummyRegressor extends BaseEstimator<DummyRegressorParams, DummyRegressorState> {
  readonly type = 'DummyRegressor';
  protected readonly schema: StateSchema<DummyRegressorState> = { constant: 'number', nFeatures: 'int' };
  constructor(params?: Partial<DummyRegressorParams>) {
    super({ strategy: 'mean', randomState: 0 }, params);
  }
  protected make(p: Partial<DummyRegressorParams>): this {
    return new DummyRegressor(p) as this;
  }
  protected checkState(s: DummyRegressorState): void {
    if (!Number.isFinite(s.constant)) badState(this.type, 'constant is not finite');
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const strategy = choiceParam(this.params, 'strategy', ['mean', 'median']);
    checkXy(X, y, options);
    let constant: number;
    if (strategy === 'mean') {
      const sw = options?.sampleWeight;
      let s = 0;
      let w = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = sw ? (sw[i] as number) : 1;
        s += wi * (y[i] as number);
        w += wi;
      }
      constant = s / w;
    } else {
      const sorted = Float64Array.from(y).sort();
      const n = sorted.length;
      constant = n % 2 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
    }
    this.fitted = { constant, nFeatures: X.cols };
    return this;
  }
  predict(X: Matrix): Float64Array {
    const s = this.state();
    checkX(X, s.nFeatures);
    return new Float64Array(X.rows).fill(s.constant);
  }
}
