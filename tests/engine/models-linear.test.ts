// Unit tests of the linear family: hand-checkable cases, values cited from scikit-learn 1.2.1 on a small
// fixed design (tests/fixtures/reference-linear-sklearn.json), serialisation and input errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Classifier, Estimator } from '../../src/engine/core/estimator.js';
import { NotFittedError } from '../../src/engine/core/estimator.js';
import type { Matrix } from '../../src/engine/core/matrix.js';
import { isEngineInputError } from '../../src/engine/errors.js';
import { BAYES_SPECS } from '../../src/engine/models/bayes.js';
import { DISCRIMINANT_SPECS } from '../../src/engine/models/discriminant.js';
import { DUMMY_SPECS } from '../../src/engine/models/dummy.js';
import { LINEAR_SPECS as LINEAR_FAMILY } from '../../src/engine/models/linear.js';
import { NEIGHBORS_SPECS } from '../../src/engine/models/neighbors.js';
import { SVM_SPECS } from '../../src/engine/models/svm.js';
import { GaussianNB } from '../../src/engine/bayes/gaussian-nb.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../../src/engine/neighbors/knn.js';
import { LinearRegression, Ridge, RidgeClassifier } from '../../src/engine/linear/least-squares.js';
import { ElasticNet, Lasso } from '../../src/engine/linear/coordinate-descent.js';
import { LogisticRegression } from '../../src/engine/linear/logistic.js';
import { LinearDiscriminantAnalysis } from '../../src/engine/discriminant/lda.js';
import { QuadraticDiscriminantAnalysis } from '../../src/engine/discriminant/qda.js';
import { SGDClassifier } from '../../src/engine/svm/sgd-classifier.js';
import { Lars, LassoLars } from '../../src/engine/linear/lars.js';
import { OrthogonalMatchingPursuit } from '../../src/engine/linear/omp.js';
import { BayesianRidge } from '../../src/engine/linear/bayesian-ridge.js';
import { PassiveAggressiveRegressor } from '../../src/engine/linear/passive-aggressive.js';
import { HuberRegressor } from '../../src/engine/linear/huber.js';
import { DummyClassifier, DummyRegressor } from '../../src/engine/dummy/dummy.js';
import { lstsq, svd } from '../../src/engine/core/linalg.js';

// The models of this file's suites: the linear family and the other non-tree families.
const LINEAR_SPECS = [...LINEAR_FAMILY, ...NEIGHBORS_SPECS, ...BAYES_SPECS, ...SVM_SPECS, ...DISCRIMINANT_SPECS, ...DUMMY_SPECS];

const mat = (rows: number[][]): Matrix => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]?.length ?? 0 });
const vec = (v: number[]): Float64Array => Float64Array.from(v);

// The 24-row design scikit-learn was run on (exact binary fractions, so both sides see the same inputs).
const N = 24;
const design = mat(Array.from({ length: N }, (_, i) => [((i * 37) % 11) / 3 - 1.5, ((i * 53) % 7) * 0.5 + i * 0.05, ((i * i) % 13) / 4]));
const noise = Array.from({ length: N }, (_, i) => (((i * 17) % 5) - 2) / 4);
const col = (j: number) => Array.from({ length: N }, (_, i) => design.data[i * 3 + j] as number);
const [x0, x1, x2] = [col(0), col(1), col(2)];
const yReg = vec(x0.map((v, i) => 2 * v - (x1[i] as number) + 0.5 * (x2[i] as number) + (noise[i] as number)));
const yBin = vec(x0.map((v, i) => (v + (x1[i] as number) - (x2[i] as number) + (noise[i] as number) > 0.8 ? 1 : 0)));
const y3 = vec(x0.map((v, i) => (v + (noise[i] as number) < -0.6 ? 0 : v + (noise[i] as number) < 0.8 ? 1 : 2)));
const query: Matrix = { data: design.data.slice(0, 12), rows: 4, cols: 3 };

