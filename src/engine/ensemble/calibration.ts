// scikit-learn 1.2.1's CalibratedClassifierCV(method, cv=k, ensemble=True) (sklearn/calibration.py) over an
// engine classifier: per StratifiedKFold fold, a clone fitted on the train part and one calibrator per class
// fitted on its scores on the test part; probabilities are the mean over the folds' calibrated classifiers.
import { NotFittedError, type Classifier, type EstimatorJSON, type FitOptions, type Estimator } from '../core/estimator.js';
import { takeRows, takeValues, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { stratifiedKFold } from '../selection/stratified-kfold.js';
import { IsotonicCalibrator, reviveCalibrator, SigmoidCalibrator, type Calibrator } from './calibrators.js';
import { argmaxRows, badState, createMember, hasDecision, hasProba, memberJSON, reviveMember, stateObject, uniqueSorted, type MemberResolver, type MemberSpec } from './members.js';

export interface CalibrationParams {
  [key: string]: unknown;
  estimator: MemberSpec;
  method: 'sigmoid' | 'isotonic';
  /** PyCaret's calibrate_fold (default 5). */
  cv: number;
}

interface CalibratedMember {
  estimator: Estimator;
  /** One per column of the member's scores: a single one for two classes (the positive class). */
  calibrators: Calibrator[];
  /** Position in the ensemble's classes of each score column. */
  columns: number[];
}

/** decision_function when the member has one, else predict_proba (binary keeps only the positive column). */
function scores(e: Estimator, X: Matrix, nClasses: number): Matrix {
  if (hasDecision(e)) return e.decisionFunction(X);
  if (!hasProba(e)) throw new EngineInputError('BAD_PARAM', `${e.type} has neither decisionFunction nor predictProba, so it cannot be calibrated`, 'params.modelId');
  const P = e.predictProba(X);
  if (nClasses !== 2) return P;
  return { data: Float64Array.from({ length: P.rows }, (_, i) => P.data[i * P.cols + 1] as number), rows: P.rows, cols: 1 };
}

function column(M: Matrix, j: number): Float64Array {
  return Float64Array.from({ length: M.rows }, (_, i) => M.data[i * M.cols + j] as number);
}

export class CalibratedClassifierCV implements Classifier<CalibrationParams> {
  static readonly TYPE = 'CalibratedClassifierCV';
  readonly type = CalibratedClassifierCV.TYPE;
  readonly params: Readonly<CalibrationParams>;
  private fitted: { members: CalibratedMember[]; classes: Float64Array } | null = null;

  constructor(
    params: Partial<CalibrationParams>,
    private readonly resolve: MemberResolver,
  ) {
    const estimator = params.estimator;
    if (!estimator || typeof estimator.modelId !== 'string') throw new EngineInputError('BAD_PARAM', 'calibration needs an estimator {modelId, params?}', 'params.modelId');
    const method = params.method ?? 'sigmoid';
    if (method !== 'sigmoid' && method !== 'isotonic') throw new EngineInputError('BAD_PARAM', 'method must be sigmoid or isotonic', 'params.method');
    const cv = params.cv ?? 5;
    if (!Number.isInteger(cv) || cv < 2) throw new EngineInputError('BAD_PARAM', 'calibrateFold must be an integer >= 2', 'params.calibrateFold');
    this.params = { estimator, method, cv };
  }

  get classes(): Float64Array | null {
    return this.fitted?.classes ?? null;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    if (options?.sampleWeight) throw new EngineInputError('BAD_PARAM', 'calibration does not take sample weights here', 'sampleWeight');
    const classes = uniqueSorted(y);
    if (classes.length < 2) throw new EngineInputError('SINGLE_CLASS', 'calibration needs at least two classes', 'y');
    const members: CalibratedMember[] = [];
    for (const [train, test] of stratifiedKFold(y, this.params.cv)) {
      const estimator = createMember(this.resolve, this.params.estimator).fit(takeRows(X, train), takeValues(y, train));
      const own = (estimator as Classifier).classes ?? classes;
      const S = scores(estimator, takeRows(X, test), classes.length);
      const yTest = takeValues(y, test);
      // Binary: one column for classes[1]; else one per class the member saw.
      const columns = classes.length === 2 ? [1] : Array.from(own, (c) => classes.indexOf(c));
      const calibrators = columns.map((cls, j) => {
        const target = yTest.map((v) => (v === classes[cls] ? 1 : 0));
        const f = column(S, j);
        return this.params.method === 'sigmoid' ? SigmoidCalibrator.fit(f, target) : IsotonicCalibrator.fit(f, target);
      });
      members.push({ estimator, calibrators, columns });
    }
    this.fitted = { members, classes };
    return this;
  }

  private state(): { members: CalibratedMember[]; classes: Float64Array } {
    if (!this.fitted) throw new NotFittedError(this.type);
    return this.fitted;
  }

  predictProba(X: Matrix): Matrix {
    const { members, classes } = this.state();
    const k = classes.length;
    const out = new Float64Array(X.rows * k);
    for (const m of members) {
      const S = scores(m.estimator, X, k);
      const proba = new Float64Array(X.rows * k);
      m.calibrators.forEach((cal, j) => {
        const p = cal.predict(column(S, j));
        const c = m.columns[j] as number;
        for (let i = 0; i < X.rows; i++) proba[i * k + c] = p[i] as number;
      });
      for (let i = 0; i < X.rows; i++) {
        if (k === 2) proba[i * 2] = 1 - (proba[i * 2 + 1] as number);
        else {
          let sum = 0;
          for (let c = 0; c < k; c++) sum += proba[i * k + c] as number;
          for (let c = 0; c < k; c++) proba[i * k + c] = sum !== 0 ? (proba[i * k + c] as number) / sum : 1 / k;
        }
        for (let c = 0; c < k; c++) {
          const v = proba[i * k + c] as number;
          if (v > 1 && v <= 1 + 1e-5) proba[i * k + c] = 1;
        }
      }
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (proba[i] as number);
    }
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / members.length;
    return { data: out, rows: X.rows, cols: k };
  }

  predict(X: Matrix): Float64Array {
    return this.labelsFromProba(this.predictProba(X));
  }

  labelsFromProba(P: Matrix): Float64Array {
    return argmaxRows(P, this.state().classes);
  }

  isFitted(): boolean {
    return this.fitted !== null;
  }

  getParams(): CalibrationParams {
    return structuredClone({ ...this.params }) as CalibrationParams;
  }

  clone(overrides?: Partial<CalibrationParams>): CalibratedClassifierCV {
    return new CalibratedClassifierCV({ ...this.getParams(), ...(overrides ?? {}) }, this.resolve);
  }

  toJSON(): EstimatorJSON {
    const { members, classes } = this.state();
    return {
      type: this.type,
      params: this.getParams(),
      state: {
        classes: Array.from(classes),
        members: members.map((m) => ({ ...memberJSON(this.params.estimator.modelId, m.estimator), calibrators: m.calibrators.map((c) => c.toJSON()), columns: m.columns })),
      },
    };
  }

  static fromJSON(json: EstimatorJSON, resolve: MemberResolver): CalibratedClassifierCV {
    const st = stateObject(json, CalibratedClassifierCV.TYPE);
    const est = new CalibratedClassifierCV(json.params as Partial<CalibrationParams>, resolve);
    if (!Array.isArray(st.classes) || st.classes.length < 2) throw badState('CalibratedClassifierCV: classes missing');
    if (!Array.isArray(st.members) || st.members.length === 0) throw badState('CalibratedClassifierCV: members missing');
    const members = st.members.map((raw): CalibratedMember => {
      const m = raw as { calibrators?: unknown; columns?: unknown };
      if (!Array.isArray(m.calibrators) || !Array.isArray(m.columns) || m.calibrators.length !== m.columns.length) throw badState('CalibratedClassifierCV: a member lacks its calibrators');
      try {
        return { estimator: reviveMember(resolve, raw), calibrators: m.calibrators.map(reviveCalibrator), columns: m.columns as number[] };
      } catch (e) {
        throw badState(`CalibratedClassifierCV: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    est.fitted = { members, classes: Float64Array.from(st.classes as number[]) };
    return est;
  }
}
