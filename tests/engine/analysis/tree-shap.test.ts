import { describe, expect, it } from 'vitest';
import type { Classifier, Estimator } from '../../../src/engine/core/estimator.js';
import { matrix, type Matrix } from '../../../src/engine/core/matrix.js';
import { probaFromScores } from '../../../src/engine/core/classes.js';
import { additiveFromJSON, rawScores } from '../../../src/engine/boosting/additive.js';
import { AdaBoostClassifier } from '../../../src/engine/boosting/ada-classifier.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/engine/boosting/gradient-boosting.js';
import { LightGbmClassifier, LightGbmRegressor } from '../../../src/engine/boosting/lightgbm.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../../../src/engine/tree/decision-tree.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from '../../../src/engine/ensemble/forest.js';
import { shapModelFor } from '../../../src/engine/analysis/shap-adapters.js';
import { expectedValue, meanAbsShap, modelOutput, treeShap, type ShapModel, type ShapTree, type TreeShapAlgorithm } from '../../../src/engine/analysis/tree-shap.js';
import { gaussLegendre01, maxUniquePathFeatures } from '../../../src/engine/analysis/linear-tree-shap.js';

const ALGORITHMS: readonly TreeShapAlgorithm[] = ['auto', 'path', 'patterns', 'linear', 'batched'];

// Deterministic data: 240 rows × 5 features from a fixed LCG; classes and target from a nonlinear rule.
function data(rows: number, cols: number, classes: number): { X: Matrix; yClass: Float64Array; yReg: Float64Array } {
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const X = new Float64Array(rows * cols);
  for (let i = 0; i < X.length; i++) X[i] = Math.round(next() * 1000) / 100;
  const yReg = new Float64Array(rows);
  const yClass = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = (j: number) => X[i * cols + j]!;
    yReg[i] = x(0) * x(1) - 3 * x(2) + (x(3) > 5 ? 4 : 0) + next();
    yClass[i] = Math.min(classes - 1, Math.floor(((yReg[i]! + 30) / 130) * classes + next() * 0.5));
  }
  return { X: matrix(rows, cols, X), yClass, yReg };
}

const { X, yClass, yReg } = data(240, 5, 3);
const yBinary = Float64Array.from(yClass, (c) => (c === 0 ? 0 : 1));

/** max |expected + Σ φ − raw| over rows, outputs and every TreeSHAP algorithm. */
function additivityError(model: ShapModel, X: Matrix, raw: Float64Array): number {
  let worst = 0;
  for (const algorithm of ALGORITHMS) worst = Math.max(worst, additivityErrorOf(model, X, raw, algorithm));
  return worst;
}

function additivityErrorOf(model: ShapModel, X: Matrix, raw: Float64Array, algorithm: TreeShapAlgorithm): number {
  const s = treeShap(model, X, { algorithm });
  let worst = 0;
  for (let r = 0; r < X.rows; r++)
    for (let o = 0; o < s.nOutputs; o++) {
      let total = s.expectedValue[o]!;
      for (let f = 0; f < s.nFeatures; f++) total += s.values[(r * s.nOutputs + o) * s.nFeatures + f]!;
      worst = Math.max(worst, Math.abs(total - raw[r * s.nOutputs + o]!));
    }
  return worst;
}

const proba = (m: Classifier, X: Matrix) => (m as unknown as { predictProba(X: Matrix): Matrix }).predictProba(X).data;