type Cited = Record<string, number[] | number>;
const sk = (JSON.parse(readFileSync(new URL('../fixtures/reference-linear-sklearn.json', import.meta.url), 'utf8')) as { values: Record<string, Cited> }).values;
const cited = (model: string, field: string): number[] => {
  const v = (sk[model] as Cited)[field];
  return Array.isArray(v) ? v : [v as number];
};

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    expect(Math.abs((actual[i] as number) - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  }
}

const stateOf = (e: Estimator): Record<string, number[] | number> => e.toJSON().state as Record<string, number[] | number>;

describe('linear algebra', () => {
  it('least squares solves an exact system and gives the minimum-norm solution when rank deficient', () => {
    const A = mat([[1, 2], [3, 4], [5, 7]]);
    expectClose(lstsq(A, vec([1 * 2 + 2 * -1, 3 * 2 + 4 * -1, 5 * 2 + 7 * -1])), [2, -1], 1e-12);
    // duplicated column: min-norm splits the weight equally
    const B = mat([[1, 1], [2, 2], [3, 3]]);
    expectClose(lstsq(B, vec([2, 4, 6])), [1, 1], 1e-12);
  });

  it('svd reconstructs the matrix with descending singular values', () => {
    const A = mat([[2, 0, 1], [0, 3, 0], [1, 0, 2], [1, 1, 1]]);
    const d = svd(A, true);
    expect(d.s[0]).toBeGreaterThanOrEqual(d.s[1] as number);
    expect(d.s[1]).toBeGreaterThanOrEqual(d.s[2] as number);
    const u = d.u as Float64Array;
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += (u[i * 3 + k] as number) * (d.s[k] as number) * (d.vt[k * 3 + j] as number);
        expect(s).toBeCloseTo(A.data[i * 3 + j] as number, 12);
      }
  });
});

