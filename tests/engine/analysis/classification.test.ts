import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrix } from '../../../src/engine/core/matrix.js';
import { classificationScores } from '../../../src/engine/metrics/classification.js';
import { analyseClassifier } from '../../../src/engine/analysis/analyse-classifier.js';
import { averagePrecision, downsample, prPoints, rocCurve, rocPoints } from '../../../src/engine/analysis/binary-curves.js';
import { calibrationCurve } from '../../../src/engine/analysis/calibration.js';
import { classReport, confusionMatrix } from '../../../src/engine/analysis/confusion.js';
import type { CurvePoint } from '../../../src/engine/analysis/types.js';

interface CurveFixture {
  roc: { fpr: number[]; tpr: number[]; thresholds: number[]; auc: number };
  pr: { precision: number[]; recall: number[]; thresholds: number[]; ap: number };
  calibration: { probTrue: number[]; probPred: number[] };
}
interface ClassificationFixture {
  classes: number[];
  yTrue: number[];
  yPred: number[];
  proba: number[][];
  confusion: number[][];
  report: { precision: number; recall: number; 'f1-score': number; support: number }[];
  perClass: CurveFixture[];
  weightedAuc?: number;
}

const load = (name: string): ClassificationFixture =>
  JSON.parse(readFileSync(new URL(`../../fixtures/analysis/classification-${name}.json`, import.meta.url), 'utf8')) as ClassificationFixture;

const column = (f: ClassificationFixture, c: number) => ({
  isPositive: Uint8Array.from(f.yTrue, (y) => (y === c ? 1 : 0)),
  score: Float64Array.from(f.proba, (row) => row[c] as number),
});

function expectClose(actual: number[], expected: number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - (expected[i] as number))).toBeLessThanOrEqual(tol));
}

for (const name of ['breast_cancer', 'iris']) {
  describe(`classification analysis = scikit-learn 1.2.1 on ${name}'s reference split`, () => {
    const f = load(name);
    const labels = f.classes.map(String);
    const k = labels.length;
    it('confusion matrix and class report', () => {
      const cm = confusionMatrix(f.yTrue, f.yPred, labels);
      expect(cm.counts).toEqual(f.confusion);
      const report = classReport(cm);
      report.forEach((r, c) => {
        const e = f.report[c]!;
        expect(r.precision).toBeCloseTo(e.precision, 14);
        expect(r.recall).toBeCloseTo(e.recall, 14);
        expect(r.f1).toBeCloseTo(e['f1-score'], 14);
        expect(r.support).toBe(e.support);
      });
    });
    const curveClasses = k === 2 ? [1] : [0, 1, 2];
    for (const c of curveClasses) {
      it(`ROC, PR and calibration of class ${c}`, () => {
        const e = f.perClass[c]!;
        const { isPositive, score } = column(f, c);
        const roc = rocPoints(isPositive, score);
        expectClose(roc.map((p) => p.x), e.roc.fpr, 0);
        expectClose(roc.map((p) => p.y), e.roc.tpr, 0);
        expectClose(roc.map((p) => p.threshold as number), e.roc.thresholds, 0);
        expect(rocCurve('x', isPositive, score).area).toBeCloseTo(e.roc.auc, 14);
        const pr = prPoints(isPositive, score);
        expectClose(pr.map((p) => p.y), e.pr.precision, 0);
        expectClose(pr.map((p) => p.x), e.pr.recall, 0);
        expectClose(pr.slice(0, -1).map((p) => p.threshold as number), e.pr.thresholds, 0);
        expect(pr[pr.length - 1]!.threshold).toBeNull();
        expect(averagePrecision(pr)).toBeCloseTo(e.pr.ap, 14);
        const cal = calibrationCurve('x', isPositive, score, 10);
        expectClose(cal.fractionOfPositives, e.calibration.probTrue, 1e-15);
        expectClose(cal.meanPredicted, e.calibration.probPred, 1e-15);
      });
    }
    it('analyseClassifier: ROC areas equal the AUC metric exactly; weighted mean for multiclass', () => {
      const proba = matrix(f.proba.length, k, Float64Array.from(f.proba.flat()));
      const a = analyseClassifier({ modelId: 'lr', classes: labels, yTrue: f.yTrue, yPred: f.yPred, proba });
      const auc = classificationScores(Float64Array.from(f.yTrue), Float64Array.from(f.yPred), proba, k).AUC;
      expect(a.rocCurves.length).toBe(k === 2 ? 1 : k);
      expect(a.prCurves.length).toBe(a.rocCurves.length);
      if (k === 2) expect(a.rocCurves[0]!.area).toBe(auc);
      expect(a.classification!.rocAucWeighted).toBe(auc);
      if (f.weightedAuc !== undefined) expect(a.classification!.rocAucWeighted).toBeCloseTo(f.weightedAuc, 14);
      expect(a.holdout.find((h) => h.metric === 'AUC')!.mean).toBe(auc);
      expect(a.confusionMatrix!.counts).toEqual(f.confusion);
      expect(a.classification!.thresholdCurve.length).toBe(k === 2 ? 101 : 0);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    });
  });
}

