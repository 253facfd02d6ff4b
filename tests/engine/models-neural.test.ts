// MLPClassifier / MLPRegressor against scikit-learn 1.2.1's fitted attributes and predictions
// (tests/fixtures/make-reference-neural-units.py): epochs run (n_iter_), final training loss (loss_),
// predictions and probabilities, for early stopping (stratified and not), tanh / logistic / relu, two hidden
// layers, a fixed batch size and shuffle=False; then bad inputs and the specs.
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/engine/core/matrix.js';
import { NEURAL_ROBUST_SPECS } from '../../src/engine/models/neural-robust-models.js';
import { MLPClassifier, MLPRegressor, type MLPParams } from '../../src/engine/neural/mlp.js';
import { loadBuiltin, readFixture, slice, standardise } from '../helpers/builtin-data.js';

interface MLPCase {
  data: 'iris' | 'bc200' | 'db120';
  nIter: number;
  loss: number;
  predict: number[];
  proba?: number[];
}
const ref = readFixture<Record<string, MLPCase>>('reference-neural-units.json');

const iris = loadBuiltin('iris');
const bc = loadBuiltin('breast_cancer');
const db = loadBuiltin('diabetes');
const DATA: Record<MLPCase['data'], { X: Matrix; y: Float64Array }> = {
  iris: { X: standardise(iris.X), y: iris.y },
  bc200: { X: slice(standardise(bc.X), 200), y: bc.y.slice(0, 200) },
  db120: { X: slice(db.X, 120), y: db.y.slice(0, 120) },
};

const CASES: Array<[string, 'c' | 'r', Partial<MLPParams>]> = [
  ['mlpc_iris_tanh', 'c', { hiddenLayerSizes: [8], activation: 'tanh', maxIter: 60, randomState: 3 }],
  ['mlpc_iris_deep', 'c', { hiddenLayerSizes: [10, 6], maxIter: 80, batchSize: 32, randomState: 5 }],
  ['mlpc_bc_early', 'c', { hiddenLayerSizes: [20], earlyStopping: true, randomState: 7 }],
  ['mlpc_iris_early', 'c', { hiddenLayerSizes: [12], activation: 'logistic', earlyStopping: true, learningRateInit: 0.01, randomState: 11 }],
  ['mlpr_db_early', 'r', { hiddenLayerSizes: [30], earlyStopping: true, learningRateInit: 0.05, maxIter: 300, randomState: 2 }],
  ['mlpr_db_noshuffle', 'r', { hiddenLayerSizes: [16], shuffle: false, learningRateInit: 0.05, maxIter: 150, randomState: 4 }],
];

const first = (X: Matrix, n: number): Matrix => slice(X, n);

describe('MLP against scikit-learn 1.2.1', () => {
  it.each(CASES)('%s: same epochs, loss, predictions and probabilities', (key, kind, params) => {
    const r = ref[key] as MLPCase;
    const { X, y } = DATA[r.data];
    const est = kind === 'c' ? new MLPClassifier(params) : new MLPRegressor(params);
    est.fit(X, y);
    const state = est.toJSON().state as { nIter: number; loss: number };
    expect(state.nIter).toBe(r.nIter);
    expect(Math.abs(state.loss - r.loss) / Math.abs(r.loss)).toBeLessThan(1e-7);
    const pred = Array.from(est.predict(first(X, 15)));
    if (kind === 'c') expect(pred).toEqual(r.predict);
    else pred.forEach((v, i) => expect(v).toBeCloseTo(r.predict[i] as number, 5));
    if (est instanceof MLPClassifier && r.proba) {
      const P = est.predictProba(first(X, 15));
      Array.from(P.data).forEach((v, i) => expect(v).toBeCloseTo(r.proba?.[i] as number, 8));
    }
  });

  it('keeps the best validation weights with early stopping (scores differ from the last epoch)', () => {
    const { X, y } = DATA.bc200;
    const est = new MLPClassifier({ hiddenLayerSizes: [20], earlyStopping: true, randomState: 7 }).fit(X, y);
    expect((est.toJSON().state as { nIter: number }).nIter).toBeLessThan(200);
    const late = new MLPClassifier({ hiddenLayerSizes: [20], earlyStopping: false, maxIter: 41, randomState: 7 }).fit(X, y);
    expect(Array.from(est.predictProba(X).data)).not.toEqual(Array.from(late.predictProba(X).data));
  });
});

describe('MLP inputs', () => {
  const { X, y } = DATA.iris;
  it.each<[Partial<MLPParams>, string]>([
    [{ hiddenLayerSizes: [0] }, 'hiddenLayerSizes'],
    [{ hiddenLayerSizes: [] }, ''],
    [{ batchSize: 0 }, 'batchSize'],
    [{ activation: 'softplus' as MLPParams['activation'] }, 'activation'],
    [{ validationFraction: 1.5 }, 'validationFraction'],
    [{ learningRateInit: 0 }, 'learningRateInit'],
    [{ maxIter: 0 }, 'maxIter'],
  ])('rejects %j', (params, field) => {
    const fit = (): unknown => new MLPClassifier({ ...params, maxIter: params.maxIter ?? 2 }).fit(X, y);
    if (field === '') expect(fit).not.toThrow(); // no hidden layer: a logistic/softmax regression, as scikit-learn allows
    else expect(fit).toThrowError(expect.objectContaining({ name: 'EngineInputError', field: `params.${field}` }));
  });

  it('needs two classes, and rows left to train on after the validation split', () => {
    expect(() => new MLPClassifier({ maxIter: 2 }).fit(slice(X, 10), new Float64Array(10))).toThrowError(/two classes/);
    const tiny = slice(DATA.db120.X, 1);
    expect(() => new MLPRegressor({ earlyStopping: true, maxIter: 2 }).fit(tiny, Float64Array.of(1))).toThrowError(expect.objectContaining({ code: 'TOO_FEW_ROWS' }));
  });

  it('refuses a state whose weights do not fit its layers', () => {
    const spec = NEURAL_ROBUST_SPECS.find((s) => s.id === 'mlp' && s.task === 'classification');
    const json = new MLPClassifier({ maxIter: 3, randomState: 1 }).fit(X, y).toJSON();
    const state = json.state as { weights: number[] };
    expect(() => spec?.revive({ ...json, state: { ...state, weights: state.weights.slice(1) } })).toThrowError(expect.objectContaining({ code: 'BAD_PIPELINE' }));
    expect(() => spec?.revive({ ...json, type: 'MLPRegressor' })).toThrowError(expect.objectContaining({ code: 'BAD_PIPELINE' }));
  });
});

describe('MLP specs', () => {
  it('has PyCaret ids and names, outside the turbo set', () => {
    const mlps = NEURAL_ROBUST_SPECS.filter((s) => s.id === 'mlp').map((s) => [s.task, s.name, s.turbo]);
    expect(mlps).toEqual([
      ['classification', 'MLP Classifier', false],
      ['regression', 'MLP Regressor', false],
    ]);
  });
  it('rejects an unknown hyper-parameter', () => {
    const spec = NEURAL_ROBUST_SPECS.find((s) => s.id === 'mlp');
    expect(() => spec?.create({ solver: 'lbfgs' })).toThrowError(expect.objectContaining({ code: 'BAD_PARAM', field: 'params.solver' }));
  });
});