describe('regression models', () => {
  it('LinearRegression recovers an exact linear law with its intercept', () => {
    const X = mat([[0, 1], [1, 0], [2, 3], [3, 1], [4, 4]]);
    const y = vec([0, 1, 2, 3, 4].map((i) => 1 + 2 * (X.data[2 * i] as number) - 3 * (X.data[2 * i + 1] as number)));
    const m = new LinearRegression().fit(X, y);
    expectClose(stateOf(m).coef as number[], [2, -3], 1e-12);
    expect(stateOf(m).intercept).toBeCloseTo(1, 12);
    expectClose(m.predict(mat([[10, 10]])), [1 + 20 - 30], 1e-12);
  });

  it('Ridge has the closed form Σxy / (Σx² + alpha) on one centred feature', () => {
    const X = mat([[-1], [0], [1]]);
    const y = vec([1, 2, 6]); // centred: [-2, -1, 3], Σxy = 5, Σx² = 2
    const m = new Ridge({ alpha: 1 }).fit(X, y);
    expect((stateOf(m).coef as number[])[0]).toBeCloseTo(5 / 3, 14);
    expect(stateOf(m).intercept).toBeCloseTo(3, 14);
  });

  it('Lasso and ElasticNet soft-threshold on an orthogonal design', () => {
    // centred orthogonal columns with ‖x_j‖² = n: w_j = S(x_jᵀy / n, α·ρ) / (1 + α·(1 − ρ))
    const X = mat([[1, 1], [1, -1], [-1, 1], [-1, -1]]);
    const y = vec([3, 1, -1, -3]); // x1ᵀy/n = 2, x2ᵀy/n = 1
    expectClose(stateOf(new Lasso({ alpha: 0.5 }).fit(X, y)).coef as number[], [1.5, 0.5], 1e-12);
    expectClose(stateOf(new Lasso({ alpha: 1.5 }).fit(X, y)).coef as number[], [0.5, 0], 1e-12);
    expectClose(stateOf(new ElasticNet({ alpha: 0.5, l1Ratio: 0.5 }).fit(X, y)).coef as number[], [1.75 / 1.25, 0.75 / 1.25], 1e-9);
  });

  it.each([
    ['linreg', () => new LinearRegression()],
    ['ridge', () => new Ridge()],
    ['lasso', () => new Lasso({ alpha: 0.1 })],
    ['en', () => new ElasticNet({ alpha: 0.1, l1Ratio: 0.5 })],
    ['lar', () => new Lars()],
    ['llar', () => new LassoLars({ alpha: 0.05 })],
    ['omp', () => new OrthogonalMatchingPursuit({ nNonzeroCoefs: 2 })],
    ['br', () => new BayesianRidge()],
    ['huber', () => new HuberRegressor({ maxIter: 10000, tol: 1e-10 })],
  ] as const)('%s equals scikit-learn 1.2.1 on the cited design', (name, make) => {
    const m = make().fit(design, yReg);
    const s = stateOf(m);
    const tol = name === 'lasso' || name === 'en' ? 1e-4 : name === 'huber' ? 1e-6 : 1e-9;
    expectClose(s.coef as number[], cited(name, 'coef'), tol);
    expectClose([s.intercept as number], cited(name, 'intercept'), tol);
    if (name === 'br') expectClose([s.alpha as number, s.lambda as number], [...cited('br', 'alpha'), ...cited('br', 'lambda')], 1e-8);
    if (name === 'huber') expectClose([s.scale as number], cited('huber', 'scale'), 1e-6);
  });

  it.each(['linreg', 'ridge', 'br', 'lasso', 'omp'])('%s equals scikit-learn 1.2.1 on a design with more columns than rows', (name) => {
    const wide = (JSON.parse(readFileSync(new URL('../fixtures/reference-linear-sklearn.json', import.meta.url), 'utf8')) as { wide: { values: Record<string, { coef: number[]; intercept: number }> } }).wide.values;
    const X = mat(Array.from({ length: 6 }, (_, i) => Array.from({ length: 9 }, (_, j) => ((i * 7 + j * 3) % 11) / 4 - 1 + (i === j ? 0.5 : 0))));
    const y = vec(Array.from({ length: 6 }, (_, i) => ((i * 5) % 7) / 2));
    const make: Record<string, () => Estimator> = {
      linreg: () => new LinearRegression(),
      ridge: () => new Ridge(),
      br: () => new BayesianRidge(),
      lasso: () => new Lasso({ alpha: 0.05 }),
      omp: () => new OrthogonalMatchingPursuit(),
    };
    const s = stateOf((make[name] as () => Estimator)().fit(X, y));
    const e = wide[name] as { coef: number[]; intercept: number };
    expectClose(s.coef as number[], e.coef, 1e-9);
    expectClose([s.intercept as number], [e.intercept], 1e-9);
  });

  it('PassiveAggressiveRegressor reproduces scikit-learn bit for bit (same seed, same shuffles)', () => {
    const m = new PassiveAggressiveRegressor({ randomState: 3 }).fit(design, yReg);
    const s = stateOf(m);
    expect(s.coef).toEqual(cited('par', 'coef'));
    expect([s.intercept]).toEqual(cited('par', 'intercept'));
    expect(s.nIter).toBe(cited('par', 'n_iter')[0]);
  });

  it('OrthogonalMatchingPursuit defaults to max(int(0.1·p), 1) non-zero coefficients', () => {
    const s = stateOf(new OrthogonalMatchingPursuit().fit(design, yReg));
    expect((s.coef as number[]).filter((v) => v !== 0)).toHaveLength(1);
  });

  it('HuberRegressor resists an outlier that drags least squares', () => {
    const X = mat(Array.from({ length: 20 }, (_, i) => [i]));
    const y = vec(Array.from({ length: 20 }, (_, i) => 3 * i + 1 + (i === 19 ? 500 : 0)));
    const huber = stateOf(new HuberRegressor().fit(X, y)).coef as number[];
    const ols = stateOf(new LinearRegression().fit(X, y)).coef as number[];
    expect(Math.abs((huber[0] as number) - 3)).toBeLessThan(0.05);
    expect(Math.abs((ols[0] as number) - 3)).toBeGreaterThan(1);
  });

  it('KNeighborsRegressor averages neighbours, or takes exact matches under distance weights', () => {
    const X = mat([[0], [1], [2], [10]]);
    const y = vec([0, 10, 20, 100]);
    expectClose(new KNeighborsRegressor({ nNeighbors: 3 }).fit(X, y).predict(mat([[1]])), [10], 1e-15);
    expectClose(new KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, y).predict(mat([[2]])), [20], 1e-15);
    // 1/d weights: neighbours of 0.5 are 0 (d .5), 1 (d .5), 2 (d 1.5)
    expectClose(new KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, y).predict(mat([[0.5]])), [(0 * 2 + 10 * 2 + 20 / 1.5) / (4 + 1 / 1.5)], 1e-12);
  });

  it('DummyRegressor predicts the training mean (or median)', () => {
    const X = mat([[1], [2], [3], [4]]);
    const y = vec([1, 2, 3, 10]);
    expectClose(new DummyRegressor().fit(X, y).predict(mat([[0], [5]])), [4, 4], 0);
    expectClose(new DummyRegressor({ strategy: 'median' }).fit(X, y).predict(mat([[0]])), [2.5], 0);
  });
});