describe('TreeSHAP additivity: expected value + Σ contributions = raw model output (≤ 1e-9)', () => {
  const cases: [string, () => Estimator, Float64Array, (m: Estimator) => Float64Array][] = [
    ['dt classifier (probabilities)', () => new DecisionTreeClassifier({ maxDepth: 6 }), yClass, (m) => proba(m as Classifier, X)],
    ['dt regressor', () => new DecisionTreeRegressor({}), yReg, (m) => m.predict(X)],
    ['rf classifier', () => new RandomForestClassifier({ nEstimators: 15 }), yClass, (m) => proba(m as Classifier, X)],
    ['rf regressor', () => new RandomForestRegressor({ nEstimators: 10 }), yReg, (m) => m.predict(X)],
    ['et classifier', () => new ExtraTreesClassifier({ nEstimators: 10 }), yBinary, (m) => proba(m as Classifier, X)],
    ['et regressor', () => new ExtraTreesRegressor({ nEstimators: 10 }), yReg, (m) => m.predict(X)],
    ['gbr', () => new GradientBoostingRegressor({ nEstimators: 30 }), yReg, (m) => m.predict(X)],
    ['lightgbm regressor', () => new LightGbmRegressor({ nEstimators: 30 }), yReg, (m) => m.predict(X)],
  ];
  for (const [name, make, y, raw] of cases)
    it(name, () => {
      const m = make().fit(X, y);
      const model = shapModelFor(m, X)!;
      expect(model).not.toBeNull();
      expect(additivityError(model, X, raw(m))).toBeLessThanOrEqual(1e-9);
    });

  for (const [name, make, y] of [
    ['gbc binary', () => new GradientBoostingClassifier({ nEstimators: 30 }), yBinary],
    ['gbc multiclass', () => new GradientBoostingClassifier({ nEstimators: 20 }), yClass],
    ['lightgbm binary', () => new LightGbmClassifier({ nEstimators: 30 }), yBinary],
    ['lightgbm multiclass', () => new LightGbmClassifier({ nEstimators: 20 }), yClass],
  ] as const)
    it(`${name} (raw margin; its sigmoid / softmax = predictProba)`, () => {
      const m = make().fit(X, y);
      const model = shapModelFor(m, X)!;
      const json = m.toJSON();
      const raw = rawScores(additiveFromJSON(json.type, json.state, true), X);
      expect(additivityError(model, X, raw)).toBeLessThanOrEqual(1e-9);
      const fromShap = probaFromScores(matrix(X.rows, model.nOutputs, raw), model.nOutputs === 1 ? 2 : model.nOutputs).data;
      proba(m, X).forEach((p, i) => expect(Math.abs(p - fromShap[i]!)).toBeLessThan(1e-12));
    });

  for (const algorithm of ['SAMME.R', 'SAMME'] as const)
    for (const [label, y, k] of [['binary', yBinary, 2], ['multiclass', yClass, 3]] as const)
      it(`ada ${algorithm} ${label} (decision function; softmax of it = predictProba)`, () => {
        const m = new AdaBoostClassifier({ nEstimators: 25, algorithm }).fit(X, y);
        const model = shapModelFor(m, X)!;
        const raw = new Float64Array(X.rows * model.nOutputs);
        for (let r = 0; r < X.rows; r++) raw.set(modelOutput(model, X.data.subarray(r * 5, r * 5 + 5)), r * model.nOutputs);
        expect(additivityError(model, X, raw)).toBeLessThanOrEqual(1e-9);
        // predictProba = softmax([-d/2, d/2]) (binary) or softmax(d / (k - 1)): check the raw output is the decision function
        const p = proba(m, X);
        for (let r = 0; r < X.rows; r++) {
          const d = Array.from(raw.subarray(r * model.nOutputs, (r + 1) * model.nOutputs));
          const logits = k === 2 ? [-d[0]! / 2, d[0]! / 2] : d.map((v) => v / (k - 1));
          const mx = Math.max(...logits);
          const e = logits.map((v) => Math.exp(v - mx));
          const z = e.reduce((a, b) => a + b, 0);
          e.forEach((v, c) => expect(Math.abs(v / z - p[r * k + c]!)).toBeLessThan(1e-12));
        }
      });

  it('ada regressor and non-tree models are not explained', () => {
    expect(shapModelFor({ type: 'ada.regressor', toJSON: () => ({ type: 'ada.regressor', params: {}, state: {} }) } as unknown as Estimator, X)).toBeNull();
  });
});

/** Brute-force Shapley values with v(S) = the path-weighted expectation of the tree given the features in S. */
function bruteForceShap(model: ShapModel, x: ArrayLike<number>): { phi: number[][]; expected: number[] } {
  const M = model.nFeatures;
  const value = (t: ShapTree, node: number, known: number): number[] => {
    if (t.feature[node]! < 0) return Array.from(t.value.subarray(node * t.outputs, (node + 1) * t.outputs));
    const f = t.feature[node]!;
    const l = t.left[node]!;
    const r = t.right[node]!;
    if (known & (1 << f)) {
      const v = x[f]!;
      return value(t, (v !== v ? t.missingLeft[node] === 1 : v <= t.threshold[node]!) ? l : r, known);
    }
    const w = t.cover[node]!;
    const a = value(t, l, known);
    const b = value(t, r, known);
    return a.map((av, k) => (w > 0 ? (t.cover[l]! / w) * av + (t.cover[r]! / w) * b[k]! : 0.5 * av + 0.5 * b[k]!));
  };
  const v = (known: number): number[] => {
    const out = Array.from(model.base);
    for (const t of model.trees) value(t, 0, known).forEach((val, k) => (out[t.outputOffset + k]! += val));
    return out;
  };
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = Array.from({ length: model.nOutputs }, () => new Array<number>(M).fill(0));
  for (let i = 0; i < M; i++)
    for (let S = 0; S < 1 << M; S++) {
      if (S & (1 << i)) continue;
      const size = [...Array(M).keys()].filter((j) => S & (1 << j)).length;
      const weight = (fact(size) * fact(M - size - 1)) / fact(M);
      const withI = v(S | (1 << i));
      const without = v(S);
      for (let o = 0; o < model.nOutputs; o++) phi[o]![i]! += weight * (withI[o]! - without[o]!);
    }
  return { phi, expected: v(0) };
}

