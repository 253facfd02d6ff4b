// scikit-learn 1.2.1's VotingClassifier / VotingRegressor (sklearn/ensemble/_voting.py) over engine models.
import { NotFittedError, type Classifier, type Estimator, type EstimatorJSON, type FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import {
  alignedProba,
  argmaxRows,
  checkMembers,
  checkWeights,
  createMember,
  hasProba,
  memberJSON,
  memberList,
  stateObject,
  uniqueSorted,
  type MemberResolver,
  type MemberSpec,
} from './members.js';

export interface VotingParams {
  [key: string]: unknown;
  estimators: MemberSpec[];
  /** 'auto' = soft when every member has predictProba, else hard (PyCaret's blend_models). */
  voting: 'soft' | 'hard' | 'auto';
  weights: number[] | null;
}

interface Fitted {
  members: Estimator[];
  classes: Float64Array;
  voting: 'soft' | 'hard';
}

/** Soft: argmax of the weighted mean of the members' probabilities. Hard: weighted majority, ties to the lowest class (np.argmax of np.bincount). */
export class VotingClassifier implements Classifier<VotingParams> {
  static readonly TYPE = 'VotingClassifier';
  readonly type = VotingClassifier.TYPE;
  readonly params: Readonly<VotingParams>;
  private fitted: Fitted | null = null;

  constructor(
    params: Partial<VotingParams>,
    private readonly resolve: MemberResolver,
  ) {
    const estimators = checkMembers(params.estimators, 'VotingClassifier');
    const voting = params.voting ?? 'auto';
    if (voting !== 'soft' && voting !== 'hard' && voting !== 'auto') throw new EngineInputError('BAD_PARAM', 'voting must be soft, hard or auto', 'params.method');
    checkWeights(params.weights, estimators.length, 'VotingClassifier');
    this.params = { estimators, voting, weights: params.weights ?? null };
  }

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  hasProbabilities(): boolean {
    return this.fitted?.voting === 'soft';
  }

  /** The voting actually used: 'auto' resolves at fit time. */
  get effectiveVoting(): 'soft' | 'hard' | null {
    return this.fitted?.voting ?? null;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const members = this.params.estimators.map((m) => createMember(this.resolve, m).fit(X, y, options));
    const allProba = members.every(hasProba);
    let voting: 'soft' | 'hard';
    if (this.params.voting === 'auto') voting = allProba ? 'soft' : 'hard';
    else voting = this.params.voting;
    if (voting === 'soft' && !allProba) throw new EngineInputError('BAD_PARAM', 'soft voting needs every member to have predictProba', 'params.method');
    this.fitted = { members, classes: uniqueSorted(y), voting };
    return this;
  }

  private state(): Fitted {
    if (!this.fitted) throw new NotFittedError(this.type);
    return this.fitted;
  }

  labelsFromProba(P: Matrix): Float64Array | null {
    const s = this.state();
    return s.voting === 'soft' ? argmaxRows(P, s.classes) : null;
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    if (s.voting === 'soft') return argmaxRows(this.predictProba(X), s.classes);
    const w = checkWeights(this.params.weights, s.members.length, this.type);
    const k = s.classes.length;
    const votes = new Float64Array(X.rows * k);
    s.members.forEach((m, e) => {
      const pred = m.predict(X);
      const we = w ? (w[e] as number) : 1;
      for (let i = 0; i < X.rows; i++) {
        const c = s.classes.indexOf(pred[i] as number);
        if (c >= 0) votes[i * k + c] = (votes[i * k + c] as number) + we;
      }
    });
    return argmaxRows({ data: votes, rows: X.rows, cols: k }, s.classes);
  }

  /** Only with soft voting, as scikit-learn (hard voting has no probabilities). */
  predictProba(X: Matrix): Matrix {
    const s = this.state();
    if (s.voting !== 'soft') throw new EngineInputError('BAD_PARAM', 'predictProba is not available when voting is hard', 'params.method');
    const w = checkWeights(this.params.weights, s.members.length, this.type);
    const k = s.classes.length;
    const out = new Float64Array(X.rows * k);
    let total = 0;
    s.members.forEach((m, e) => {
      const we = w ? (w[e] as number) : 1;
      total += we;
      const P = alignedProba(m, X, s.classes);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + we * (P.data[i] as number);
    });
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / total;
    return { data: out, rows: X.rows, cols: k };
  }

  isFitted(): boolean {
    return this.fitted !== null;
  }

  getParams(): VotingParams {
    return structuredClone({ ...this.params }) as VotingParams;
  }

  clone(overrides?: Partial<VotingParams>): VotingClassifier {
    return new VotingClassifier({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  toJSON(): EstimatorJSON {
    const s = this.state();
    return {
      type: this.type,
      params: this.getParams(),
      state: { classes: Array.from(s.classes), voting: s.voting, members: s.members.map((m, i) => memberJSON((this.params.estimators[i] as MemberSpec).modelId, m)) },
    };
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): VotingClassifier {
    const st = stateObject(json, VotingClassifier.TYPE);
    const est = new VotingClassifier(json.params as Partial<VotingParams>, resolve);
    const members = memberList(st, 'members', resolve, VotingClassifier.TYPE);
    if (members.length !== est.params.estimators.length) throw new EngineInputError('BAD_PIPELINE', 'VotingClassifier: members do not match estimators', 'pipeline');
    if (st.voting !== 'soft' && st.voting !== 'hard') throw new EngineInputError('BAD_PIPELINE', 'VotingClassifier: voting must be soft or hard', 'pipeline');
    if (!Array.isArray(st.classes) || st.classes.length < 2) throw new EngineInputError('BAD_PIPELINE', 'VotingClassifier: classes missing', 'pipeline');
    est.fitted = { members, classes: Float64Array.from(st.classes as number[]), voting: st.voting };
    return est;
  }
}

export interface VotingRegressorParams {
  [key: string]: unknown;
  estimators: MemberSpec[];
  weights: number[] | null;
}

/** The weighted mean of the members' predictions (np.average). */
export class VotingRegressor implements Estimator<VotingRegressorParams> {
  static readonly TYPE = 'VotingRegressor';
  readonly type = VotingRegressor.TYPE;
  readonly params: Readonly<VotingRegressorParams>;
  private members: Estimator[] | null = null;

  constructor(
    params: Partial<VotingRegressorParams>,
    private readonly resolve: MemberResolver,
  ) {
    const estimators = checkMembers(params.estimators, 'VotingRegressor');
    checkWeights(params.weights, estimators.length, 'VotingRegressor');
    this.params = { estimators, weights: params.weights ?? null };
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    this.members = this.params.estimators.map((m) => createMember(this.resolve, m).fit(X, y, options));
    return this;
  }

  predict(X: Matrix): Float64Array {
    if (!this.members) throw new NotFittedError(this.type);
    const w = checkWeights(this.params.weights, this.members.length, this.type);
    const out = new Float64Array(X.rows);
    let total = 0;
    this.members.forEach((m, e) => {
      const we = w ? (w[e] as number) : 1;
      total += we;
      const p = m.predict(X);
      for (let i = 0; i < X.rows; i++) out[i] = (out[i] as number) + we * (p[i] as number);
    });
    for (let i = 0; i < X.rows; i++) out[i] = (out[i] as number) / total;
    return out;
  }

  isFitted(): boolean {
    return this.members !== null;
  }

  getParams(): VotingRegressorParams {
    return structuredClone({ ...this.params }) as VotingRegressorParams;
  }

  clone(overrides?: Partial<VotingRegressorParams>): VotingRegressor {
    return new VotingRegressor({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  toJSON(): EstimatorJSON {
    if (!this.members) throw new NotFittedError(this.type);
    return { type: this.type, params: this.getParams(), state: { members: this.members.map((m, i) => memberJSON((this.params.estimators[i] as MemberSpec).modelId, m)) } };
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): VotingRegressor {
    const st = stateObject(json, VotingRegressor.TYPE);
    const est = new VotingRegressor(json.params as Partial<VotingRegressorParams>, resolve);
    const members = memberList(st, 'members', resolve, VotingRegressor.TYPE);
    if (members.length !== est.params.estimators.length) throw new EngineInputError('BAD_PIPELINE', 'VotingRegressor: members do not match estimators', 'pipeline');
    est.members = members;
    return est;
  }
}
