// scikit-learn 1.2.1's BaggingClassifier / BaggingRegressor (sklearn/ensemble/_bagging.py) with bootstrap rows,
// all features, max_samples = 1.0, seeded through numpy's RandomState as scikit-learn:
//   seeds = RandomState(randomState).randint(MAX_INT, size=nEstimators)
//   member i: randomState = RandomState(seeds[i]).randint(MAX_INT) (_set_random_states),
//             rows = RandomState(seeds[i]).randint(0, n, n) (_generate_bagging_indices; drawing all features
//             without replacement consumes nothing).
// A member that accepts sample weights is fitted on every row weighted by its bootstrap counts (as scikit-learn);
// the others on the drawn rows.
import { NotFittedError, type Classifier, type Estimator, type EstimatorJSON, type FitOptions } from '../core/estimator.js';
import { takeRows, takeValues, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { alignedProba, argmaxRows, createMember, hasProba, memberJSON, memberList, stateObject, uniqueSorted, badState, type MemberResolver, type MemberSpec } from './members.js';
import { acceptsSampleWeight } from './sample-weight.js';

const MAX_INT = 2147483647; // np.iinfo(np.int32).max

export interface BaggingParams {
  [key: string]: unknown;
  estimator: MemberSpec;
  nEstimators: number;
  bootstrap: boolean;
  randomState: number;
}

/** The rows and member seed scikit-learn derives for each of n members. */
export function baggingDraws(randomState: number, nEstimators: number, nRows: number, bootstrap: boolean): Array<{ memberSeed: number; rows: Int32Array }> {
  const top = new NumpyRandomState(randomState >>> 0);
  const seeds: number[] = [];
  for (let i = 0; i < nEstimators; i++) seeds.push(top.randint(0, MAX_INT));
  return seeds.map((seed) => {
    const memberSeed = new NumpyRandomState(seed).randint(0, MAX_INT);
    const rs = new NumpyRandomState(seed);
    let rows: Int32Array;
    if (bootstrap) {
      rows = new Int32Array(nRows);
      for (let r = 0; r < nRows; r++) rows[r] = rs.randint(0, nRows);
    } else rows = Int32Array.from({ length: nRows }, (_, i) => i);
    return { memberSeed, rows };
  });
}

abstract class BaggingBase implements Estimator<BaggingParams> {
  abstract readonly type: string;
  readonly params: Readonly<BaggingParams>;
  protected members: Estimator[] | null = null;
  protected fittedClasses: Float64Array | null = null;

  constructor(
    params: Partial<BaggingParams>,
    protected readonly resolve: MemberResolver,
    private readonly classifier: boolean,
  ) {
    const estimator = params.estimator;
    if (!estimator || typeof estimator.modelId !== 'string') throw new EngineInputError('BAD_PARAM', 'bagging needs an estimator {modelId, params?}', 'params.modelId');
    const nEstimators = params.nEstimators ?? 10;
    if (!Number.isInteger(nEstimators) || nEstimators < 1) throw new EngineInputError('BAD_PARAM', 'nEstimators must be an integer >= 1', 'params.nEstimators');
    const randomState = params.randomState ?? 0;
    if (!Number.isInteger(randomState) || randomState < 0 || randomState > 0xffffffff) throw new EngineInputError('BAD_PARAM', 'randomState must be an integer in [0, 2^32)', 'params.randomState');
    this.params = { estimator, nEstimators, bootstrap: params.bootstrap ?? true, randomState };
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    if (options?.sampleWeight) throw new EngineInputError('BAD_PARAM', 'bagging does not take sample weights here', 'sampleWeight');
    const weighted = acceptsSampleWeight(this.classifier ? 'classification' : 'regression', this.params.estimator.modelId);
    const takesSeed = 'randomState' in createMember(this.resolve, this.params.estimator).params;
    this.members = baggingDraws(this.params.randomState, this.params.nEstimators, X.rows, this.params.bootstrap).map(({ memberSeed, rows }) => {
      const est = createMember(this.resolve, this.params.estimator, takesSeed ? { randomState: memberSeed } : undefined);
      if (weighted) {
        const w = new Float64Array(X.rows);
        for (const r of rows) w[r] = (w[r] as number) + 1;
        return est.fit(X, y, { sampleWeight: w });
      }
      return est.fit(takeRows(X, rows), takeValues(y, rows));
    });
    this.fittedClasses = this.classifier ? uniqueSorted(y) : null;
    return this;
  }

  protected fittedMembers(): Estimator[] {
    if (!this.members) throw new NotFittedError(this.type);
    return this.members;
  }

  abstract predict(X: Matrix): Float64Array;

  isFitted(): boolean {
    return this.members !== null;
  }

  getParams(): BaggingParams {
    return structuredClone({ ...this.params }) as BaggingParams;
  }

  abstract clone(overrides?: Partial<BaggingParams>): Estimator<BaggingParams>;

  toJSON(): EstimatorJSON {
    const members = this.fittedMembers();
    return {
      type: this.type,
      params: this.getParams(),
      state: { classes: this.fittedClasses ? Array.from(this.fittedClasses) : null, members: members.map((m) => memberJSON(this.params.estimator.modelId, m)) },
    };
  }

  protected restoreFrom(json: EstimatorJSON): this {
    const st = stateObject(json, this.type);
    const members = memberList(st, 'members', this.resolve, this.type);
    if (members.length !== this.params.nEstimators) throw badState(`${this.type}: ${members.length} members for nEstimators ${this.params.nEstimators}`);
    if (this.classifier) {
      if (!Array.isArray(st.classes) || st.classes.length < 2) throw badState(`${this.type}: classes missing`);
      this.fittedClasses = Float64Array.from(st.classes as number[]);
    }
    this.members = members;
    return this;
  }
}

/** predictProba: mean of the members' probabilities (hard votes turned into one-hot rows for members without them); predict: its argmax. */
export class BaggingClassifier extends BaggingBase implements Classifier<BaggingParams> {
  static readonly TYPE = 'BaggingClassifier';
  readonly type = BaggingClassifier.TYPE;

  constructor(params: Partial<BaggingParams>, resolve: MemberResolver) {
    super(params, resolve, true);
  }

  get classes(): Float64Array | null {
    return this.fittedClasses;
  }

  predictProba(X: Matrix): Matrix {
    const members = this.fittedMembers();
    const classes = this.fittedClasses as Float64Array;
    const k = classes.length;
    const out = new Float64Array(X.rows * k);
    for (const m of members) {
      if (hasProba(m)) {
        const P = alignedProba(m, X, classes);
        for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (P.data[i] as number);
      } else {
        const p = m.predict(X);
        for (let i = 0; i < X.rows; i++) {
          const c = classes.indexOf(p[i] as number);
          if (c >= 0) out[i * k + c] = (out[i * k + c] as number) + 1;
        }
      }
    }
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / members.length;
    return { data: out, rows: X.rows, cols: k };
  }

  predict(X: Matrix): Float64Array {
    return this.labelsFromProba(this.predictProba(X));
  }

  labelsFromProba(P: Matrix): Float64Array {
    return argmaxRows(P, this.fittedClasses as Float64Array);
  }

  clone(overrides?: Partial<BaggingParams>): BaggingClassifier {
    return new BaggingClassifier({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): BaggingClassifier {
    return new BaggingClassifier(json.params as Partial<BaggingParams>, resolve).restoreFrom(json);
  }
}

/** The mean of the members' predictions. */
export class BaggingRegressor extends BaggingBase {
  static readonly TYPE = 'BaggingRegressor';
  readonly type = BaggingRegressor.TYPE;

  constructor(params: Partial<BaggingParams>, resolve: MemberResolver) {
    super(params, resolve, false);
  }

  predict(X: Matrix): Float64Array {
    const members = this.fittedMembers();
    const out = new Float64Array(X.rows);
    for (const m of members) {
      const p = m.predict(X);
      for (let i = 0; i < X.rows; i++) out[i] = (out[i] as number) + (p[i] as number);
    }
    for (let i = 0; i < X.rows; i++) out[i] = (out[i] as number) / members.length;
    return out;
  }

  clone(overrides?: Partial<BaggingParams>): BaggingRegressor {
    return new BaggingRegressor({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): BaggingRegressor {
    return new BaggingRegressor(json.params as Partial<BaggingParams>, resolve).restoreFrom(json);
  }
}
