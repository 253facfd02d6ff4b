// SMOTE against imbalanced-learn's definition (hand-checked values) and the isolation forest on planted outliers.
import { describe, expect, it } from 'vitest';
import { matrix } from '../../../src/engine/core/matrix.js';
import { Rng } from '../../../src/engine/core/random.js';
import { smote } from '../../../src/engine/preprocessing/smote.js';
import { averagePathLength, isolationForestOutliers } from '../../../src/engine/preprocessing/isolation-forest.js';

describe('SMOTE (imbalanced-learn: k_neighbors=5, sampling_strategy auto, random_state=seed)', () => {
  // Class 0: 6 rows; class 1: (0,0), (1,0), (0,2). Class 1 has 3 rows, so k = 2 neighbours each:
  //   (0,0) → [(1,0), (0,2)], (1,0) → [(0,0), (0,2)], (0,2) → [(0,0), (1,0)].
  // RandomState(123).randint(0, 3·2, size=3) = [5, 2, 4]; then .uniform(size=3) = [0.69088…, 0.71915…, 0.49111…].
  //   5 → row 2, neighbour 1: (0,2) + 0.69088·((1,0) − (0,2)) = (0.69088, 0.61823)
  //   2 → row 1, neighbour 0: (1,0) + 0.71915·((0,0) − (1,0)) = (0.28085, 0)
  //   4 → row 2, neighbour 0: (0,2) + 0.49112·((0,0) − (0,2)) = (0, 1.01776)
  const X = matrix(9, 2, Float64Array.from([10, 10, 0, 0, 11, 10, 1, 0, 12, 10, 0, 2, 13, 10, 14, 10, 15, 10]));
  const y = Float64Array.from([0, 1, 0, 1, 0, 1, 0, 0, 0]);

  it('oversamples the minority to the majority count with x + u·(nn − x), the originals first', () => {
    const r = smote(X, y, 2, 123);
    expect(r.report.added).toEqual([0, 3]);
    expect(r.X.rows).toBe(12);
    expect(Array.from(r.X.data.subarray(0, 18))).toEqual(Array.from(X.data));
    expect(Array.from(r.y)).toEqual([...y, 1, 1, 1]);
    const synthetic = Array.from(r.X.data.subarray(18));
    const expected = [0.6908848550268617, 0.6182302899462766, 0.28084968984522696, 0, 0, 1.0177621331348055];
    synthetic.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 12));
  });

  it('is seeded: the same seed gives the same rows, another seed other rows', () => {
    expect(Array.from(smote(X, y, 2, 123).X.data)).toEqual(Array.from(smote(X, y, 2, 123).X.data));
    expect(Array.from(smote(X, y, 2, 7).X.data)).not.toEqual(Array.from(smote(X, y, 2, 123).X.data));
  });

  it('leaves balanced data as it is and skips a class of one row (nothing to interpolate)', () => {
    const b = smote(matrix(4, 1, Float64Array.from([0, 1, 2, 3])), Float64Array.from([0, 1, 0, 1]), 2, 1);
    expect(b.X.rows).toBe(4);
    const one = smote(matrix(4, 1, Float64Array.from([0, 1, 2, 3])), Float64Array.from([0, 0, 0, 1]), 2, 1);
    expect(one.report.skipped).toEqual([1]);
    expect(one.X.rows).toBe(4);
  });
});

describe('isolation forest (scikit-learn definition)', () => {
  it('c(n) is the average unsuccessful-search path length: c(1)=0, c(2)=1, c(256)=2H(255) − 2·255/256', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    let h = 0;
    for (let i = 1; i <= 255; i++) h += 1 / i;
    // H(255) ≈ ln 255 + γ within 1/(2·255)
    expect(Math.abs(averagePathLength(256) - (2 * h - (2 * 255) / 256))).toBeLessThan(1 / 255);
  });

  it('flags the planted outliers and about contamination × n rows', () => {
    const rng = new Rng(5);
    const n = 400;
    const data = new Float64Array(n * 3);
    for (let i = 0; i < n * 3; i++) data[i] = rng.normal();
    const planted = [17, 101, 250, 333];
    for (const r of planted) for (let j = 0; j < 3; j++) data[r * 3 + j] = (j % 2 ? -1 : 1) * (8 + r / 100);
    const { outlier, scores, offset } = isolationForestOutliers(matrix(n, 3, data), { contamination: 0.02, seed: 123 });
    for (const r of planted) expect(outlier[r], `row ${r}`).toBe(1);
    const flagged = outlier.reduce((a, b) => a + b, 0);
    expect(flagged).toBe(8); // below the 2nd percentile of 400 scores: 8 rows
    for (const r of planted) expect(scores[r]).toBeLessThan(offset);
    // seeded
    expect(Array.from(isolationForestOutliers(matrix(n, 3, data), { contamination: 0.02, seed: 123 }).scores)).toEqual(Array.from(scores));
  });
});
