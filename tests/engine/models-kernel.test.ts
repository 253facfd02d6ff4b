// Kernel models (SVC, SVR, KernelRidge, GaussianProcessClassifier) against scikit-learn 1.2.1's values on small
// designs (tests/fixtures/reference-kernel-sklearn.json, from tests/fixtures/make-reference-kernel.py), their
// building blocks (SMO's Platt sigmoid, pairwise coupling, erf, the zero-skipping Cholesky) and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EstimatorJSON } from '../../src/engine/core/estimator.js';
import { cholesky } from '../../src/engine/core/linalg.js';
import { choleskySkippingZeros, forwardSkippingZeros } from '../../src/engine/core/cholesky-sparse.js';
import type { Matrix } from '../../src/engine/core/matrix.js';
import { Rng } from '../../src/engine/core/random.js';
import { erf } from '../../src/engine/gaussian-process/erf.js';
import { GaussianProcessClassifier } from '../../src/engine/gaussian-process/gpc.js';
import { lmlWithGradient, squaredDistances } from '../../src/engine/gaussian-process/lml-gradient.js';
import { KernelRidge } from '../../src/engine/kernel/kernel-ridge.js';
import { scaleGamma } from '../../src/engine/kernel/kernels.js';
import { KERNEL_SPECS } from '../../src/engine/models/kernel-models.js';
import { coupleProbabilities, sigmoidPredict, sigmoidTrain } from '../../src/engine/svm/platt.js';
import { SVC } from '../../src/engine/svm/svc.js';
import { SVR } from '../../src/engine/svm/svr.js';

interface Fixture {
  design: { irisRows: number[]; irisQueries: number[]; diabetesTrainRows: number; diabetesQueries: [number, number] };
  svc: { decision: number[][]; nSupport: number[]; intercept: number[] };
  svcBinary: { decision: number[]; nSupport: number[]; intercept: number[] };
  svr: { predict: number[]; intercept: number[]; nSupport: number };
  kr: { linear: number[]; rbf: number[]; poly: number[] };
  gpc: { proba: number[][]; lml: number[] };
  gpcBinary: { proba: number[][]; lml: number };
}
const F = (JSON.parse(readFileSync(new URL('../fixtures/reference-kernel-sklearn.json', import.meta.url), 'utf8')) as { values: Fixture }).values;

