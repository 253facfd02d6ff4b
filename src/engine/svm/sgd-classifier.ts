// PyCaret's "SVM - Linear Kernel": scikit-learn's SGDClassifier(loss='hinge', penalty='l2', alpha=1e-4,
// learning_rate='optimal'), one-vs-rest for more than two classes. Seeds are drawn exactly as sklearn does
// from numpy's RandomState(randomState) (MT19937), so fits reproduce scikit-learn's. No probabilities.
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { BaseEstimator, boolParam, checkLinearClassifierState, checkXy, choiceParam, intParam, linearScores, numParam, seedParam, type StateSchema } from '../linear/base.js';
import { encodeClasses } from '../core/classes.js';
import { checkClassWeightParam, classWeightsOf, type ClassWeightParam } from '../core/class-weight.js';
import { labelsFromScores } from '../linear/least-squares.js';
import { plainSgd, type SgdOptions } from '../linear/sgd.js';

const INT32_MAX = 2147483647;

export interface SGDClassifierParams extends Record<string, unknown> {
  alpha: number;
  penalty: 'l2' | 'none';
  learningRate: 'optimal' | 'constant' | 'invscaling';
  eta0: number;
  powerT: number;
  maxIter: number;
  tol: number;
  nIterNoChange: number;
  fitIntercept: boolean;
  shuffle: boolean;
  randomState: number;
  /** scikit-learn's class_weight (null, 'balanced' or {label: weight}): the positive / negative weights of each binary fit. */
  classWeight: ClassWeightParam;
}

interface SGDState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  coef: Float64Array; // outputs × p (outputs = 1 for two classes)
  intercept: Float64Array;
  nIter: number;
}

export class SGDClassifier extends BaseEstimator<SGDClassifierParams, SGDState> implements Classifier<SGDClassifierParams> {
  readonly type = 'SGDClassifier';
  protected readonly schema: StateSchema<SGDState> = { classes: 'vector', coef: 'vector', intercept: 'vector', nIter: 'number' };
  constructor(params?: Partial<SGDClassifierParams>) {
    super(
      {
        alpha: 1e-4,
        penalty: 'l2',
        learningRate: 'optimal',
        eta0: 0,
        powerT: 0.5,
        maxIter: 1000,
        tol: 1e-3,
        nIterNoChange: 5,
        fitIntercept: true,
        shuffle: true,
        randomState: 0,
        classWeight: null,
      },
      params,
    );
  }
  protected make(p: Partial<SGDClassifierParams>): this {
    return new SGDClassifier(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: SGDState): void {
    checkLinearClassifierState(this.type, s);
  }

  private options(seed: number, weightPos = 1, weightNeg = 1): SgdOptions {
    const pr = this.params;
    const learningRate = choiceParam(pr, 'learningRate', ['optimal', 'constant', 'invscaling']);
    return {
      loss: 'hinge',
      epsilon: 0,
      penalty: choiceParam(pr, 'penalty', ['l2', 'none']),
      alpha: numParam(pr, 'alpha', { min: 0, minExclusive: learningRate === 'optimal' }),
      C: 1,
      learningRate,
      eta0: numParam(pr, 'eta0', { min: 0, minExclusive: learningRate !== 'optimal' }),
      powerT: numParam(pr, 'powerT'),
      maxIter: intParam(pr, 'maxIter', 1),
      tol: numParam(pr, 'tol', { min: 0 }),
      nIterNoChange: intParam(pr, 'nIterNoChange', 1),
      fitIntercept: boolParam(pr, 'fitIntercept'),
      shuffle: boolParam(pr, 'shuffle'),
      seed,
      weightPos,
      weightNeg,
    };
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const randomState = seedParam(this.params);
    this.options(1); // validate params before touching data
    const classWeight = checkClassWeightParam(this.params.classWeight, 'SGDClassifier');
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    // As scikit-learn: binary → weight_pos = cw[1], weight_neg = cw[0]; one-vs-rest → weight_pos = cw[c], weight_neg = 1.
    const cw = classWeightsOf(classWeight, classes, index);
    const k = classes.length;
    const p = X.cols;
    const sw = options?.sampleWeight;
    const fitBinary = (positive: number, rs: NumpyRandomState) => {
      rs.randint(1, INT32_MAX); // make_dataset's seed (unused by the sequential pass)
      const seed = rs.randint(0, INT32_MAX);
      const yb = Float64Array.from(index, (c) => (c === positive ? 1 : -1));
      const pos = cw ? (cw[positive] as number) : 1;
      const neg = cw && k <= 2 ? (cw[0] as number) : 1;
      return plainSgd(X, yb, this.options(seed, pos, neg), sw);
    };
    if (k <= 2) {
      const r = k === 1 ? { coef: new Float64Array(p), intercept: 0, nIter: 0 } : fitBinary(1, new NumpyRandomState(randomState));
      this.fitted = { classes, coef: r.coef, intercept: Float64Array.of(r.intercept), nIter: r.nIter };
    } else {
      const rs = new NumpyRandomState(randomState);
      const seeds = Array.from({ length: k }, () => rs.randint(0, INT32_MAX));
      const coef = new Float64Array(k * p);
      const intercept = new Float64Array(k);
      let nIter = 0;
      for (let c = 0; c < k; c++) {
        const r = fitBinary(c, new NumpyRandomState(seeds[c] as number));
        coef.set(r.coef, c * p);
        intercept[c] = r.intercept;
        nIter = Math.max(nIter, r.nIter);
      }
      this.fitted = { classes, coef, intercept, nIter };
    }
    return this;
  }

  decisionFunction(X: Matrix): Matrix {
    return linearScores(this.state(), X);
  }

  predict(X: Matrix): Float64Array {
    return labelsFromScores(this.decisionFunction(X), this.state().classes);
  }
}
