// Meta-estimators' estimator contract: JSON round trips with identical outputs, clone, seeding, bad inputs.
import { describe, expect, it } from 'vitest';
import { NotFittedError, type Estimator, type EstimatorJSON } from '../../../src/engine/core/estimator.js';
import type { Matrix } from '../../../src/engine/core/matrix.js';
import { AdaBoostMetaClassifier, AdaBoostMetaRegressor } from '../../../src/engine/ensemble/adaboost.js';
import { BaggingClassifier, BaggingRegressor, baggingDraws } from '../../../src/engine/ensemble/bagging.js';
import { CalibratedClassifierCV } from '../../../src/engine/ensemble/calibration.js';
import { StackingClassifier, StackingRegressor } from '../../../src/engine/ensemble/stacking.js';
import { VotingClassifier, VotingRegressor } from '../../../src/engine/ensemble/voting.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import type { MemberFactory } from '../../../src/engine/ensemble/members.js';
import { loadSplit, resolver } from './data.js';

/** Predicts one label everywhere (a member for the tie rule). */
class ConstantClassifier implements Estimator {
  readonly type = 'Constant';
  readonly params = {};
  classes: Float64Array | null = null;
  constructor(private readonly label: number) {}
  fit(_X: Matrix, y: Float64Array): this {
    this.classes = Float64Array.from(new Set(y)).sort();
    return this;
  }
  predict(X: Matrix): Float64Array {
    return new Float64Array(X.rows).fill(this.label);
  }
  isFitted(): boolean {
    return this.classes !== null;
  }
  getParams(): Record<string, unknown> {
    return {};
  }
  clone(): ConstantClassifier {
    return new ConstantClassifier(this.label);
  }
  toJSON(): EstimatorJSON {
    return { type: this.type, params: {}, state: null };
  }
}

const clf = resolver('classification');
const reg = resolver('regression');
const iris = loadSplit('iris');
const diabetes = loadSplit('diabetes');
const proba = (e: Estimator, X: Matrix): Float64Array | null => {
  const f = (e as { predictProba?: (X: Matrix) => Matrix }).predictProba;
  return f ? f.call(e, X).data : null;
};

type Revive = (j: EstimatorJSON) => Estimator;
const cases: Array<[string, () => Estimator, Revive, 'c' | 'r']> = [
  ['VotingClassifier soft', () => new VotingClassifier({ estimators: [{ modelId: 'nb' }, { modelId: 'dt' }, { modelId: 'knn' }] }, clf), (j) => VotingClassifier.fromJSON(j, clf), 'c'],
  ['VotingRegressor', () => new VotingRegressor({ estimators: [{ modelId: 'dt' }, { modelId: 'knn' }], weights: [1, 3] }, reg), (j) => VotingRegressor.fromJSON(j, reg), 'r'],
  ['StackingClassifier', () => new StackingClassifier({ estimators: [{ modelId: 'nb' }, { modelId: 'dt' }, { modelId: 'ridge' }], passthrough: true }, clf), (j) => StackingClassifier.fromJSON(j, clf), 'c'],
  ['StackingRegressor', () => new StackingRegressor({ estimators: [{ modelId: 'dt' }, { modelId: 'knn' }] }, reg), (j) => StackingRegressor.fromJSON(j, reg), 'r'],
  ['BaggingClassifier dt', () => new BaggingClassifier({ estimator: { modelId: 'dt' }, nEstimators: 5, randomState: 7 }, clf), (j) => BaggingClassifier.fromJSON(j, clf), 'c'],
  ['BaggingRegressor dt', () => new BaggingRegressor({ estimator: { modelId: 'dt' }, nEstimators: 5, randomState: 7 }, reg), (j) => BaggingRegressor.fromJSON(j, reg), 'r'],
  ['AdaBoostMetaClassifier dt (SAMME.R)', () => new AdaBoostMetaClassifier({ estimator: { modelId: 'dt', params: { maxDepth: 2 } }, nEstimators: 5, randomState: 3 }, clf), (j) => AdaBoostMetaClassifier.fromJSON(j, clf), 'c'],
  ['AdaBoostMetaClassifier svm (SAMME)', () => new AdaBoostMetaClassifier({ estimator: { modelId: 'svm' }, nEstimators: 5, randomState: 3 }, clf), (j) => AdaBoostMetaClassifier.fromJSON(j, clf), 'c'],
  ['AdaBoostMetaRegressor dt', () => new AdaBoostMetaRegressor({ estimator: { modelId: 'dt', params: { maxDepth: 3 } }, nEstimators: 5, randomState: 3 }, reg), (j) => AdaBoostMetaRegressor.fromJSON(j, reg), 'r'],
  ['CalibratedClassifierCV isotonic', () => new CalibratedClassifierCV({ estimator: { modelId: 'dt' }, method: 'isotonic', cv: 3 }, clf), (j) => CalibratedClassifierCV.fromJSON(j, clf), 'c'],
  ['CalibratedClassifierCV sigmoid', () => new CalibratedClassifierCV({ estimator: { modelId: 'ridge' }, method: 'sigmoid' }, clf), (j) => CalibratedClassifierCV.fromJSON(j, clf), 'c'],
];