describe('downsample', () => {
  const pts: CurvePoint[] = Array.from({ length: 1001 }, (_, i) => ({ x: i / 1000, y: Math.sqrt(i / 1000), threshold: 1 - i / 1000 }));
  it('keeps at most max points including the first and the last, in order', () => {
    const d = downsample(pts, 200);
    expect(d.length).toBe(200);
    expect(d[0]).toEqual(pts[0]);
    expect(d[199]).toEqual(pts[1000]);
    for (let i = 1; i < d.length; i++) expect(d[i]!.x).toBeGreaterThan(d[i - 1]!.x);
  });
  it('returns short curves unchanged and refuses max < 2', () => {
    expect(downsample(pts.slice(0, 5), 200)).toEqual(pts.slice(0, 5));
    expect(() => downsample(pts, 1)).toThrow(RangeError);
  });
  it('a long ROC curve is cut to 200 points from (0,0) to (1,1), area from the full curve', () => {
    const n = 2000;
    const isPositive = Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    const score = Float64Array.from({ length: n }, (_, i) => ((i * 104729) % 1000) / 1000 + (isPositive[i] ? 0.2 : 0) + i * 1e-7);
    const full = rocPoints(isPositive, score);
    expect(full.length).toBeGreaterThan(200);
    const c = rocCurve('1', isPositive, score);
    expect(c.points.length).toBeLessThanOrEqual(200);
    expect([c.points[0]!.x, c.points[0]!.y]).toEqual([0, 0]);
    expect([c.points.at(-1)!.x, c.points.at(-1)!.y]).toEqual([1, 1]);
  });
});

describe('bad inputs', () => {
  it('refuses mismatched lengths, bad codes, non-finite scores and wrong proba shapes', () => {
    expect(() => confusionMatrix([0, 1], [0], ['a', 'b'])).toThrow(RangeError);
    expect(() => confusionMatrix([0, 2], [0, 1], ['a', 'b'])).toThrow(/class code/);
    expect(() => rocPoints([0, 1], [0.1, NaN])).toThrow(/finite/);
    expect(() => calibrationCurve('a', [0, 1], [0.1, 1.5])).toThrow(/outside/);
    expect(() => analyseClassifier({ modelId: 'm', classes: ['a', 'b'], yTrue: [0, 1], yPred: [0, 1], proba: matrix(2, 3) })).toThrow(/proba/);
  });
  it('a class absent from the holdout: ROC curve without points and area 0 (the AUC metric), everything finite', () => {
    const a = analyseClassifier({ modelId: 'm', classes: ['a', 'b'], yTrue: [0, 0, 0], yPred: [0, 1, 0], proba: matrix(3, 2, Float64Array.of(0.9, 0.1, 0.3, 0.7, 0.6, 0.4)) });
    expect(a.rocCurves).toEqual([{ label: 'b', area: 0, points: [] }]);
    expect(a.classification!.liftGain).toEqual([]);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
  it('without probabilities: no curves, confusion matrix only', () => {
    const a = analyseClassifier({ modelId: 'm', classes: ['a', 'b'], yTrue: [0, 1, 1], yPred: [0, 1, 0], proba: null });
    expect(a.rocCurves).toEqual([]);
    expect(a.confusionMatrix!.counts).toEqual([[1, 0], [1, 1]]);
  });
});