describe('classification models', () => {
  it('GaussianNB probabilities match the hand computation', () => {
    // class 0 at x ∈ {0, 2} (mean 1, var 1), class 1 at x ∈ {4, 6, 8} (mean 6, var 8/3); smoothing is negligible here
    const X = mat([[0], [2], [4], [6], [8]]);
    const y = vec([0, 0, 1, 1, 1]);
    const eps = 1e-9 * 8; // var_smoothing · max feature variance (population variance of X is 8)
    const v0 = 1 + eps;
    const v1 = 8 / 3 + eps;
    const x = 3;
    const l0 = Math.log(2 / 5) - 0.5 * Math.log(2 * Math.PI * v0) - ((x - 1) ** 2) / (2 * v0);
    const l1 = Math.log(3 / 5) - 0.5 * Math.log(2 * Math.PI * v1) - ((x - 6) ** 2) / (2 * v1);
    const p1 = 1 / (1 + Math.exp(l0 - l1));
    const proba = new GaussianNB().fit(X, y).predictProba(mat([[x]]));
    expectClose(proba.data, [1 - p1, p1], 1e-12);
  });

  it('KNeighborsClassifier breaks class ties to the lowest class and distance ties by training order', () => {
    const X = mat([[1], [-1], [2]]);
    const y = vec([1, 0, 0]);
    const k2 = new KNeighborsClassifier({ nNeighbors: 2 }).fit(X, y);
    expect(Array.from(k2.predict(mat([[0]])))).toEqual([0]); // one vote each: lowest class wins
    expectClose(k2.predictProba(mat([[0]])).data, [0.5, 0.5], 0);
    const k1 = new KNeighborsClassifier({ nNeighbors: 1 }).fit(X, y);
    expect(Array.from(k1.predict(mat([[0]])))).toEqual([1]); // rows 0 and 1 tie at distance 1: row 0 first
    // (1.1, 0) is nearer in L1 (1.1 < 1.4), (0.7, 0.7) in L2 (0.99 < 1.1)
    const pts = mat([[1.1, 0], [0.7, 0.7]]);
    expect(Array.from(new KNeighborsClassifier({ nNeighbors: 1, metric: 'manhattan' }).fit(pts, vec([0, 1])).predict(mat([[0, 0]])))).toEqual([0]);
    expect(Array.from(new KNeighborsClassifier({ nNeighbors: 1, p: 1 }).fit(pts, vec([0, 1])).predict(mat([[0, 0]])))).toEqual([0]);
    expect(Array.from(new KNeighborsClassifier({ nNeighbors: 1 }).fit(pts, vec([0, 1])).predict(mat([[0, 0]])))).toEqual([1]);
  });

  it('KNeighborsClassifier finds exact neighbours on blocks larger than its tiles', () => {
    // 3000 × 7 random points: compare with a naive search
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const train = mat(Array.from({ length: 3000 }, () => Array.from({ length: 7 }, rnd)));
    const q = mat(Array.from({ length: 37 }, () => Array.from({ length: 7 }, rnd)));
    const y = vec(Array.from({ length: 3000 }, (_, i) => i));
    const pred = new KNeighborsRegressor({ nNeighbors: 1 }).fit(train, y).predict(q);
    for (let i = 0; i < q.rows; i++) {
      let best = -1;
      let bd = Infinity;
      for (let t = 0; t < train.rows; t++) {
        let d = 0;
        for (let j = 0; j < 7; j++) d += ((q.data[i * 7 + j] as number) - (train.data[t * 7 + j] as number)) ** 2;
        if (d < bd) [bd, best] = [d, t];
      }
      expect(pred[i]).toBe(best);
    }
  });

  it('finds exact neighbours through the principal-axes search (anisotropic data, many features)', () => {
    let s = 987;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const row = () => {
      const a = rnd() * 10;
      const b = rnd() * 3;
      return Array.from({ length: 12 }, (_, j) => a * (j + 1) * 0.3 + b * (j % 3) + 0.2 * rnd());
    };
    const train = mat(Array.from({ length: 2500 }, row));
    const q = mat(Array.from({ length: 40 }, row));
    const k = 3;
    const est = new KNeighborsRegressor({ nNeighbors: k }).fit(train, vec(Array.from({ length: 2500 }, (_, i) => i * 1000)));
    const pred = est.predict(q);
    for (let i = 0; i < q.rows; i++) {
      const d = Array.from({ length: train.rows }, (_, t) => {
        let acc = 0;
        for (let j = 0; j < 12; j++) acc += ((q.data[i * 12 + j] as number) - (train.data[t * 12 + j] as number)) ** 2;
        return [acc, t] as const;
      }).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const expected = d.slice(0, k).reduce((acc, [, t]) => acc + t * 1000, 0) / k;
      expect(pred[i]).toBeCloseTo(expected, 6);
    }
  });

  it.each([
    ['lr_bin_optimum', () => new LogisticRegression({ tol: 1e-10, maxIter: 10000 }), yBin],
    ['lr_multi', () => new LogisticRegression({ tol: 1e-10, maxIter: 10000 }), y3],
    ['lda', () => new LinearDiscriminantAnalysis(), y3],
    ['lda_bin', () => new LinearDiscriminantAnalysis(), yBin],
    ['lda_shrink', () => new LinearDiscriminantAnalysis({ shrinkage: 0.3 }), y3],
    ['qda', () => new QuadraticDiscriminantAnalysis(), y3],
    ['nb', () => new GaussianNB(), y3],
  ] as const)('%s probabilities equal scikit-learn 1.2.1', (name, make, y) => {
    const m = make().fit(design, y) as Classifier;
    // lr_multi: sklearn's own L-BFGS stops ~1e-6 short of the optimum (its ftol), which bounds the agreement
    expectClose((m.predictProba as (X: Matrix) => Matrix)(query).data, cited(name, 'proba'), name === 'lr_multi' ? 1e-5 : 1e-9);
  });

  it('LogisticRegression without intercept (multinomial) and with sample weights (binary) reaches the optimum', () => {
    // (the no-intercept reference is sklearn's solution refined to a zero gradient: sklearn stops 1e-5 short)
    const noInt = new LogisticRegression({ fitIntercept: false, tol: 1e-10, maxIter: 10000 }).fit(design, y3);
    expectClose(stateOf(noInt).coef as number[], cited('lr_multi_noint', 'coef'), 1e-8);
    expectClose(noInt.predictProba(query).data, cited('lr_multi_noint', 'proba'), 1e-9);
    const sw = vec(Array.from({ length: N }, (_, i) => 1 + (i % 3)));
    const weighted = new LogisticRegression({ tol: 1e-10, maxIter: 10000 }).fit(design, yBin, { sampleWeight: sw });
    expectClose(stateOf(weighted).coef as number[], cited('lr_bin_weighted', 'coef'), 1e-8);
    expectClose(stateOf(weighted).intercept as number[], cited('lr_bin_weighted', 'intercept'), 1e-8);
  });

  it('RidgeClassifier decision values equal scikit-learn 1.2.1 (±1 targets per class)', () => {
    const m = new RidgeClassifier().fit(design, y3);
    expectClose(m.decisionFunction(query).data, cited('ridge_clf', 'decision'), 1e-10);
    const d = cited('ridge_clf', 'decision');
    const argmax = [0, 1, 2, 3].map((i) => [0, 1, 2].reduce((b, c) => ((d[i * 3 + c] as number) > (d[i * 3 + b] as number) ? c : b), 0));
    expect(Array.from(m.predict(query))).toEqual(argmax);
  });

  it.each([
    ['svm_bin', 0, yBin],
    ['svm_multi', 7, y3],
  ] as const)('%s (SGD hinge) reproduces scikit-learn bit for bit', (name, seed, y) => {
    const m = new SGDClassifier({ randomState: seed }).fit(design, y);
    const s = stateOf(m);
    expect(s.coef).toEqual(cited(name, 'coef'));
    expect(s.intercept).toEqual(cited(name, 'intercept'));
    expect(s.nIter).toBe(cited(name, 'n_iter')[0]);
    expect((m as Classifier).predictProba).toBeUndefined();
  });

  it('DummyClassifier predicts the majority class with the class priors as probabilities', () => {
    const m = new DummyClassifier().fit(mat([[0], [0], [0], [0]]), vec([2, 1, 2, 0]));
    expect(Array.from(m.predict(mat([[5]])))).toEqual([2]);
    expectClose(m.predictProba(mat([[5]])).data, [0.25, 0.25, 0.5], 0);
  });

  it('classifiers keep arbitrary class labels (codes seen in fit, sorted)', () => {
    const y = vec(Array.from(y3, (c) => [3, 5, 9][c] as number));
    const m = new LogisticRegression().fit(design, y);
    expect(Array.from(m.classes as Float64Array)).toEqual([3, 5, 9]);
    for (const v of m.predict(query)) expect([3, 5, 9]).toContain(v);
  });
});

