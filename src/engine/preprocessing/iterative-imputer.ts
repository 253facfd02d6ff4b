import type { Estimator, EstimatorJSON } from '../core/estimator.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { BayesianRidge } from '../linear/bayesian-ridge.js';
import { LinearRegression } from '../linear/least-squares.js';
import { LightGbmClassifier, LightGbmRegressor } from '../boosting/lightgbm.js';
import { LogisticRegression } from '../linear/logistic.js';
import { columnMeans } from './knn-imputer.js';
import { mostFrequent, presentSorted } from './numeric-imputer.js';

/** Models a column can be regressed on the others with (PyCaret's numeric_iterative_imputer ids). */
export type IterativeModel = 'br' | 'lr' | 'lightgbm';
export const ITERATIVE_MODELS: readonly IterativeModel[] = ['br', 'lr', 'lightgbm'];
/** Classifiers a categorical column (its level codes) can be predicted with (categorical_iterative_imputer). */
export type IterativeClassifier = 'lr' | 'lightgbm';
export const ITERATIVE_CLASSIFIERS: readonly IterativeClassifier[] = ['lr', 'lightgbm'];

function createModel(id: IterativeModel, seed: number): Estimator {
  if (id === 'br') return new BayesianRidge();
  if (id === 'lr') return new LinearRegression();
  return new LightGbmRegressor({ randomState: seed });
}

function createClassifier(id: IterativeClassifier, seed: number): Estimator {
  return id === 'lr' ? new LogisticRegression({ randomState: seed }) : new LightGbmClassifier({ randomState: seed });
}

function reviveModel(id: IterativeModel, json: EstimatorJSON): Estimator {
  if (id === 'lightgbm') return LightGbmRegressor.fromJSON(json);
  return (id === 'br' ? new BayesianRidge(json.params) : new LinearRegression(json.params)).restore(json.state);
}

function reviveClassifier(id: IterativeClassifier, json: EstimatorJSON): Estimator {
  return id === 'lr' ? new LogisticRegression(json.params).restore(json.state) : LightGbmClassifier.fromJSON(json);
}

interface Round {
  column: number;
  model: Estimator;
}

export interface IterativeImputerJSON {
  kind: 'iterative';
  model: IterativeModel;
  cols: number;
  /** Initial fill per column: the training mean (numeric) or most frequent code (categorical); null = no training value. */
  means: Array<number | null>;
  /** Columns holding categorical level codes, predicted by `classifier`. */
  categorical?: number[];
  classifier?: IterativeClassifier;
  /** Rounds × columns fitted models, in the order they are applied. */
  sequence: Array<{ column: number; model: EstimatorJSON }>;
  /** Models per round (absent: every valid column). */
  perRound?: number;
}

/**
 * scikit-learn's IterativeImputer(max_iter=iterations, initial_strategy="mean", imputation_order="ascending",
 * sample_posterior=False, tol=1e-3) over the numeric columns: after a mean fill, each column in turn (fewest
 * missing first) is regressed on all the others on the rows where it is present and its missing cells are
 * replaced by the predictions; the rounds stop early when the largest row change falls below tol × max |x|.
 * transform replays the fitted models in the same order, so the training rows come out as in fit.
 * The estimator is scikit-learn's default BayesianRidge ("br"), or "lr" / "lightgbm" (seeded).
 * A column with no training value is filled with 0 and regressed on by nothing (scikit-learn drops it).
 */
export class IterativeImputer {
  private means: Float64Array | null = null;
  private sequence: Round[] = [];
  private p = 0;
  private categorical = new Set<number>();
  private perRound = 0;

  /** classifier: the model of the categorical columns fit is given. */
  constructor(
    readonly iterations = 5,
    readonly model: IterativeModel = 'br',
    private readonly seed = 0,
    private readonly tol = 1e-3,
    readonly classifier: IterativeClassifier = 'lightgbm',
    /** scikit-learn's skip_complete (PyCaret sets it): columns without a missing training cell get no model. */
    private readonly skipComplete = false,
  ) {}