function csv(name: string): number[][] {
  return readFileSync(new URL(`../../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
}
const iris = csv('iris');
const diabetes = csv('diabetes');
const irisX = (rows: number[]): Matrix => ({ data: Float64Array.from(rows.flatMap((i) => (iris[i] as number[]).slice(0, 4))), rows: rows.length, cols: 4 });
const irisY = (rows: number[]): Float64Array => Float64Array.from(rows, (i) => (iris[i] as number[])[4] as number);
const diabX = (a: number, b: number): Matrix => ({ data: Float64Array.from(diabetes.slice(a, b).flatMap((r) => r.slice(0, 10))), rows: b - a, cols: 10 });
const diabY = (a: number, b: number): Float64Array => Float64Array.from(diabetes.slice(a, b), (r) => r[10] as number);

const X = irisX(F.design.irisRows);
const y = irisY(F.design.irisRows);
const yBinary = y.map((v) => (v === 2 ? 1 : 0));
const Q = irisX(F.design.irisQueries);
const [q0, q1] = F.design.diabetesQueries;
const Xr = diabX(0, F.design.diabetesTrainRows);
const yr = diabY(0, F.design.diabetesTrainRows);
const Qr = diabX(q0, q1);

function expectClose(actual: ArrayLike<number>, expected: number[], digits: number): void {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v, `entry ${i}`).toBeCloseTo(expected[i] as number, digits));
}

describe('SVC (libsvm C-SVC)', () => {
  it('reproduces scikit-learn decision_function (ovr), n_support_ and intercept_ on three classes', () => {
    const m = new SVC({ probability: false }).fit(X, y);
    expectClose(m.decisionFunction(Q).data, F.svc.decision.flat(), 8);
    expect(Array.from(m.nSupport)).toEqual(F.svc.nSupport);
    expectClose(Array.from(m.rho, (r) => -r), F.svc.intercept, 8);
    // the vote agrees with the largest ovr score
    const d = m.decisionFunction(Q);
    const pred = m.predict(Q);
    for (let i = 0; i < Q.rows; i++) {
      const row = Array.from(d.data.subarray(i * 3, i * 3 + 3));
      expect(pred[i]).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('reproduces the binary decision function, positive for classes[1]', () => {
    const m = new SVC({ probability: false }).fit(X, yBinary);
    const d = m.decisionFunction(Q);
    expect(d.cols).toBe(1);
    expectClose(d.data, F.svcBinary.decision, 8);
    expect(Array.from(m.nSupport)).toEqual(F.svcBinary.nSupport);
    expect(Array.from(m.predict(Q))).toEqual(F.svcBinary.decision.map((v) => (v > 0 ? 1 : 0)));
  });

  it('Platt probabilities: seeded, rows sum to 1, binary P(classes[1]) increasing in the decision value', () => {
    const a = new SVC({ randomState: 3 }).fit(X, yBinary);
    const b = new SVC({ randomState: 3 }).fit(X, yBinary);
    expect(Array.from(a.predictProba(Q).data)).toEqual(Array.from(b.predictProba(Q).data));
    const P = a.predictProba(Q);
    const d = a.decisionFunction(Q).data;
    const order = Array.from(d.keys()).sort((i, j) => (d[i] as number) - (d[j] as number));
    for (let t = 1; t < order.length; t++) expect(P.data[2 * (order[t] as number) + 1]).toBeGreaterThanOrEqual(P.data[2 * (order[t - 1] as number) + 1] as number);
    for (let i = 0; i < P.rows; i++) expect((P.data[2 * i] as number) + (P.data[2 * i + 1] as number)).toBeCloseTo(1, 12);
    const m3 = new SVC({ randomState: 1 }).fit(X, y).predictProba(Q);
    expect([m3.rows, m3.cols]).toEqual([Q.rows, 3]);
    // the two setosa queries (far from the other classes) get most of the mass on class 0
    for (let i = 0; i < m3.rows; i++) expect(m3.data.subarray(i * 3, i * 3 + 3).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    for (const i of [0, 1]) expect(m3.data[i * 3]).toBeGreaterThan(0.5);
  });

  it('refuses predictProba without probability, bad hyper-parameters and a single class', () => {
    expect(() => new SVC({ probability: false }).fit(X, y).predictProba(Q)).toThrowError(/probability/);
    expect(() => new SVC({ C: 0 }).fit(X, y)).toThrowError(/C/);
    expect(() => new SVC({ gamma: 'wide' as unknown as number }).fit(X, y)).toThrowError(/gamma/);
    expect(() => new SVC({ kernel: 'sigmoid' as 'rbf' }).fit(X, y)).toThrowError(/kernel/);
    expect(() => new SVC({ maxIter: 0 }).fit(X, y)).toThrowError(/maxIter/);
    expect(() => new SVC().fit(X, new Float64Array(X.rows).fill(1))).toThrowError(/two classes/);
  });

  it('gamma="scale" is 1 / (n_features · Var(X))', () => {
    const m = matrixOf([[1, 2], [3, 4], [5, 7]]);
    const mean = (1 + 2 + 3 + 4 + 5 + 7) / 6;
    const v = [1, 2, 3, 4, 5, 7].reduce((s, x) => s + (x - mean) ** 2, 0) / 6;
    expect(scaleGamma(m)).toBeCloseTo(1 / (2 * v), 14);
    expect(scaleGamma(matrixOf([[2, 2], [2, 2]]))).toBe(1);
  });
});

function matrixOf(rows: number[][]): Matrix {
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols: (rows[0] as number[]).length };
}

describe("libsvm's probability pieces", () => {
  it('sigmoidTrain finds the same Platt sigmoid as scikit-learn _sigmoid_calibration', () => {
    const dec = Float64Array.from([-2.1, -1.3, -0.7, -0.2, 0.1, 0.4, 0.9, 1.5, 2.2, -0.4, 0.3, 1.1]);
    const labels = Int8Array.from([0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1], (v) => (v === 1 ? 1 : -1));
    const s = sigmoidTrain(dec, labels);
    expect(s.A).toBeCloseTo(-1.323049169293895, 4);
    expect(s.B).toBeCloseTo(0.22271513386512895, 4);
    expect(sigmoidPredict(0, s)).toBeCloseTo(1 / (1 + Math.exp(s.B)), 14);
  });

  it('coupleProbabilities recovers p from consistent pairwise estimates and sums to 1', () => {
    const p = [0.5, 0.3, 0.15, 0.05];
    const k = p.length;
    const r = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) r[i * k + j] = (p[i] as number) / ((p[i] as number) + (p[j] as number));
    const out = new Float64Array(k + 2);
    coupleProbabilities(k, r, out, 2);
    expectClose(out.subarray(2), p, 2); // libsvm stops at max error 0.005 / k
    expect(out.subarray(2).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('SVR (libsvm epsilon-SVR)', () => {
  it('reproduces scikit-learn predictions, intercept_ and the support-vector count on diabetes rows', () => {
    const m = new SVR().fit(Xr, yr);
    expectClose(m.predict(Qr), F.svr.predict, 7);
    expect(m.intercept).toBeCloseTo(F.svr.intercept[0] as number, 7);
    expect(m.nSupport).toBe(F.svr.nSupport);
  });

  it('a wide epsilon tube leaves no support vectors (prediction = intercept), and bad params are refused', () => {
    const m = new SVR({ epsilon: 1e6 }).fit(Xr, yr);
    expect(m.nSupport).toBe(0);
    expect(new Set(m.predict(Qr)).size).toBe(1);
    expect(() => new SVR({ epsilon: -1 }).fit(Xr, yr)).toThrowError(/epsilon/);
    expect(() => new SVR({ C: -1 }).fit(Xr, yr)).toThrowError(/C/);
  });
});

describe('KernelRidge', () => {
  it('reproduces scikit-learn with the linear (default), rbf and poly kernels', () => {
    expectClose(new KernelRidge().fit(Xr, yr).predict(Qr), F.kr.linear, 9);
    expectClose(new KernelRidge({ kernel: 'rbf', gamma: 0.5, alpha: 0.1 }).fit(Xr, yr).predict(Qr), F.kr.rbf, 9);
    expectClose(new KernelRidge({ kernel: 'poly', degree: 2, gamma: 1, coef0: 1, alpha: 0.5 }).fit(Xr, yr).predict(Qr), F.kr.poly, 9);
  });

  it('linear kernel: the primal solve (rows > features) predicts as the dual one (rows < features)', () => {
    const wide = diabX(0, 8);
    const w = diabY(0, 8);
    const dual = new KernelRidge({ alpha: 0.7 }).fit(wide, w);
    expect(dual.dualCoef.length).toBe(8);
    const tall = diabX(0, 40);
    const t = diabY(0, 40);
    const primal = new KernelRidge({ alpha: 0.7 }).fit(tall, t);
    expect(primal.dualCoef.length).toBe(0);
    // the same 40-row problem in the dual form: zero-pad the features to 40 columns (K unchanged)
    const padded = { data: new Float64Array(40 * 40), rows: 40, cols: 40 };
    for (let i = 0; i < 40; i++) padded.data.set(tall.data.subarray(i * 10, i * 10 + 10), i * 40);
    const viaDual = new KernelRidge({ alpha: 0.7 }).fit(padded, t);
    const q = { data: new Float64Array(6 * 40), rows: 6, cols: 40 };
    for (let i = 0; i < 6; i++) q.data.set(Qr.data.subarray(i * 10, i * 10 + 10), i * 40);
    expectClose(primal.predict(Qr), Array.from(viaDual.predict(q)), 8);
  });

  it('solves (K + αI) c = y', () => {
    const m = new KernelRidge({ alpha: 2, kernel: 'rbf', gamma: 0.3 }).fit(Xr, yr);
    const c = m.dualCoef;
    const fitted = m.predict(Xr);
    fitted.forEach((f, i) => expect(f + 2 * (c[i] as number)).toBeCloseTo(yr[i] as number, 8));
  });

  it('refuses a negative alpha, an unknown kernel and a wrong column count', () => {
    expect(() => new KernelRidge({ alpha: -1 }).fit(Xr, yr)).toThrowError(/alpha/);
    expect(() => new KernelRidge({ kernel: 'cosine' as 'rbf' }).fit(Xr, yr)).toThrowError(/kernel/);
    expect(() => new KernelRidge().fit(Xr, yr).predict(X)).toThrowError(/features/);
  });
});

describe('GaussianProcessClassifier (Laplace)', () => {
  it('reproduces scikit-learn predict_proba and log marginal likelihoods, one-vs-rest on three classes', () => {
    const m = new GaussianProcessClassifier().fit(X, y);
    expectClose(m.predictProba(Q).data, F.gpc.proba.flat(), 10);
    expectClose(m.logMarginalLikelihood, F.gpc.lml, 9);
  });

  it('reproduces the binary model (probit-style erf integral) and predicts by the latent sign', () => {
    const m = new GaussianProcessClassifier().fit(X, yBinary);
    expectClose(m.predictProba(Q).data, F.gpcBinary.proba.flat(), 10);
    expect(m.logMarginalLikelihood[0]).toBeCloseTo(F.gpcBinary.lml, 9);
    expect(Array.from(m.predict(Q))).toEqual(F.gpcBinary.proba.map((p) => ((p[1] as number) > 0.5 ? 1 : 0)));
  });

  it('revived from JSON gives identical probabilities (factors rebuilt from the state)', () => {
    const m = new GaussianProcessClassifier().fit(X, y);
    const spec = KERNEL_SPECS.find((s) => s.id === 'gpc');
    const back = spec?.revive(JSON.parse(JSON.stringify(m.toJSON()))) as GaussianProcessClassifier;
    expect(Array.from(back.predictProba(Q).data)).toEqual(Array.from(m.predictProba(Q).data));
  });

  it('log marginal likelihood gradient in (log c, log ℓ) equals scikit-learn eval_gradient at θ = (0.3, −0.2)', () => {
    const y01 = y.map((v) => (v === 0 ? 1 : 0));
    const r = lmlWithGradient(squaredDistances(X.data, X.rows, X.cols), X.rows, y01, Float64Array.from([0.3, -0.2]), 100);
    expect(r.lml).toBeCloseTo(-12.095272747605154, 9);
    expectClose(r.grad, [2.99939612, 5.27359194], 7);
  });

  it('optimizeKernel finds scikit-learn kernel=1.0*RBF(1.0) optima per one-vs-rest model', () => {
    const m = new GaussianProcessClassifier({ optimizeKernel: true }).fit(X, y);
    const kernels = (m.toJSON().state as { kernels: number[] }).kernels.map(Math.log);
    // scikit-learn 1.2.1: [e.kernel_.theta for e in gpc.base_estimator_.estimators_]
    expectClose(kernels, [6.2521955176041955, 1.2216975701089763, 6.405296990924706, 0.5124698364009261, 7.37614957396204, 0.9498041459126633], 3);
    expectClose(m.predictProba(irisX([1, 2])).data, [0.5760769, 0.17160841, 0.25231469, 0.57364884, 0.17076398, 0.25558717], 5);
  });

  it('refuses bad kernel params and a single class', () => {
    expect(() => new GaussianProcessClassifier({ lengthScale: 0 }).fit(X, y)).toThrowError(/lengthScale/);
    expect(() => new GaussianProcessClassifier({ maxIterPredict: 0 }).fit(X, y)).toThrowError(/maxIterPredict/);
    expect(() => new GaussianProcessClassifier().fit(X, new Float64Array(X.rows))).toThrowError(/two classes/);
  });
});

describe('numerics', () => {
  it('erf matches reference values to ~1e-15', () => {
    const cases: Array<[number, number]> = [
      [0, 0],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [-1.5, -0.9661051464753108],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [7, 1],
    ];
    for (const [x, v] of cases) expect(Math.abs(erf(x) - v), `erf(${x})`).toBeLessThan(2e-15);
  });

  it('the zero-skipping Cholesky and forward solve are bit-identical to the dense ones', () => {
    const rng = new Rng(4);
    const n = 30;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      A[i * n + i] = 5 + rng.next();
      for (let j = 0; j < i; j++) {
        const v = rng.next() < 0.8 ? 0 : rng.normal() * 0.3;
        A[i * n + j] = v;
        A[j * n + i] = v;
      }
    }
    const dense = cholesky(A, n) as Float64Array;
    const sparse = choleskySkippingZeros(A, n) as Float64Array;
    expect(sparse.every((v, i) => Object.is(v, dense[i]))).toBe(true);
    const b = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? rng.normal() : 0));
    const x = Float64Array.from(b);
    forwardSkippingZeros(sparse, n, x, new Int32Array(n));
    for (let i = 0; i < n; i++) {
      let s = b[i] as number;
      for (let k = 0; k < i; k++) s -= (dense[i * n + k] as number) * (x[k] as number);
      expect(Math.abs(s / (dense[i * n + i] as number) - (x[i] as number))).toBeLessThan(1e-14);
    }
    const notSpd = Float64Array.from([1, 2, 2, 1]);
    expect(choleskySkippingZeros(notSpd, 2)).toBeNull();
  });
});

describe('KERNEL_SPECS', () => {
  it('have PyCaret ids, names and turbo flags (rbfsvm, gpc, kr outside the turbo set)', () => {
    expect(KERNEL_SPECS.map((s) => [s.task, s.id, s.name, s.turbo])).toEqual([
      ['classification', 'rbfsvm', 'SVM - Radial Kernel', false],
      ['classification', 'gpc', 'Gaussian Process Classifier', false],
      ['regression', 'svm', 'Support Vector Regression', true],
      ['regression', 'kr', 'Kernel Ridge', false],
    ]);
  });

  it('refuse unknown hyper-parameters and malformed state', () => {
    const spec = KERNEL_SPECS[0];
    if (!spec) throw new Error('no spec');
    expect(() => spec.create({ kernelWidth: 3 })).toThrowError(/kernelWidth/);
    const json = JSON.parse(JSON.stringify(spec.create({ randomState: 1 }).fit(X, y).toJSON())) as EstimatorJSON & { state: Record<string, unknown> };
    expect(() => spec.revive({ ...json, type: 'SVR' })).toThrowError(/SVC/);
    expect(() => spec.revive({ ...json, state: { ...json.state, rho: [0] } })).toThrowError(/malformed/);
  });
});