describe('every linear-family spec', () => {
  const data = (task: string) => (task === 'classification' ? y3 : yReg);

  it.each(LINEAR_SPECS.map((s) => [`${s.task}/${s.id}`, s] as const))('%s: JSON round trip predicts identically, and malformed JSON is BAD_PIPELINE', (_, spec) => {
    const m = spec.create({ randomState: 42 }).fit(design, data(spec.task));
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    const back = spec.revive(json);
    expect(Array.from(back.predict(query))).toEqual(Array.from(m.predict(query)));
    const proba = (m as Classifier).predictProba;
    if (proba) expect(Array.from((back as Classifier).predictProba!(query).data)).toEqual(Array.from(proba.call(m, query).data));
    const bad = [
      { ...json, type: 'Other' },
      { ...json, state: Object.fromEntries(Object.keys(json.state).map((k) => [k, 'x'])) },
      { ...json, state: Object.fromEntries(Object.entries(json.state).slice(1)) },
      { ...json, state: 'nope' },
      { ...json, params: { ...json.params, bogus: 1 } },
    ];
    for (const b of bad) {
      try {
        spec.revive(b);
        expect.unreachable('revive accepted a malformed estimator');
      } catch (e) {
        expect(isEngineInputError(e) && e.code).toBe('BAD_PIPELINE');
      }
    }
  });

  it.each(LINEAR_SPECS.map((s) => [`${s.task}/${s.id}`, s] as const))('%s: not-fitted error, NaN and shape errors, unknown params', (_, spec) => {
    const m = spec.create({ randomState: 1 });
    expect(() => m.predict(query)).toThrow(NotFittedError);
    const nanX: Matrix = { data: design.data.slice(), rows: N, cols: 3 };
    nanX.data[5] = NaN;
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isEngineInputError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => m.fit(nanX, data(spec.task)))).toBe('BAD_INPUT');
    expect(codeOf(() => m.fit(design, data(spec.task).slice(1)))).toBe('BAD_INPUT');
    const y = data(spec.task).slice();
    y[0] = Infinity;
    expect(codeOf(() => m.fit(design, y))).toBe('BAD_INPUT');
    m.fit(design, data(spec.task));
    expect(codeOf(() => m.predict(mat([[1, 2]])))).toBe('BAD_INPUT');
    expect(codeOf(() => spec.create({ notAParam: 1 }))).toBe('BAD_PARAM');
  });
});

