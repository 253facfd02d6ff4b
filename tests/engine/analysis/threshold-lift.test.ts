import { describe, expect, it } from 'vitest';
import { liftGain } from '../../../src/engine/analysis/lift-gain.js';
import { optimizeThreshold, thresholdCurve, thresholdGrid } from '../../../src/engine/analysis/threshold.js';

// Five rows checked by hand: truth [1, 0, 1, 1, 0], positive-class probabilities [0.9, 0.8, 0.7, 0.6, 0.2].
const yTrue = [1, 0, 1, 1, 0];
const proba = [0.9, 0.8, 0.7, 0.6, 0.2];

describe('threshold curve and optimizeThreshold (PyCaret semantics: positive when p ≥ t)', () => {
  it('grid 0, 0.05, …, 1', () => {
    const g = thresholdGrid(0.05);
    expect(g.length).toBe(21);
    expect(g[6]).toBe(0.3);
    expect(g.at(-1)).toBe(1);
    expect(() => thresholdGrid(0)).toThrow(RangeError);
  });
  it('at t = 0.65: TP 2, FP 1, FN 1, TN 1 → accuracy 0.6, precision = recall = F1 = 2/3, kappa = MCC = 1/6', () => {
    const [p] = thresholdCurve(yTrue, proba, [0.65]);
    expect(p!.Accuracy).toBeCloseTo(0.6, 15);
    expect(p!.Precision).toBeCloseTo(2 / 3, 15);
    expect(p!.Recall).toBeCloseTo(2 / 3, 15);
    expect(p!.F1).toBeCloseTo(2 / 3, 15);
    expect(p!.Kappa).toBeCloseTo(1 / 6, 15);
    expect(p!.MCC).toBeCloseTo(1 / 6, 15);
  });
  it('at t = 0.6 the row with p = 0.6 is positive (≥)', () => {
    const [p] = thresholdCurve(yTrue, proba, [0.6]);
    expect(p!.Recall).toBe(1);
    expect(p!.Precision).toBe(0.75);
  });
  it('best F1 6/7 and best accuracy 0.8 first reached at 0.25 on the 0.05 grid', () => {
    const curve = thresholdCurve(yTrue, proba, thresholdGrid(0.05));
    expect(optimizeThreshold(curve, 'F1')).toEqual({ metric: 'F1', threshold: 0.25, value: expect.closeTo(6 / 7, 15) as number });
    const acc = optimizeThreshold(curve, 'Accuracy');
    expect([acc.threshold, acc.value]).toEqual([0.25, 0.8]);
    expect(() => optimizeThreshold([], 'F1')).toThrow(RangeError);
    expect(() => optimizeThreshold(curve, 'AUC' as 'F1')).toThrow(/unknown metric/);
  });
});

describe('lift, gain and KS', () => {
  const lg = liftGain('1', yTrue, proba);
  it('cumulative gain 1/3, 1/3, 2/3, 1, 1 at 20 %, 40 %, … of the rows, from (0, 0)', () => {
    expect(lg.gain[0]).toEqual({ x: 0, y: 0, threshold: null });
    expect(lg.gain.slice(1).map((p) => p.x)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    [1 / 3, 1 / 3, 2 / 3, 1, 1].forEach((g, i) => expect(lg.gain[i + 1]!.y).toBeCloseTo(g, 15));
  });
  it('lift = gain / fraction: 5/3, 5/6, 10/9, 1.25, 1', () => {
    [5 / 3, 5 / 6, 10 / 9, 1.25, 1].forEach((l, i) => expect(lg.lift[i]!.y).toBeCloseTo(l, 14));
  });
  it('KS = max(TPR − FPR) = 1 − 1/2 = 0.5 at threshold 0.6', () => {
    expect(lg.ks.statistic).toBeCloseTo(0.5, 15);
    expect(lg.ks.threshold).toBe(0.6);
  });
  it('ties form one point; no positive row is refused', () => {
    const t = liftGain('1', [1, 0, 0], [0.5, 0.5, 0.1]);
    expect(t.gain.length).toBe(3);
    expect(t.gain[1]!.x).toBeCloseTo(2 / 3, 15);
    expect(() => liftGain('1', [0, 0], [0.3, 0.4])).toThrow(/no positive/);
    expect(() => thresholdCurve([1, 0], [0.3])).toThrow(RangeError);
  });
});
