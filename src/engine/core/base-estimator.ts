// The one generic estimator base (scikit-learn's BaseEstimator): params frozen at construction, fitted state
// kept apart behind a guard. The family bases (linear/base.ts, tree/forest-estimator.ts, boosting/common.ts)
// extend it with their own state encoding and input checks.
import { NotFittedError, type Estimator, type EstimatorJSON, type FitOptions, type Params } from './estimator.js';
import type { Matrix } from './matrix.js';

export abstract class EstimatorBase<P extends Params, S> implements Estimator<P> {
  abstract readonly type: string;
  readonly params: Readonly<P>;
  /** The fitted state; null until fit (or a revive of a fitted model). */
  protected fitted: S | null = null;

  /** Stores params (a frozen copy) and does nothing else. */
  constructor(params: P) {
    this.params = Object.freeze({ ...params }) as Readonly<P>;
  }

  abstract fit(X: Matrix, y: Float64Array, options?: FitOptions): this;
  abstract predict(X: Matrix): Float64Array;
  abstract clone(overrides?: Partial<P>): Estimator<P>;
  abstract toJSON(): EstimatorJSON;

  isFitted(): boolean {
    return this.fitted !== null;
  }

  getParams(): P {
    return { ...this.params } as P;
  }

  /** The fitted state, or NotFittedError before fit. */
  protected state(): S {
    if (this.fitted === null) throw new NotFittedError(this.type);
    return this.fitted;
  }
}