it('revive rejects state whose shapes do not fit together', () => {
  const spec = LINEAR_SPECS.find((s) => s.task === 'classification' && s.id === 'lr')!;
  const json = spec.create({ randomState: 0 }).fit(design, y3).toJSON() as { state: Record<string, unknown> };
  const state = { ...json.state, intercept: [0, 0] }; // three classes need three intercepts
  expect(() => spec.revive({ ...json, type: 'LogisticRegression', params: {}, state })).toThrow(/shapes/);
  const knn = LINEAR_SPECS.find((s) => s.task === 'regression' && s.id === 'knn')!;
  const kj = knn.create({}).fit(design, yReg).toJSON() as { type: string; params: Record<string, unknown>; state: Record<string, unknown> };
  expect(() => knn.revive({ ...kj, state: { ...kj.state, nFeatures: 4 } })).toThrow(/do not match/);
});

describe('hyper-parameter validation', () => {
  it.each([
    ['classification', 'lr', { C: 0 }],
    ['classification', 'knn', { nNeighbors: 0 }],
    ['classification', 'knn', { weights: 'triangular' }],
    ['classification', 'svm', { alpha: -1 }],
    ['classification', 'qda', { regParam: 2 }],
    ['classification', 'lda', { shrinkage: 'auto' }],
    ['regression', 'en', { l1Ratio: 1.5 }],
    ['regression', 'omp', { nNonzeroCoefs: 0 }],
    ['regression', 'huber', { epsilon: 0.5 }],
    ['regression', 'par', { loss: 'hinge' }],
  ] as const)('%s %s rejects %o in fit with BAD_PARAM', (task, id, params) => {
    const spec = LINEAR_SPECS.find((s) => s.task === task && s.id === id)!;
    const m = spec.create(params);
    try {
      m.fit(design, task === 'classification' ? y3 : yReg);
      expect.unreachable('fit accepted a bad hyper-parameter');
    } catch (e) {
      expect(isEngineInputError(e) && e.code).toBe('BAD_PARAM');
      expect(isEngineInputError(e) && e.field).toBe(`params.${Object.keys(params)[0]}`);
    }
  });

  it('every search-space value is accepted by its model', () => {
    for (const spec of LINEAR_SPECS) {
      for (const [name, values] of Object.entries(spec.searchSpace)) {
        for (const v of values) {
          expect(() => spec.create({ [name]: v, randomState: 0 }).fit(design, spec.task === 'classification' ? y3 : yReg), `${spec.id} ${name}=${String(v)}`).not.toThrow();
        }
      }
    }
  });
});
