// ARDRegression, RANSACRegressor and TheilSenRegressor against scikit-learn 1.2.1's fitted attributes
// (tests/fixtures/make-reference-neural-units.py): both covariance branches of ARD, RANSAC's trial count and
// consensus set with outliers and with a fractional min_samples / squared loss, Theil-Sen over every
// combination and over random subsets; then bad inputs and the specs.
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/engine/core/matrix.js';
import { ARDRegression } from '../../src/engine/linear/ard.js';
import { RANSACRegressor, sampleWithoutReplacement } from '../../src/engine/linear/ransac.js';
import { TheilSenRegressor } from '../../src/engine/linear/theil-sen.js';
import { NEURAL_ROBUST_SPECS } from '../../src/engine/models/neural-robust-models.js';
import { NumpyRandomState } from '../../src/engine/selection/numpy-random.js';
import { loadBuiltin, readFixture, slice } from '../helpers/builtin-data.js';

interface Linear {
  coef: number[];
  intercept: number;
  alpha?: number;
  lambda?: number[];
  predict?: number[];
  nTrials?: number;
  nInliers?: number;
  nSubpopulation?: number;
  x?: number[];
  y?: number[];
}
const ref = readFixture<Record<string, Linear>>('reference-neural-units.json');
const db = loadBuiltin('diabetes');
const bc = loadBuiltin('breast_cancer');
const Xd = slice(db.X, 120);
const yd = db.y.slice(0, 120);

function closeTo(actual: ArrayLike<number>, expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  Array.from(actual).forEach((v, i) => expect(Math.abs(v - (expected[i] as number)), `index ${i}`).toBeLessThan(rel * scale));
}

const stateOf = <T>(e: { toJSON(): { state: unknown } }): T => e.toJSON().state as T;

describe('ARDRegression against scikit-learn 1.2.1', () => {
  it('n ≥ p: posterior covariance by inversion', () => {
    const r = ref.ard_db120 as Linear;
    const s = stateOf<{ coef: number[]; intercept: number; alpha: number; lambda: number[] }>(new ARDRegression().fit(Xd, yd));
    closeTo(s.coef, r.coef, 1e-6);
    expect(s.intercept).toBeCloseTo(r.intercept, 5);
    expect(Math.abs(s.alpha - (r.alpha as number)) / (r.alpha as number)).toBeLessThan(1e-6);
  });

  it('n < p: the Woodbury form, with pruned weights exactly zero', () => {
    const r = ref.ard_woodbury as Linear;
    const X = slice(bc.X, 20, 0, 25);
    const Xw: Matrix = { ...X, data: X.data.map((v) => v / 100) };
    const yw = Float64Array.from({ length: 20 }, (_, i) => (bc.X.data[i * bc.X.cols + 25] as number) * 10);
    const est = new ARDRegression().fit(Xw, yw);
    const s = stateOf<{ coef: number[] }>(est);
    closeTo(s.coef, r.coef, 1e-5);
    expect(s.coef.map((v) => v === 0)).toEqual(r.coef.map((v) => v === 0));
    closeTo(est.predict(Xw), r.predict as number[], 1e-6);
  });
});

