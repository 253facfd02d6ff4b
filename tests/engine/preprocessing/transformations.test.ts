// Parity of the matrix transformers with scikit-learn 1.2.1 (tests/fixtures/transformations/make_fixture.py),
// fitted on the fixture's first 90 rows and applied to the other 30.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../../../src/engine/core/matrix.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { fClassif, fRegression, multicollinearityKeep, selectColumns, selectKBest, varianceThresholdKeep } from '../../../src/engine/preprocessing/column-selection.js';
import { fitPca, pcaTransform } from '../../../src/engine/preprocessing/pca.js';
import { polynomialNames, polynomialTerms, polynomialTransform } from '../../../src/engine/preprocessing/polynomial-features.js';
import { brentMinimize } from '../../../src/engine/preprocessing/brent.js';
import { logExact, powExact } from '../../../src/engine/preprocessing/exact-math.js';
import { PowerTransformer, yeoJohnson, yeoJohnsonInverse } from '../../../src/engine/preprocessing/power-transformer.js';
import { normalPpf, QuantileTransformer } from '../../../src/engine/preprocessing/quantile-transformer.js';

interface Fixture {
  X: number[][];
  yClass: number[];
  yReg: number[];
  train: number;
  power: { lambdas: number[]; lambdasNumpySimd: number[]; test: number[][]; standardizedTest: number[][] };
  brent: Array<{ shift: number; quartic: number; xmin: number; calls: number[]; iterations: number }>;
  polynomial: { degree: number; names: string[]; test: number[][] };
  variance: Record<string, { keep: number[]; variances: number[] }>;
  pca: { components: number[][]; test: number[][]; ratio: number[]; fraction: number; fractionComponents: number };
  select: { fClassif: number[]; fRegression: number[]; keepClassif2: number[]; keepRegression3: number[] };
  corr: { features: number[][]; withYReg: number[] };
  quantile: { rows: number[][]; test: number[][] };
  ppf: { p: number[]; x: number[] };
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/transformations/sklearn.json', import.meta.url), 'utf8')) as Fixture;

function rowsOf(from: number, to: number, columns: readonly number[]): Matrix {
  const rows = fx.X.slice(from, to);
  return matrix(rows.length, columns.length, Float64Array.from(rows.flatMap((r) => columns.map((j) => r[j] as number))));
}
const ALL = [0, 1, 2, 3, 4];
const VARYING = [0, 1, 2, 4];
const n = fx.X.length;
const train = rowsOf(0, fx.train, VARYING);
const test = rowsOf(fx.train, n, VARYING);
const yClassTrain = Float64Array.from(fx.yClass.slice(0, fx.train));
const yRegTrain = Float64Array.from(fx.yReg.slice(0, fx.train));

function expectMatrix(actual: Matrix, expected: number[][], digits: number): void {
  expect([actual.rows, actual.cols]).toEqual([expected.length, expected[0]?.length ?? 0]);
  let worst = 0;
  for (let i = 0; i < actual.rows; i++)
    for (let j = 0; j < actual.cols; j++) {
      const e = expected[i]?.[j] as number;
      worst = Math.max(worst, Math.abs((actual.data[i * actual.cols + j] as number) - e) / Math.max(1, Math.abs(e)));
    }
  expect(worst).toBeLessThan(10 ** -digits);
}

describe('PowerTransformer (Yeo-Johnson) parity', () => {
  it('finds scikit-learn\'s lambdas bit for bit (numpy on its libm path, see make_fixture.py)', () => {
    const pt = new PowerTransformer(false).fit(train);
    expect(Array.from(pt.fittedLambdas)).toEqual(fx.power.lambdas);
  });

  it('is as close to numpy\'s SIMD-path lambdas as scikit-learn itself is across the two paths', () => {
    const pt = new PowerTransformer(false).fit(train);
    let spread = 0;
    for (let j = 0; j < 4; j++) {
      const simd = fx.power.lambdasNumpySimd[j] as number;
      spread = Math.max(spread, Math.abs((fx.power.lambdas[j] as number) - simd));
      expect(Math.abs((pt.fittedLambdas[j] as number) - simd)).toBeLessThanOrEqual(Math.abs((fx.power.lambdas[j] as number) - simd));
    }
    // The reference's own platform spread: the reason the bar is the libm path.
    expect(spread).toBeGreaterThan(1e-9);
  });

  it('runs scipy.optimize.brent\'s search step for step (same evaluated points, same minimiser)', () => {
    for (const c of fx.brent) {
      const calls: number[] = [];
      const x = brentMinimize((v) => {
        calls.push(v);
        const d = v - c.shift;
        return d * d * (1.0 + c.quartic * v * v * v * v) + 0.1 * v * v * v;
      }, -2, 2);
      expect(x).toBe(c.xmin);
      expect(calls).toEqual(c.calls);
    }
  });

  it('takes powers and logs correctly rounded (libm\'s), unlike Math.pow', () => {
    expect(powExact(2.7337493703027427, 1)).toBe(2.7337493703027427);
    expect(powExact(9, 0.5)).toBe(3);
    expect(powExact(2, -3)).toBe(0.125);
    expect(logExact(Math.E)).toBe(1);
    expect(logExact(1)).toBe(0);
  });

  it('transforms unseen rows as PowerTransformer(standardize=False) and (standardize=True)', () => {
    expectMatrix(new PowerTransformer(false).fit(train).transform(test), fx.power.test, 9);
    expectMatrix(new PowerTransformer(true).fit(train).transform(test), fx.power.standardizedTest, 9);
  });

  it('inverts its transform, and survives a JSON round trip', () => {
    for (const lambda of [-1.3, 0, 0.7, 2, 2.5]) for (const x of [-3.2, -0.5, 0, 0.4, 7]) expect(yeoJohnsonInverse(yeoJohnson(x, lambda), lambda)).toBeCloseTo(x, 10);
    const pt = new PowerTransformer(true).fit(train);
    const back = PowerTransformer.fromJSON(JSON.parse(JSON.stringify(pt.toJSON())), 4, 'test');
    expect(Array.from(back.transform(test).data)).toEqual(Array.from(pt.transform(test).data));
    expect(() => PowerTransformer.fromJSON({ lambdas: [1], mean: null, scale: null }, 4, 'test')).toThrow(/malformed power transformer/);
  });
});

describe('QuantileTransformer(output_distribution="normal") parity', () => {
  it('norm.ppf is scipy\'s (Cephes ndtri) to 1e-15', () => {
    fx.ppf.p.forEach((p, i) => expect(Math.abs(normalPpf(p) - (fx.ppf.x[i] as number)) / Math.max(1, Math.abs(fx.ppf.x[i] as number))).toBeLessThan(1e-15));
    expect(normalPpf(0)).toBe(-Infinity);
    expect(Number.isNaN(normalPpf(1.5))).toBe(true);
  });

  it('maps unseen rows (inside, beyond the training range, constant column) as scikit-learn to 1e-9, also after JSON', () => {
    const rows = fx.quantile.rows;
    const X = matrix(rows.length, 5, Float64Array.from(rows.flat()));
    const qt = new QuantileTransformer().fit(rowsOf(0, fx.train, ALL));
    expectMatrix(qt.transform(X), fx.quantile.test, 9);
    const back = QuantileTransformer.fromJSON(JSON.parse(JSON.stringify(qt.toJSON())), 5, 'test');
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(qt.transform(X).data));
    expect(() => QuantileTransformer.fromJSON({ references: [0, 1], quantiles: [[1]] }, 1, 'test')).toThrow(/malformed quantile transformer/);
  });
});