describe('TreeSHAP = brute-force Shapley values on a 4-feature model', () => {
  const d4 = data(200, 4, 3);
  const check = (est: Estimator, y: Float64Array) => {
    est.fit(d4.X, y);
    const model = shapModelFor(est, d4.X)!;
    for (const algorithm of ALGORITHMS) checkWith(model, algorithm);
  };
  const checkWith = (model: ShapModel, algorithm: TreeShapAlgorithm) => {
    const s = treeShap(model, d4.X, { algorithm });
    for (let r = 0; r < 25; r++) {
      const x = d4.X.data.subarray(r * 4, r * 4 + 4);
      const bf = bruteForceShap(model, x);
      bf.expected.forEach((e, o) => expect(Math.abs(e - s.expectedValue[o]!)).toBeLessThan(1e-10));
      for (let o = 0; o < s.nOutputs; o++)
        for (let f = 0; f < 4; f++) expect(Math.abs(s.values[(r * s.nOutputs + o) * 4 + f]! - bf.phi[o]![f]!)).toBeLessThan(1e-10);
    }
  };
  it('deep regression tree (features reused along paths)', () => check(new DecisionTreeRegressor({ maxDepth: 8 }), d4.yReg));
  it('random forest classifier, 3 outputs', () => check(new RandomForestClassifier({ nEstimators: 5, maxDepth: 5 }), d4.yClass));
  it('gbc multiclass (one tree per class and iteration)', () => check(new GradientBoostingClassifier({ nEstimators: 5 }), d4.yClass));
  it('missing values follow the default direction (lightgbm regressor with NaN in the explained row)', () => {
    const est = new LightGbmRegressor({ nEstimators: 10 }).fit(d4.X, d4.yReg);
    const model = shapModelFor(est, d4.X)!;
    const x = Float64Array.of(NaN, 3, NaN, 7);
    const bf = bruteForceShap(model, x);
    for (const algorithm of ALGORITHMS) {
      const s = treeShap(model, matrix(1, 4, x), { algorithm });
      for (let f = 0; f < 4; f++) expect(Math.abs(s.values[f]! - bf.phi[0]![f]!)).toBeLessThan(1e-10);
      const total = s.expectedValue[0]! + [0, 1, 2, 3].reduce((a, f) => a + s.values[f]!, 0);
      expect(Math.abs(total - est.predict(matrix(1, 4, x))[0]!)).toBeLessThan(1e-9);
    }
  });
});

describe('summary and bad inputs', () => {
  it('mean |SHAP| per feature; a hand tree splitting only on feature 1 gives feature 0 nothing', () => {
    const tree: ShapTree = {
      feature: Int32Array.of(1, -1, -1),
      threshold: Float64Array.of(0.5, 0, 0),
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      missingLeft: new Uint8Array(3),
      value: Float64Array.of(0, 10, 20),
      cover: Float64Array.of(4, 3, 1),
      outputs: 1,
      outputOffset: 0,
    };
    const model: ShapModel = { nFeatures: 2, nOutputs: 1, base: Float64Array.of(1), trees: [tree] };
    expect(expectedValue(model)[0]).toBe(1 + 12.5);
    for (const algorithm of ALGORITHMS) {
      const s = treeShap(model, matrix(2, 2, Float64Array.of(0, 0, 0, 1)), { algorithm });
      // row 0 goes left (10): φ1 = 10 − 12.5; row 1 goes right (20): φ1 = 7.5
      [0, -2.5, 0, 7.5].forEach((v, i) => expect(Math.abs(s.values[i]! - v)).toBeLessThan(1e-12));
      [0, 5].forEach((v, i) => expect(Math.abs(meanAbsShap(s)[i]! - v)).toBeLessThan(1e-12));
    }
    expect(() => treeShap(model, matrix(1, 3))).toThrow(RangeError);
  });
});

