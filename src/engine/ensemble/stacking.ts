// scikit-learn 1.2.1's StackingClassifier / StackingRegressor (sklearn/ensemble/_stacking.py) over engine models:
// members refitted on all rows; the meta model learns from cross_val_predict outputs on metaModelFold folds.
import { isClassifier, NotFittedError, type Classifier, type Estimator, type EstimatorJSON, type FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { crossValPredict, cvFolds, hstack, metaColumns, type StackMethod } from './cross-val-predict.js';
import { badState, checkMembers, createMember, hasDecision, hasProba, memberJSON, memberList, reviveMember, stateObject, uniqueSorted, type MemberResolver, type MemberSpec } from './members.js';

export interface StackingParams {
  [key: string]: unknown;
  estimators: MemberSpec[];
  /** Default: lr (LogisticRegression) for classification, lr (LinearRegression) for regression. */
  finalEstimator: MemberSpec;
  /** Folds of cross_val_predict (PyCaret's meta_model_fold, default 5). */
  cv: number;
  /** 'auto' = predictProba, else decisionFunction, else predict, per member (classification only). */
  stackMethod: 'auto' | StackMethod;
  /** Pass the original features to the meta model too (PyCaret's restack). */
  passthrough: boolean;
}

interface Fitted {
  members: Estimator[];
  methods: StackMethod[];
  final: Estimator;
  classes: Float64Array | null;
}

function memberMethod(e: Estimator, wanted: StackingParams['stackMethod'], classifier: boolean): StackMethod {
  if (!classifier) return 'predict';
  if (wanted === 'auto') return hasProba(e) ? 'predictProba' : hasDecision(e) ? 'decisionFunction' : 'predict';
  if (wanted === 'predictProba' && !hasProba(e)) throw new EngineInputError('BAD_PARAM', `${e.type} has no predictProba`, 'params.method');
  if (wanted === 'decisionFunction' && !hasDecision(e)) throw new EngineInputError('BAD_PARAM', `${e.type} has no decisionFunction`, 'params.method');
  return wanted;
}

abstract class StackingBase implements Estimator<StackingParams> {
  abstract readonly type: string;
  readonly params: Readonly<StackingParams>;
  protected fitted: Fitted | null = null;

  constructor(
    params: Partial<StackingParams>,
    protected readonly resolve: MemberResolver,
    protected readonly classifier: boolean,
  ) {
    const estimators = checkMembers(params.estimators, 'Stacking');
    const cv = params.cv ?? 5;
    if (!Number.isInteger(cv) || cv < 2) throw new EngineInputError('BAD_PARAM', 'metaModelFold must be an integer >= 2', 'params.metaModelFold');
    const stackMethod = params.stackMethod ?? 'auto';
    if (!['auto', 'predictProba', 'decisionFunction', 'predict'].includes(stackMethod)) throw new EngineInputError('BAD_PARAM', 'method must be auto, predictProba, decisionFunction or predict', 'params.method');
    const finalEstimator = params.finalEstimator ?? { modelId: 'lr' };
    checkMembers([finalEstimator], 'Stacking meta model');
    this.params = { estimators, finalEstimator, cv, stackMethod, passthrough: params.passthrough ?? false };
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const classes = this.classifier ? uniqueSorted(y) : null;
    const k = classes?.length ?? 0;
    const members = this.params.estimators.map((m) => createMember(this.resolve, m).fit(X, y, options));
    const methods = members.map((m) => memberMethod(m, this.params.stackMethod, this.classifier));
    const folds = cvFolds(y, this.params.cv, this.classifier);
    const parts = this.params.estimators.map((m, i) => crossValPredict(createMember(this.resolve, m), methods[i] as StackMethod, X, y, folds, k));
    if (this.params.passthrough) parts.push(X);
    const final = createMember(this.resolve, this.params.finalEstimator).fit(hstack(parts), y);
    if (this.classifier && !isClassifier(final)) throw new EngineInputError('BAD_PARAM', 'the meta model of a classification stack must be a classifier', 'params.metaModel');
    this.fitted = { members, methods, final, classes };
    return this;
  }

  protected state(): Fitted {
    if (!this.fitted) throw new NotFittedError(this.type);
    return this.fitted;
  }

  /** The meta features the final estimator sees (scikit-learn's transform). */
  transform(X: Matrix): Matrix {
    const s = this.state();
    const k = s.classes?.length ?? 0;
    const parts = s.members.map((m, i) => metaColumns(m, s.methods[i] as StackMethod, X, k));
    if (this.params.passthrough) parts.push(X);
    return hstack(parts);
  }

  predict(X: Matrix): Float64Array {
    return this.state().final.predict(this.transform(X));
  }

  isFitted(): boolean {
    return this.fitted !== null;
  }

  getParams(): StackingParams {
    return structuredClone({ ...this.params }) as StackingParams;
  }

  abstract clone(overrides?: Partial<StackingParams>): Estimator<StackingParams>;

  toJSON(): EstimatorJSON {
    const s = this.state();
    return {
      type: this.type,
      params: this.getParams(),
      state: {
        classes: s.classes ? Array.from(s.classes) : null,
        methods: s.methods,
        members: s.members.map((m, i) => memberJSON((this.params.estimators[i] as MemberSpec).modelId, m)),
        final: memberJSON(this.params.finalEstimator.modelId, s.final),
      },
    };
  }

  protected restoreFrom(json: EstimatorJSON): this {
    const st = stateObject(json, this.type);
    const members = memberList(st, 'members', this.resolve, this.type);
    if (members.length !== this.params.estimators.length) throw badState(`${this.type}: members do not match estimators`);
    const methods = st.methods;
    if (!Array.isArray(methods) || methods.length !== members.length || !methods.every((m) => m === 'predict' || m === 'predictProba' || m === 'decisionFunction')) throw badState(`${this.type}: methods missing`);
    let classes: Float64Array | null = null;
    if (this.classifier) {
      if (!Array.isArray(st.classes) || st.classes.length < 2) throw badState(`${this.type}: classes missing`);
      classes = Float64Array.from(st.classes as number[]);
    }
    this.fitted = { members, methods: methods as StackMethod[], final: reviveMember(this.resolve, st.final), classes };
    return this;
  }
}

export class StackingClassifier extends StackingBase implements Classifier<StackingParams> {
  static readonly TYPE = 'StackingClassifier';
  readonly type = StackingClassifier.TYPE;

  constructor(params: Partial<StackingParams>, resolve: MemberResolver) {
    super(params, resolve, true);
  }

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  predictProba(X: Matrix): Matrix {
    const final = this.state().final;
    if (!hasProba(final)) throw new EngineInputError('BAD_PARAM', `the meta model ${final.type} has no predictProba`, 'params.metaModel');
    return final.predictProba(this.transform(X));
  }

  clone(overrides?: Partial<StackingParams>): StackingClassifier {
    return new StackingClassifier({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): StackingClassifier {
    return new StackingClassifier(json.params as Partial<StackingParams>, resolve).restoreFrom(json);
  }
}

export class StackingRegressor extends StackingBase {
  static readonly TYPE = 'StackingRegressor';
  readonly type = StackingRegressor.TYPE;

  constructor(params: Partial<StackingParams>, resolve: MemberResolver) {
    super(params, resolve, false);
  }

  clone(overrides?: Partial<StackingParams>): StackingRegressor {
    return new StackingRegressor({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): StackingRegressor {
    return new StackingRegressor(json.params as Partial<StackingParams>, resolve).restoreFrom(json);
  }
}

