// scikit-learn's PassiveAggressiveRegressor (PA-I for epsilon_insensitive, PA-II for
// squared_epsilon_insensitive) through the shared _plain_sgd emulation, seeded as sklearn does.
import type { FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { BaseEstimator, boolParam, checkXy, choiceParam, intParam, numParam, seedParam, type StateSchema } from './base.js';
import { checkLinearState, predictLinear } from './least-squares.js';
import { plainSgd } from './sgd.js';

const INT32_MAX = 2147483647;

export interface PassiveAggressiveParams extends Record<string, unknown> {
  C: number;
  epsilon: number;
  loss: 'epsilon_insensitive' | 'squared_epsilon_insensitive';
  maxIter: number;
  tol: number;
  nIterNoChange: number;
  fitIntercept: boolean;
  shuffle: boolean;
  randomState: number;
}

interface PAState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
  nIter: number;
}

export class PassiveAggressiveRegressor extends BaseEstimator<PassiveAggressiveParams, PAState> {
  readonly type = 'PassiveAggressiveRegressor';
  protected readonly schema: StateSchema<PAState> = { coef: 'vector', intercept: 'number', nIter: 'number' };
  constructor(params?: Partial<PassiveAggressiveParams>) {
    super(
      { C: 1, epsilon: 0.1, loss: 'epsilon_insensitive', maxIter: 1000, tol: 1e-3, nIterNoChange: 5, fitIntercept: true, shuffle: true, randomState: 0 },
      params,
    );
  }
  protected make(p: Partial<PassiveAggressiveParams>): this {
    return new PassiveAggressiveRegressor(p) as this;
  }
  protected checkState(s: PAState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const pr = this.params;
    const C = numParam(pr, 'C', { min: 0, minExclusive: true });
    const epsilon = numParam(pr, 'epsilon', { min: 0 });
    const loss = choiceParam(pr, 'loss', ['epsilon_insensitive', 'squared_epsilon_insensitive']);
    const maxIter = intParam(pr, 'maxIter', 1);
    const tol = numParam(pr, 'tol', { min: 0 });
    const nIterNoChange = intParam(pr, 'nIterNoChange', 1);
    const fitIntercept = boolParam(pr, 'fitIntercept');
    const shuffle = boolParam(pr, 'shuffle');
    const rs = new NumpyRandomState(seedParam(pr));
    checkXy(X, y, options);
    const seed = rs.randint(0, INT32_MAX); // sklearn's _fit_regressor draws the shuffle seed first
    const r = plainSgd(
      X,
      y,
      {
        loss: 'epsilon_insensitive',
        epsilon,
        penalty: 'none',
        alpha: 1,
        C,
        learningRate: loss === 'epsilon_insensitive' ? 'pa1' : 'pa2',
        eta0: 0,
        powerT: 0.5,
        maxIter,
        tol,
        nIterNoChange,
        fitIntercept,
        shuffle,
        seed,
        weightPos: 1,
        weightNeg: 1,
      },
      options?.sampleWeight,
    );
    this.fitted = { coef: r.coef, intercept: r.intercept, nIter: r.nIter };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}