  /** categorical: the columns of X that hold level codes (0, 1, ...; NaN missing), imputed by the classifier. */
  fit(X: Matrix, categorical: readonly number[] = []): this {
    const { rows: n, cols: p } = X;
    this.p = p;
    this.categorical = new Set(categorical);
    this.means = columnMeans(X.data, n, p);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    for (const j of this.categorical) {
      const col = Float64Array.from({ length: n }, (_, i) => X.data[i * p + j] as number);
      this.means[j] = mostFrequent(presentSorted(col, rows));
    }
    this.sequence = [];
    this.perRound = 0;
    const valid = this.validColumns();
    const mask = Uint8Array.from(X.data, (v) => (Number.isNaN(v) ? 1 : 0));
    const Xt = this.initial(X);
    let anyPresent = false;
    let maxAbs = 0;
    for (let i = 0; i < X.data.length; i++)
      if (!mask[i]) {
        anyPresent = true;
        maxAbs = Math.max(maxAbs, Math.abs(X.data[i] as number));
      }
    if (!anyPresent || valid.length < 2 || this.iterations === 0) return this;
    const missing = valid.map((j) => {
      let c = 0;
      for (let i = 0; i < n; i++) c += mask[i * p + j] as number;
      return c;
    });
    // Ascending fraction missing, stable (numpy's mergesort).
    const order = valid
      .map((j, t) => ({ j, c: missing[t] as number }))
      .filter((o) => !this.skipComplete || o.c > 0)
      .sort((a, b) => a.c - b.c)
      .map((o) => o.j);
    this.perRound = order.length;
    if (order.length === 0) return this;
    const normalizedTol = this.tol * maxAbs;
    let previous = Float64Array.from(Xt.data);
    for (let round = 0; round < this.iterations; round++) {
      for (const j of order) this.sequence.push({ column: j, model: this.imputeOne(Xt, mask, j, valid, null) });
      let norm = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += Math.abs((Xt.data[i * p + j] as number) - (previous[i * p + j] as number));
        norm = Math.max(norm, s);
      }
      if (norm < normalizedTol) break;
      previous = Float64Array.from(Xt.data);
    }
    return this;
  }

  private validColumns(): number[] {
    const means = this.state.means;
    return Array.from({ length: this.p }, (_, j) => j).filter((j) => !Number.isNaN(means[j] as number));
  }

  private get state(): { means: Float64Array } {
    if (!this.means) throw new Error('IterativeImputer is not fitted');
    return { means: this.means };
  }

  /** The mean fill (0 for a column without training values). */
  private initial(X: Matrix): Matrix {
    const means = this.state.means;
    const out = matrix(X.rows, X.cols);
    for (let i = 0; i < X.data.length; i++) {
      const v = X.data[i] as number;
      const m = means[i % X.cols] as number;
      out.data[i] = Number.isNaN(v) ? (Number.isNaN(m) ? 0 : m) : v;
    }
    return out;
  }

  /** Fits (model null) or applies the model of column j on the other valid columns; updates Xt's missing cells of j. */
  private imputeOne(Xt: Matrix, mask: Uint8Array, j: number, valid: readonly number[], model: Estimator | null): Estimator {
    const { rows: n, cols: p } = Xt;
    const others = valid.filter((c) => c !== j);
    const pick = (want: 0 | 1): number[] => {
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (mask[i * p + j] === want) rows.push(i);
      return rows;
    };
    const gather = (rows: readonly number[]): Matrix => {
      const M = matrix(rows.length, others.length);
      rows.forEach((r, t) => others.forEach((c, u) => (M.data[t * others.length + u] = Xt.data[r * p + c] as number)));
      return M;
    };
    let est = model;
    if (!est) {
      const train = pick(0);
      est = (this.categorical.has(j) ? createClassifier(this.classifier, this.seed) : createModel(this.model, this.seed)).fit(gather(train), Float64Array.from(train, (r) => Xt.data[r * p + j] as number));
    }
    const todo = pick(1);
    if (todo.length === 0) return est;
    const pred = est.predict(gather(todo));
    todo.forEach((r, t) => (Xt.data[r * p + j] = pred[t] as number));
    return est;
  }

  transform(X: Matrix): Matrix {
    if (X.cols !== this.p) throw new RangeError(`IterativeImputer: expected ${this.p} columns, got ${X.cols}`);
    const mask = Uint8Array.from(X.data, (v) => (Number.isNaN(v) ? 1 : 0));
    const Xt = this.initial(X);
    if (!mask.some((m) => m === 1)) return Xt;
    const valid = this.validColumns();
    for (const s of this.sequence) this.imputeOne(Xt, mask, s.column, valid, s.model);
    return Xt;
  }

  /** Rounds actually run (scikit-learn's n_iter_). */
  get rounds(): number {
    return this.perRound === 0 ? 0 : this.sequence.length / this.perRound;
  }

  toJSON(): IterativeImputerJSON {
    const { means } = this.state;
    return {
      kind: 'iterative', model: this.model, cols: this.p, means: Array.from(means, (m) => (Number.isNaN(m) ? null : m)),
      ...(this.categorical.size > 0 ? { categorical: [...this.categorical], classifier: this.classifier } : {}),
      perRound: this.perRound,
      sequence: this.sequence.map((s) => ({ column: s.column, model: s.model.toJSON() })),
    };
  }

  static fromJSON(json: unknown, cols: number, where: string): IterativeImputer {
    const bad = (): never => {
      throw new EngineInputError('BAD_PIPELINE', `malformed iterative imputer (${where})`, 'pipeline');
    };
    const o = json as Partial<IterativeImputerJSON> | null;
    if (!o || o.kind !== 'iterative' || !ITERATIVE_MODELS.includes(o.model as IterativeModel) || o.cols !== cols) return bad();
    if (!Array.isArray(o.means) || o.means.length !== cols || !o.means.every((m) => m === null || (typeof m === 'number' && Number.isFinite(m)))) return bad();
    if (!Array.isArray(o.sequence)) return bad();
    const categorical = o.categorical ?? [];
    if (!Array.isArray(categorical) || !categorical.every((j) => Number.isInteger(j) && j >= 0 && j < cols)) return bad();
    if (categorical.length > 0 && !ITERATIVE_CLASSIFIERS.includes(o.classifier as IterativeClassifier)) return bad();
    const imp = new IterativeImputer(0, o.model, 0, 1e-3, (o.classifier as IterativeClassifier | undefined) ?? 'lightgbm');
    imp.categorical = new Set(categorical);
    imp.p = cols;
    imp.means = Float64Array.from(o.means as Array<number | null>, (m) => (m === null ? NaN : m));
    const valid = imp.validColumns();
    imp.perRound = o.perRound ?? valid.length;
    if (!Number.isInteger(imp.perRound) || imp.perRound < 0 || imp.perRound > valid.length) return bad();
    imp.sequence = (o.sequence as unknown[]).map((s): Round => {
      const r = s as Partial<{ column: unknown; model: EstimatorJSON }> | null;
      if (!r || typeof r.column !== 'number' || !valid.includes(r.column) || !r.model || typeof r.model !== 'object') return bad();
      let model: Estimator;
      try {
        model = imp.categorical.has(r.column) ? reviveClassifier(imp.classifier, r.model) : reviveModel(o.model as IterativeModel, r.model);
      } catch {
        return bad();
      }
      if (!model.isFitted()) return bad();
      return { column: r.column, model };
    });
    return imp;
  }
}