describe('leaf-pattern and linear (quadrature) TreeSHAP = the path algorithm', () => {
  const d4 = data(200, 4, 3);
  for (const [name, make, y] of [
    ['deep regression tree', () => new DecisionTreeRegressor({ maxDepth: 9 }), d4.yReg],
    ['rf classifier', () => new RandomForestClassifier({ nEstimators: 5, maxDepth: 6 }), d4.yClass],
    ['lightgbm regressor, rows with NaN', () => new LightGbmRegressor({ nEstimators: 10 }), d4.yReg],
  ] as const)
    it(name, () => {
      const est = make().fit(d4.X, y);
      const model = shapModelFor(est, d4.X)!;
      const Xe = matrix(d4.X.rows, 4, Float64Array.from(d4.X.data, (v, i) => (name.includes('NaN') && i % 7 === 3 ? NaN : v)));
      const path = treeShap(model, Xe, { algorithm: 'path' });
      for (const algorithm of ['patterns', 'linear', 'batched'] as const) {
        const fast = treeShap(model, Xe, { algorithm });
        let worst = 0;
        fast.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - path.values[i]!))));
        expect(worst).toBeLessThan(1e-10);
      }
      expect(Math.max(...Array.from(path.values, Math.abs))).toBeGreaterThan(0.01);
    });
  it('patterns over several batches of rows (600 rows, NaN in some), one and several outputs', () => {
    const d = data(600, 4, 3);
    const Xe = matrix(d.X.rows, 4, Float64Array.from(d.X.data, (v, i) => (i % 11 === 5 ? NaN : v)));
    for (const est of [new LightGbmRegressor({ nEstimators: 5 }).fit(d.X, d.yReg), new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 4 }).fit(d.X, d.yClass)]) {
      const model = shapModelFor(est, d.X)!;
      const path = treeShap(model, Xe, { algorithm: 'path' });
      const fast = treeShap(model, Xe, { algorithm: 'patterns' });
      let worst = 0;
      fast.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - path.values[i]!))));
      expect(worst).toBeLessThan(1e-10);
    }
  });
});

describe('linear TreeSHAP building blocks', () => {
  it('the m-point Gauss–Legendre rule on [0, 1] integrates t^j exactly for j ≤ 2m − 1, and not t^2m', () => {
    for (const m of [1, 2, 5, 12, 40]) {
      const { t, w } = gaussLegendre01(m);
      expect(t.length).toBe(m);
      for (let j = 0; j <= 2 * m - 1; j++) {
        let q = 0;
        t.forEach((x, k) => (q += w[k]! * x ** j));
        expect(Math.abs(q - 1 / (j + 1))).toBeLessThan(1e-14);
      }
      let q = 0;
      t.forEach((x, k) => (q += w[k]! * x ** (2 * m)));
      // the first degree it misses (the error shrinks fast with m, so only checked for small rules)
      if (m <= 5) expect(Math.abs(q - 1 / (2 * m + 1))).toBeGreaterThan(1e-6);
    }
    expect(() => gaussLegendre01(0)).toThrow(RangeError);
  });

  it('counts a feature split on twice along a path once', () => {
    // root on 0, left child on 0 again, right child on 1: paths {0}, {0}, {0, 1}, {0, 1}
    const tree: ShapTree = {
      feature: Int32Array.of(0, 0, 1, -1, -1, -1, -1),
      threshold: Float64Array.of(0.5, 0.2, 0.5, 0, 0, 0, 0),
      left: Int32Array.of(1, 3, 5, -1, -1, -1, -1),
      right: Int32Array.of(2, 4, 6, -1, -1, -1, -1),
      missingLeft: new Uint8Array(7),
      value: Float64Array.of(0, 0, 0, 1, 2, 3, 4),
      cover: Float64Array.of(8, 4, 4, 2, 2, 2, 2),
      outputs: 1,
      outputOffset: 0,
    };
    expect(maxUniquePathFeatures(tree)).toBe(2);
  });

  it('a deep tree over many features (more quadrature points than paths of 4 features need) matches the path algorithm', () => {
    const wide = data(400, 24, 2);
    const est = new DecisionTreeRegressor({}).fit(wide.X, wide.yReg);
    const model = shapModelFor(est, wide.X)!;
    expect(maxUniquePathFeatures(model.trees[0]!)).toBeGreaterThan(6);
    const Xe = matrix(40, 24, wide.X.data.subarray(0, 40 * 24));
    const path = treeShap(model, Xe, { algorithm: 'path' });
    for (const algorithm of ['linear', 'batched'] as const) {
      const linear = treeShap(model, Xe, { algorithm });
      let worst = 0;
      linear.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - path.values[i]!))));
      expect(worst).toBeLessThan(1e-9);
      expect(additivityErrorOf(model, Xe, est.predict(Xe), algorithm)).toBeLessThanOrEqual(1e-9);
    }
  });
});