describe('PolynomialFeatures(include_bias=False) parity', () => {
  it('builds the same terms, names and values (degree 3)', () => {
    const terms = polynomialTerms(3, fx.polynomial.degree);
    expect(polynomialNames(['a', 'b', 'c'], terms)).toEqual(fx.polynomial.names);
    expectMatrix(polynomialTransform(rowsOf(fx.train, n, [0, 1, 2]), terms), fx.polynomial.test, 12);
  });
});

describe('VarianceThreshold parity', () => {
  it.each(['0.0', '3.0'])('threshold %s keeps the same columns', (t) => {
    const { keep, variances } = varianceThresholdKeep(rowsOf(0, fx.train, ALL), Number(t));
    expect(keep).toEqual(fx.variance[t]!.keep);
    fx.variance[t]!.variances.forEach((v, j) => expect(Math.abs((variances[j] as number) - v)).toBeLessThan(1e-12));
  });

  it('refuses a threshold no column passes (field setupParams.lowVarianceThreshold)', () => {
    let err: unknown;
    try {
      varianceThresholdKeep(rowsOf(0, fx.train, ALL), 100);
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && err.field).toBe('setupParams.lowVarianceThreshold');
  });
});

describe('PCA parity (full SVD, svd_flip signs)', () => {
  it('gives the same components, explained variance and projections for 3 components', () => {
    const fit = fitPca(train, 3);
    expect(fit.nComponents).toBe(3);
    const comps = matrix(3, 4, fit.components);
    expectMatrix(comps, fx.pca.components, 9);
    fx.pca.ratio.forEach((r, k) => expect(Math.abs((fit.explainedVarianceRatio[k] as number) - r)).toBeLessThan(1e-12));
    expectMatrix(pcaTransform(test, fit.mean, fit.components, 3), fx.pca.test, 9);
  });

  it('a fraction keeps the components explaining that much variance; too many is refused', () => {
    expect(fitPca(train, fx.pca.fraction).nComponents).toBe(fx.pca.fractionComponents);
    expect(() => fitPca(train, 9)).toThrow(/pcaComponents/);
  });
});