describe.each(cases)('%s', (_, make, revive, task) => {
  const s = task === 'c' ? iris : diabetes;

  it('round-trips through JSON text with identical predictions and probabilities', () => {
    const model = make().fit(s.X, s.y);
    const back = revive(JSON.parse(JSON.stringify(model.toJSON())) as EstimatorJSON);
    expect(back.isFitted()).toBe(true);
    expect(Array.from(back.predict(s.Xt))).toEqual(Array.from(model.predict(s.Xt)));
    const p = proba(model, s.Xt);
    if (p) expect(Array.from(proba(back, s.Xt) as Float64Array)).toEqual(Array.from(p));
  });

  it('refits to the same outputs (seeded), clones unfitted, and refuses predict before fit', () => {
    const a = make().fit(s.X, s.y).predict(s.Xt);
    const b = make().fit(s.X, s.y).predict(s.Xt);
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = make().clone();
    expect(c.isFitted()).toBe(false);
    expect(() => c.predict(s.Xt)).toThrow(NotFittedError);
    expect(() => make().toJSON()).toThrow(NotFittedError);
  });

  it('rejects a malformed state as BAD_PIPELINE', () => {
    const j = make().fit(s.X, s.y).toJSON();
    const broken = { ...j, state: { ...(j.state as object), members: [] } };
    expect(() => revive(broken)).toThrow(expect.objectContaining({ code: 'BAD_PIPELINE' }));
    expect(() => revive({ ...j, type: 'Nope' })).toThrow(expect.objectContaining({ code: 'BAD_PIPELINE' }));
  });
});

