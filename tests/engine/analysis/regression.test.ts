import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrix } from '../../../src/engine/core/matrix.js';
import { regressionScores } from '../../../src/engine/metrics/regression.js';
import { analyseRegressor } from '../../../src/engine/analysis/analyse-regressor.js';
import { permutationImportance, permutationRowOrders } from '../../../src/engine/analysis/permutation-importance.js';
import { cooksDistance, histogram, predictionError, residualPoints } from '../../../src/engine/analysis/regression-diagnostics.js';

interface RegressionFixture {
  columns: string[];
  coef: number[];
  intercept: number;
  xTest: number[][];
  yTest: number[];
  predTest: number[];
  predictionError: { slope: number; intercept: number };
  cooks: { design: number[][]; y: number[]; fitted: number[]; distance: number[]; leverage: number[] };
  permutation: { nRepeats: number; seed: number; mean: number[]; std: number[]; importances: number[][] };
}
const f = JSON.parse(readFileSync(new URL('../../fixtures/analysis/regression-diabetes.json', import.meta.url), 'utf8')) as RegressionFixture;
const yTest = Float64Array.from(f.yTest);
const predTest = Float64Array.from(f.predTest);

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('regression analysis on the diabetes reference split (LinearRegression, scikit-learn 1.2.1)', () => {
  it('residuals reproduce the holdout R2; prediction-error line = numpy.polyfit', () => {
    const a = analyseRegressor({ modelId: 'lr', yTrue: yTest, yPred: predTest, seed: 123 });
    expect(a.residuals.length).toBe(yTest.length);
    const r2 = regressionScores(Float64Array.from(a.residuals, (p) => p.actual), Float64Array.from(a.residuals, (p) => p.predicted)).R2;
    expect(r2).toBe(a.holdout.find((h) => h.metric === 'R2')!.mean);
    expect(a.regression!.predictionError.r2).toBe(r2);
    expect(rel(a.regression!.predictionError.slope, f.predictionError.slope)).toBeLessThan(1e-12);
    expect(rel(a.regression!.predictionError.intercept, f.predictionError.intercept)).toBeLessThan(1e-12);
    expect(a.regression!.residualHistogram.reduce((s, b) => s + b.count, 0)).toBe(yTest.length);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("Cook's distance and leverage = the numpy hat-matrix computation", () => {
    const D = matrix(f.cooks.design.length, f.cooks.design[0]!.length, Float64Array.from(f.cooks.design.flat()));
    const c = cooksDistance(D, Float64Array.from(f.cooks.y), Float64Array.from(f.cooks.fitted))!;
    f.cooks.distance.forEach((d, i) => expect(rel(c.distance[i]!, d)).toBeLessThan(1e-8));
    f.cooks.leverage.forEach((h, i) => expect(rel(c.leverage[i]!, h)).toBeLessThan(1e-8));
    expect(cooksDistance(matrix(2, 3), new Float64Array(2), new Float64Array(2))).toBeNull();
  });

  it('permutation importance = sklearn.inspection.permutation_importance (same RandomState draws)', () => {
    const p = f.columns.length;
    const X = f.xTest;
    const predictWith = (column: number | null, order: Int32Array | null): Float64Array =>
      Float64Array.from(X, (row, i) => {
        let s = 0;
        for (let j = 0; j < p; j++) s += (j === column && order ? X[order[i]!]![j]! : row[j]!) * f.coef[j]!;
        return s + f.intercept;
      });
    const result = permutationImportance({
      columns: f.columns,
      nRows: X.length,
      nRepeats: f.permutation.nRepeats,
      seed: f.permutation.seed,
      score: (c, o) => regressionScores(yTest, predictWith(c, o)).R2,
    });
    result.perRepeat.forEach((reps, c) => reps.forEach((v, r) => expect(Math.abs(v - f.permutation.importances[c]![r]!)).toBeLessThan(1e-12)));
    result.importances.forEach((imp, c) => {
      expect(imp.method).toBe('permutation');
      expect(imp.feature).toBe(f.columns[c]);
      expect(Math.abs(imp.importance - f.permutation.mean[c]!)).toBeLessThan(1e-12);
      expect(Math.abs(imp.std - f.permutation.std[c]!)).toBeLessThan(1e-12);
    });
  });
});

describe('residual sampling, histogram, bad inputs', () => {
  it('samples 5,000 distinct ascending rows beyond 5,000, deterministically per seed', () => {
    const n = 12_000;
    const a = Float64Array.from({ length: n }, (_, i) => i);
    const s1 = residualPoints(a, a, 7);
    expect(s1.rows.length).toBe(5000);
    expect(new Set(s1.rows).size).toBe(5000);
    for (let i = 1; i < s1.rows.length; i++) expect(s1.rows[i]!).toBeGreaterThan(s1.rows[i - 1]!);
    expect(residualPoints(a, a, 7).rows).toEqual(s1.rows);
    expect(residualPoints(a, a, 8).rows).not.toEqual(s1.rows);
    expect(s1.points[10]!.actual).toBe(s1.rows[10]);
  });
  it('histogram = numpy.histogram(values, 4) on hand values', () => {
    // np.histogram([0, 1, 1, 2, 3, 4], 4) -> counts [1, 2, 1, 2], edges [0, 1, 2, 3, 4]
    const h = histogram([0, 1, 1, 2, 3, 4], 4);
    expect(h.map((b) => b.count)).toEqual([1, 2, 1, 2]);
    expect(h.map((b) => b.lower)).toEqual([0, 1, 2, 3]);
    expect(histogram([5, 5], 2).map((b) => [b.lower, b.upper, b.count])).toEqual([[4.5, 5, 0], [5, 5.5, 2]]);
  });
  it('refuses bad inputs', () => {
    expect(() => histogram([])).toThrow(RangeError);
    expect(() => histogram([1, NaN])).toThrow(/finite/);
    expect(() => predictionError(Float64Array.of(1), Float64Array.of(1))).toThrow(RangeError);
    expect(() => residualPoints([1, 2], [1], 0)).toThrow(RangeError);
    expect(() => permutationRowOrders(10, 0, 1)).toThrow(RangeError);
    expect(() => analyseRegressor({ modelId: 'm', yTrue: Float64Array.of(1, 2), yPred: Float64Array.of(1, Infinity), seed: 1 })).toThrow(/finite/);
  });
});