describe('SelectKBest parity', () => {
  it('f_classif and f_regression scores to 1e-9, and the selected columns', () => {
    fClassif(train, yClassTrain).forEach((f, j) => expect(Math.abs(f - (fx.select.fClassif[j] as number)) / (fx.select.fClassif[j] as number)).toBeLessThan(1e-9));
    fRegression(train, yRegTrain).forEach((f, j) => expect(Math.abs(f - (fx.select.fRegression[j] as number)) / (fx.select.fRegression[j] as number)).toBeLessThan(1e-9));
    expect(selectKBest(fClassif(train, yClassTrain), 2)).toEqual(fx.select.keepClassif2);
    expect(selectKBest(fRegression(train, yRegTrain), 3)).toEqual(fx.select.keepRegression3);
  });

  it('ranks NaN scores lowest and gives ties to the later column', () => {
    expect(selectKBest(Float64Array.from([NaN, 2, 5, 2]), 2)).toEqual([2, 3]);
    expect(fRegression(rowsOf(0, fx.train, [3]), yRegTrain)[0]).toBe(0);
  });
});

describe('RemoveMulticollinearity (PyCaret\'s rule, by hand)', () => {
  it('of a ~0.9998-correlated pair keeps the one more correlated with y', () => {
    // corr(a, c) = 0.99983 >= 0.9; corr(c, y) = 0.85654 > corr(a, y) = 0.85600, so a (column 0) goes.
    expect(fx.corr.features[0]![2]).toBeGreaterThan(0.9);
    expect(fx.corr.withYReg[2]).toBeGreaterThan(fx.corr.withYReg[0] as number);
    expect(multicollinearityKeep(train, yRegTrain, 0.9)).toEqual([1, 2, 3]);
    expect(multicollinearityKeep(train, yRegTrain, 0.99999)).toEqual([0, 1, 2, 3]);
    const kept = selectColumns(train, [1, 2, 3]);
    expect(kept.data[0]).toBe(train.data[1]);
  });
});