describe('RANSACRegressor against scikit-learn 1.2.1', () => {
  it('ignores gross outliers: same trials, consensus set and line', () => {
    const r = ref.ransac_outliers as Linear;
    const x = Float64Array.from(r.x as number[]);
    const s = stateOf<{ coef: number[]; intercept: number; nTrials: number; nInliers: number }>(
      new RANSACRegressor({ randomState: 9 }).fit({ data: x, rows: x.length, cols: 1 }, Float64Array.from(r.y as number[])),
    );
    expect([s.nTrials, s.nInliers]).toEqual([r.nTrials, r.nInliers]);
    closeTo(s.coef, r.coef, 1e-9);
    expect(s.intercept).toBeCloseTo(r.intercept, 9);
  });

  it('fractional minSamples, squared loss and a fixed threshold', () => {
    const r = ref.ransac_db120_squared as Linear;
    const s = stateOf<{ coef: number[]; intercept: number; nTrials: number; nInliers: number }>(
      new RANSACRegressor({ randomState: 1, loss: 'squared_error', minSamples: 0.3, residualThreshold: 30 }).fit(Xd, yd),
    );
    expect([s.nTrials, s.nInliers]).toEqual([r.nTrials, r.nInliers]);
    closeTo(s.coef, r.coef, 1e-7);
  });

  it('samples without replacement as scikit-learn (permutation, tracking selection, reservoir)', () => {
    // sklearn.utils.random.sample_without_replacement(n, k, random_state=0) for the three regimes
    expect(Array.from(sampleWithoutReplacement(100, 5, new NumpyRandomState(0)))).toEqual([26, 86, 2, 55, 75]);
    expect(Array.from(sampleWithoutReplacement(1000, 5, new NumpyRandomState(0)))).toEqual([684, 559, 629, 192, 835]);
    expect(Array.from(sampleWithoutReplacement(100, 100, new NumpyRandomState(0))).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects more min samples than rows and a bad loss', () => {
    expect(() => new RANSACRegressor({ minSamples: 500 }).fit(Xd, yd)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => new RANSACRegressor({ loss: 'huber' as 'squared_error' }).fit(Xd, yd)).toThrowError(expect.objectContaining({ field: 'params.loss' }));
    expect(() => new RANSACRegressor({ minSamples: 2.5 }).fit(Xd, yd)).toThrowError(expect.objectContaining({ field: 'params.minSamples' }));
  });
});

describe('TheilSenRegressor against scikit-learn 1.2.1', () => {
  it('takes every combination when there are at most maxSubpopulation of them', () => {
    const r = ref.tr_combinations as Linear;
    const s = stateOf<{ coef: number[]; intercept: number; nSubpopulation: number }>(new TheilSenRegressor({ randomState: 0 }).fit(slice(Xd, 14, 0, 2), yd.slice(0, 14)));
    expect(s.nSubpopulation).toBe(r.nSubpopulation);
    closeTo(s.coef, r.coef, 1e-8);
    expect(s.intercept).toBeCloseTo(r.intercept, 6);
  });

  it('draws maxSubpopulation random subsets otherwise', () => {
    const r = ref.tr_random as Linear;
    const s = stateOf<{ coef: number[]; intercept: number; nSubpopulation: number }>(new TheilSenRegressor({ randomState: 5, maxSubpopulation: 300 }).fit(slice(Xd, 120, 0, 4), yd));
    expect(s.nSubpopulation).toBe(r.nSubpopulation);
    closeTo(s.coef, r.coef, 1e-8);
    expect(s.intercept).toBeCloseTo(r.intercept, 6);
  });

  it('rejects too few or too many subsample rows', () => {
    expect(() => new TheilSenRegressor({ nSubsamples: 3 }).fit(Xd, yd)).toThrowError(expect.objectContaining({ field: 'params.nSubsamples' }));
    expect(() => new TheilSenRegressor({ nSubsamples: 121 }).fit(Xd, yd)).toThrowError(expect.objectContaining({ field: 'params.nSubsamples' }));
  });
});

describe('robust specs', () => {
  it('have PyCaret ids, names and turbo flags', () => {
    const rows = NEURAL_ROBUST_SPECS.filter((s) => s.id !== 'mlp').map((s) => [s.id, s.name, s.task, s.turbo]);
    expect(rows).toEqual([
      ['ard', 'Automatic Relevance Determination', 'regression', true],
      ['ransac', 'Random Sample Consensus', 'regression', true],
      ['tr', 'TheilSen Regressor', 'regression', false],
    ]);
  });
  it('accepts the ends and the middle of every search-space range', () => {
    const small = slice(Xd, 60, 0, 3);
    const y = yd.slice(0, 60);
    for (const spec of NEURAL_ROBUST_SPECS.filter((s) => s.id !== 'mlp')) {
      for (const [name, values] of Object.entries(spec.searchSpace)) {
        for (const v of [values[0], values[values.length >> 1], values[values.length - 1]]) {
          expect(() => spec.create({ [name]: v, ...('randomState' in spec.create().getParams() ? { randomState: 1 } : {}) }).fit(small, y), `${spec.id} ${name}=${String(v)}`).not.toThrow();
        }
      }
    }
  });
});