describe('bad params and semantics', () => {
  const code = (f: () => unknown): string | null => {
    try {
      f();
    } catch (e) {
      return isEngineInputError(e) ? e.code : 'OTHER';
    }
    return null;
  };

  it('rejects empty members, wrong weights, unknown models and bad counts', () => {
    expect(code(() => new VotingClassifier({ estimators: [] }, clf))).toBe('BAD_PARAM');
    expect(code(() => new VotingClassifier({ estimators: [{ modelId: 'nb' }], weights: [1, 2] }, clf))).toBe('BAD_PARAM');
    expect(code(() => new VotingRegressor({ estimators: [{ modelId: 'dt' }], weights: [-1] }, reg))).toBe('BAD_PARAM');
    expect(code(() => new VotingClassifier({ estimators: [{ modelId: 'nope' }] }, clf).fit(iris.X, iris.y))).toBe('UNKNOWN_MODEL');
    expect(code(() => new BaggingClassifier({ estimator: { modelId: 'dt' }, nEstimators: 0 }, clf))).toBe('BAD_PARAM');
    expect(code(() => new StackingClassifier({ estimators: [{ modelId: 'nb' }], cv: 1 }, clf))).toBe('BAD_PARAM');
    expect(code(() => new CalibratedClassifierCV({ estimator: { modelId: 'nb' }, method: 'beta' as 'sigmoid' }, clf))).toBe('BAD_PARAM');
    expect(code(() => new AdaBoostMetaClassifier({ estimator: { modelId: 'knn' } }, clf).fit(iris.X, iris.y))).toBe('BAD_PARAM');
    expect(code(() => new AdaBoostMetaClassifier({ estimator: { modelId: 'svm' }, algorithm: 'SAMME.R' }, clf).fit(iris.X, iris.y))).toBe('BAD_PARAM');
    expect(code(() => new AdaBoostMetaRegressor({ estimator: { modelId: 'dt' }, loss: 'huber' as 'linear' }, reg))).toBe('BAD_PARAM');
    // A regression meta model on classification.
    expect(code(() => new StackingClassifier({ estimators: [{ modelId: 'nb' }], finalEstimator: { modelId: 'lasso' } }, (id) => (id === 'lasso' ? reg(id) : clf(id))).fit(iris.X, iris.y))).toBe('BAD_PARAM');
  });

  it('auto voting is hard when a member has no probabilities, and hard voting has no predictProba', () => {
    const v = new VotingClassifier({ estimators: [{ modelId: 'nb' }, { modelId: 'ridge' }], voting: 'auto' }, clf).fit(iris.X, iris.y);
    expect(v.effectiveVoting).toBe('hard');
    expect(code(() => v.predictProba(iris.Xt))).toBe('BAD_PARAM');
    expect(code(() => new VotingClassifier({ estimators: [{ modelId: 'nb' }, { modelId: 'ridge' }], voting: 'soft' }, clf).fit(iris.X, iris.y))).toBe('BAD_PARAM');
    const soft = new VotingClassifier({ estimators: [{ modelId: 'nb' }, { modelId: 'knn' }] }, clf).fit(iris.X, iris.y);
    expect(soft.effectiveVoting).toBe('soft');
    const P = soft.predictProba(iris.Xt);
    for (let i = 0; i < P.rows; i++) expect(P.data[i * 3]! + P.data[i * 3 + 1]! + P.data[i * 3 + 2]!).toBeCloseTo(1, 12);
  });

  it('hard-voting ties go to the lowest class, as np.argmax(np.bincount)', () => {
    // Two members that disagree everywhere with equal weights: the smaller label wins each tie.
    const constant = (label: number): MemberFactory => ({
      create: () => new ConstantClassifier(label),
      revive: () => new ConstantClassifier(label),
    });
    const v = new VotingClassifier({ estimators: [{ modelId: 'a' }, { modelId: 'b' }], voting: 'hard' }, (id) => constant(id === 'a' ? 2 : 1)).fit(iris.X, iris.y);
    expect(new Set(v.predict(iris.Xt))).toEqual(new Set([1]));
    const weighted = new VotingClassifier({ estimators: [{ modelId: 'a' }, { modelId: 'b' }], voting: 'hard', weights: [2, 1] }, (id) => constant(id === 'a' ? 2 : 1)).fit(iris.X, iris.y);
    expect(new Set(weighted.predict(iris.Xt))).toEqual(new Set([2]));
  });

  it('bagging draws follow numpy: different seeds give different members, same seed the same', () => {
    const a = baggingDraws(1, 3, 50, true);
    const b = baggingDraws(1, 3, 50, true);
    const c = baggingDraws(2, 3, 50, true);
    expect(a).toEqual(b);
    expect(a[0]?.rows).not.toEqual(c[0]?.rows);
    expect(a.every((d) => d.rows.every((r) => r >= 0 && r < 50))).toBe(true);
  });
});

describe('reviveMetaEstimator', () => {
  it('dispatches on the stored type and refuses unknown ones', async () => {
    const { reviveMetaEstimator, isMetaEstimatorJSON } = await import('../../../src/engine/ensemble/meta.js');
    const model = new StackingClassifier({ estimators: [{ modelId: 'nb' }, { modelId: 'knn' }] }, clf).fit(iris.X, iris.y);
    const json = JSON.parse(JSON.stringify(model.toJSON())) as EstimatorJSON;
    expect(isMetaEstimatorJSON(json)).toBe(true);
    const back = reviveMetaEstimator(json, clf);
    expect(back.type).toBe('StackingClassifier');
    expect(Array.from(back.predict(iris.Xt))).toEqual(Array.from(model.predict(iris.Xt)));
    expect(() => reviveMetaEstimator({ type: 'lr', params: {}, state: {} }, clf)).toThrow(expect.objectContaining({ code: 'BAD_PIPELINE' }));
  });
});
