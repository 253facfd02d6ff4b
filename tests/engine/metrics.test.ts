import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from '../../src/engine/types.js';
import { matrix } from '../../src/engine/core/matrix.js';
import { loadBuiltinDataset } from '../../src/engine/frame/builtin.js';
import { encodeTarget } from '../../src/engine/frame/target.js';
import { classificationScores } from '../../src/engine/metrics/classification.js';
import { npMean, npRound, npStd, npSum } from '../../src/engine/metrics/numpy-math.js';
import { regressionScores } from '../../src/engine/metrics/regression.js';
import { binaryRocAuc } from '../../src/engine/metrics/roc-auc.js';
import { summarise } from '../../src/engine/metrics/summary.js';

const F = (a: number[]): Float64Array => Float64Array.from(a);
const rowsMatrix = (rows: number[][]) => matrix(rows.length, rows[0]?.length ?? 0, F(rows.flat()));

describe('binaryRocAuc (scikit-learn roc_auc_score)', () => {
  it('scikit-learn docs example: roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75', () => {
    expect(binaryRocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('treats tied scores as one threshold (half credit per tied pair)', () => {
    // positives 0.6, 0.9, 0.6 vs negatives 0.2, 0.6: 4 wins + 2 ties of 6 pairs = 5/6.
    // curve (fpr, tpr): (0,0) (0,1/3) (1/2,1) (1,1) -> 1/2 * (1/3 + 1) / 2 + 1/2 = 5/6
    expect(binaryRocAuc([0, 0, 1, 1, 1], [0.2, 0.6, 0.6, 0.9, 0.6])).toBeCloseTo(5 / 6, 15);
    expect(binaryRocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(binaryRocAuc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(binaryRocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
  });

  it('is 0 when only one class is present (scikit-learn raises; PyCaret scores error_score 0)', () => {
    expect(binaryRocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toBe(0);
  });
});

describe('classificationScores', () => {
  it('returns every PyCaret classification metric', () => {
    const s = classificationScores(F([0, 1]), F([0, 1]), null, 2);
    expect(Object.keys(s).sort()).toEqual([...CLASSIFICATION_METRICS].sort());
    expect(s.AUC).toBe(0); // no probabilities
  });

  it('binary: hand-computed values (pos_label 1)', () => {
    // TN 2, FP 1, TP 2, FN 1
    const yTrue = F([0, 0, 1, 1, 1, 0]);
    const yPred = F([0, 1, 1, 1, 0, 0]);
    const p1 = [0.1, 0.6, 0.8, 0.7, 0.4, 0.3];
    const proba = rowsMatrix(p1.map((p) => [1 - p, p]));
    const s = classificationScores(yTrue, yPred, proba, 2);
    expect(s.Accuracy).toBeCloseTo(4 / 6, 15);
    expect(s.Precision).toBeCloseTo(2 / 3, 15); // 2 / (2 + 1)
    expect(s.Recall).toBeCloseTo(2 / 3, 15); // 2 / (2 + 1)
    expect(s.F1).toBeCloseTo(2 / 3, 15);
    // kappa: po = 4/6, pe = (3*3 + 3*3)/36 = 1/2 -> (2/3 - 1/2) / (1/2) = 1/3
    expect(s.Kappa).toBeCloseTo(1 / 3, 15);
    // MCC: (TP*TN - FP*FN) / sqrt(3*3*3*3) = 3/9
    expect(s.MCC).toBeCloseTo(1 / 3, 15);
    // AUC: positives 0.8, 0.7, 0.4 vs negatives 0.1, 0.6, 0.3: 8 of 9 pairs ordered
    expect(s.AUC).toBeCloseTo(8 / 9, 15);
  });

  it('binary: scikit-learn docs example matthews_corrcoef([+1,+1,+1,-1], [+1,-1,+1,+1]) = -0.33...', () => {
    const s = classificationScores(F([1, 1, 1, 0]), F([1, 0, 1, 1]), null, 2);
    expect(s.MCC).toBeCloseTo(-1 / 3, 15);
    expect(s.Kappa).toBeCloseTo(-1 / 3, 15); // observed off-diagonal 2, expected off-diagonal 3/4 + 3/4 -> 1 - 2 / 1.5
  });

  it('multiclass: scikit-learn docs example for precision/recall/f1 average="weighted"', () => {
    // precision_score(..., average='weighted') = 0.22..., recall 0.33..., f1_score weighted = 0.26...
    const s = classificationScores(F([0, 1, 2, 0, 1, 2]), F([0, 2, 1, 0, 0, 1]), null, 3);
    expect(s.Precision).toBeCloseTo(2 / 9, 15);
    expect(s.Recall).toBeCloseTo(1 / 3, 15);
    expect(s.F1).toBeCloseTo(4 / 15, 15);
    expect(s.Kappa).toBeCloseTo(0, 15); // observed off-diagonal 4, expected off-diagonal 6 - 12/6 = 4
  });

  it('multiclass: hand-computed values with probabilities (ovr weighted AUC)', () => {
    const yTrue = F([0, 0, 1, 1, 2, 2]);
    const yPred = F([0, 1, 1, 1, 2, 0]);
    const proba = rowsMatrix([
      [0.7, 0.2, 0.1],
      [0.4, 0.5, 0.1],
      [0.1, 0.8, 0.1],
      [0.2, 0.6, 0.2],
      [0.1, 0.2, 0.7],
      [0.5, 0.1, 0.4],
    ]);
    const s = classificationScores(yTrue, yPred, proba, 3);
    expect(s.Accuracy).toBeCloseTo(4 / 6, 15);
    // per class P = 1/2, 2/3, 1; R = 1/2, 1, 1/2; F = 1/2, 4/5, 2/3; supports 2, 2, 2
    expect(s.Precision).toBeCloseTo((1 / 2 + 2 / 3 + 1) / 3, 15);
    expect(s.Recall).toBeCloseTo(4 / 6, 15);
    expect(s.F1).toBeCloseTo((1 / 2 + 4 / 5 + 2 / 3) / 3, 15);
    // kappa: po 2/3, pe (2*2 + 3*2 + 1*2)/36 = 1/3 -> 1/2
    expect(s.Kappa).toBeCloseTo(0.5, 15);
    // MCC: (4*6 - 12) / sqrt((36 - 12) * (36 - 14)) = 12 / sqrt(528)
    expect(s.MCC).toBeCloseTo(12 / Math.sqrt(528), 15);
    // AUC per class: 7/8, 1, 1 -> weighted by supports (2, 2, 2)
    expect(s.AUC).toBeCloseTo((7 / 8 + 1 + 1) / 3, 15);
  });

  it('maps proba columns through probaClasses, absent classes as zero columns', () => {
    const yTrue = F([0, 1, 2, 0, 2, 1]);
    const yPred = F([0, 0, 2, 0, 2, 2]);
    const seen = rowsMatrix([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.7, 0.3], [0.1, 0.9], [0.5, 0.5]]);
    const full = rowsMatrix([[0.9, 0, 0.1], [0.6, 0, 0.4], [0.2, 0, 0.8], [0.7, 0, 0.3], [0.1, 0, 0.9], [0.5, 0, 0.5]]);
    const a = classificationScores(yTrue, yPred, seen, 3, F([0, 2]));
    expect(a).toEqual(classificationScores(yTrue, yPred, full, 3));
    expect(a.AUC).toBeGreaterThan(0);
  });

  it('multiclass AUC is 0 where scikit-learn raises: a class missing from yTrue, rows not summing to 1', () => {
    const proba = rowsMatrix([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.7, 0.2, 0.1]]);
    expect(classificationScores(F([0, 1, 0]), F([0, 1, 0]), proba, 3).AUC).toBe(0);
    const unnormalised = rowsMatrix([[0.8, 0.1, 0.3], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]);
    expect(classificationScores(F([0, 1, 2]), F([0, 1, 2]), unnormalised, 3).AUC).toBe(0);
  });

  it('zero_division = 0 and undefined MCC/Kappa give 0', () => {
    const s = classificationScores(F([0, 1, 1]), F([0, 0, 0]), null, 2);
    expect([s.Precision, s.Recall, s.F1, s.MCC, s.Kappa]).toEqual([0, 0, 0, 0, 0]);
    // one label everywhere: scikit-learn's kappa is NaN (0/0); we report 0 to stay finite
    const one = classificationScores(F([1, 1]), F([1, 1]), null, 2);
    expect([one.Accuracy, one.Kappa, one.MCC]).toEqual([1, 0, 0]);
  });

  it('weighted averages only cover labels present in yTrue or yPred (scikit-learn labels=None)', () => {
    // 4-class problem, fold holds classes 0 and 1 only: same as scoring those two labels
    const s = classificationScores(F([0, 0, 1, 1]), F([0, 1, 1, 1]), null, 4);
    // P: 1, 2/3; R: 1/2, 1; supports 2, 2
    expect(s.Precision).toBeCloseTo((1 + 2 / 3) / 2, 15);
    expect(s.Recall).toBeCloseTo(0.75, 15);
  });

  it('rejects labels outside 0..nClasses-1 and mismatched lengths', () => {
    expect(() => classificationScores(F([0, 3]), F([0, 1]), null, 3)).toThrow(RangeError);
    expect(() => classificationScores(F([0, 1]), F([0]), null, 2)).toThrow(RangeError);
    expect(() => classificationScores(F([0, 1]), F([0, 1]), null, 1)).toThrow(RangeError);
  });
});

describe('regressionScores', () => {
  it('scikit-learn docs example y_true [3,-0.5,2,7], y_pred [2.5,0,2,8]', () => {
    const s = regressionScores(F([3, -0.5, 2, 7]), F([2.5, 0, 2, 8]));
    expect(Object.keys(s).sort()).toEqual([...REGRESSION_METRICS].sort());
    expect(s.MAE).toBe(0.5); // mean_absolute_error docs: 0.5
    expect(s.MSE).toBe(0.375); // mean_squared_error docs: 0.375
    expect(s.RMSE).toBe(Math.sqrt(0.375)); // squared=False docs: 0.612...
    expect(s.R2).toBeCloseTo(0.9486081370449679, 15); // r2_score docs: 0.948...
    // MAPE by hand: (0.5/3 + 0.5/0.5 + 0/2 + 1/7) / 4
    expect(s.MAPE).toBeCloseTo((0.5 / 3 + 1 + 0 + 1 / 7) / 4, 15);
    // RMSLE on |y| (PyCaret): log1p(0.5) - log1p(0) for the negative row
    const l = [Math.log(4 / 3.5), Math.log(1.5), 0, Math.log(8 / 9)];
    expect(s.RMSLE).toBeCloseTo(Math.sqrt(l.reduce((a, b) => a + b * b, 0) / 4), 14);
  });

  it('scikit-learn docs example mean_squared_log_error([3,5,2.5,7], [2.5,5,4,8]) = 0.039...', () => {
    const s = regressionScores(F([3, 5, 2.5, 7]), F([2.5, 5, 4, 8]));
    expect(s.RMSLE ** 2).toBeCloseTo(0.03973012298459379, 14);
  });

  it('R2 edge cases as in the scikit-learn r2_score docs', () => {
    expect(regressionScores(F([1, 2, 3]), F([1, 2, 3])).R2).toBe(1);
    expect(regressionScores(F([1, 2, 3]), F([2, 2, 2])).R2).toBe(0);
    expect(regressionScores(F([1, 2, 3]), F([3, 2, 1])).R2).toBe(-3);
    expect(regressionScores(F([-2, -2, -2]), F([-2, -2, -2])).R2).toBe(1);
    expect(regressionScores(F([-2, -2, -2]), F([-2, -2, -2 + 1e-8])).R2).toBe(0);
  });

  it('MAPE drops rows with y = 0 (PyCaret), and is 0 when every y is 0', () => {
    expect(regressionScores(F([0, 2, 4]), F([1, 1, 5])).MAPE).toBe(0.375); // (1/2 + 1/4) / 2
    expect(regressionScores(F([0, 0]), F([1, 1])).MAPE).toBe(0);
  });

  it('rejects empty or mismatched input', () => {
    expect(() => regressionScores(F([]), F([]))).toThrow(RangeError);
    expect(() => regressionScores(F([1]), F([1, 2]))).toThrow(RangeError);
  });
});

describe('numpy arithmetic and summarise', () => {
  it('sums pairwise like numpy (values from numpy 1.24/2.x)', () => {
    expect(npSum(new Array(10).fill(0.1))).toBe(1); // np.sum([0.1]*10) == 1.0; a plain loop gives 0.9999999999999999
    const c = Array.from({ length: 200 }, (_, i) => i * 0.1 + 1 / 3);
    expect(npSum(c)).toBe(2056.666666666667); // np.sum(np.arange(200)*0.1 + 1/3); a plain loop gives ...674
  });

  it('mean and population std as numpy', () => {
    const f = [0.9333, 0.9333, 1.0, 0.8667, 0.9333, 1.0, 0.9, 0.95, 0.91, 0.97];
    expect(npMean(f)).toBe(0.9396600000000002); // np.mean
    expect(npStd(f)).toBe(0.04025717824189866); // np.std (ddof 0)
  });

  it('reproduces the reference iris lr leaderboard Accuracy mean and std from its fold accuracies', () => {
    // /work/shared/reference/iris.json, lr: Accuracy 0.9718181818181819, Accuracy_std 0.04311238436865228.
    // Folds of 11,11,11,11,11,10,10,10,10,10 rows; 3 misclassified rows: two folds at 10/11, one at 9/10.
    const folds = [10 / 11, 10 / 11, 1, 1, 1, 1, 1, 0.9, 1, 1];
    expect(npMean(folds)).toBe(0.9718181818181819);
    expect(npStd(folds)).toBe(0.04311238436865228);
    const [acc] = summarise(folds.map((a) => ({ Accuracy: a })), ['Accuracy']);
    expect(acc).toEqual({ metric: 'Accuracy', mean: 0.9718, std: 0.0431 });
  });

  it('rounds as numpy (half to even on the scaled value)', () => {
    expect(npRound(0.12345, 4)).toBe(0.1234); // np.round(0.12345, 4)
    expect(npRound(0.00015, 4)).toBe(0.0001); // np.round(0.00015, 4)
    expect(npRound(2.5, 0)).toBe(2);
    expect(npRound(3.5, 0)).toBe(4);
    expect(npRound(-2.5, 0)).toBe(-2);
  });

  it('summarise keeps the metric order and rounds means and stds to 4 decimals', () => {
    const out = summarise(
      [
        { Accuracy: 0.9, AUC: 1 },
        { Accuracy: 0.8, AUC: 0.5 },
      ],
      ['AUC', 'Accuracy'],
    );
    expect(out).toEqual([
      { metric: 'AUC', mean: 0.75, std: 0.25 },
      { metric: 'Accuracy', mean: 0.85, std: 0.05 },
    ]);
    expect(summarise([{ Accuracy: 1 / 3 }], ['Accuracy'])[0]).toEqual({ metric: 'Accuracy', mean: 0.3333, std: 0 });
  });
});

describe('reference leaderboards: the dummy model rebuilt from scratch on the reference folds', () => {
  // tests/fixtures/reference-splits-*.json hold scikit-learn 1.2.1's split, folds and its dummy leaderboard row
  // (DummyClassifier strategy 'prior': predicts the most frequent train class, probabilities = train priors;
  // DummyRegressor: predicts the train mean). Means and stds over the 10 folds must be scikit-learn's to the
  // bit; RMSLE may differ in the last bit (V8's log1p vs glibc's).
  interface Ref {
    task: 'classification' | 'regression';
    train_idx: number[];
    cv_folds_on_train: Array<[number[], number[]]>;
    leaderboard_dummy: Record<string, number | string>;
  }
  const alias: Record<string, string> = { Precision: 'Prec.' };

  it.each(['iris', 'breast_cancer', 'diabetes'] as const)('%s', (name) => {
    const ref = JSON.parse(readFileSync(new URL(`../fixtures/reference-splits-${name}.json`, import.meta.url), 'utf8')) as Ref;
    const { y, classes } = encodeTarget(loadBuiltinDataset(name), 'target', ref.task);
    const yTrain = Float64Array.from(ref.train_idx, (r) => y[r] as number);
    const folds: Array<Record<string, number>> = ref.cv_folds_on_train.map(([tr, va]) => {
      const yFit = Float64Array.from(tr, (p) => yTrain[p] as number);
      const yVal = Float64Array.from(va, (p) => yTrain[p] as number);
      if (!classes) return regressionScores(yVal, new Float64Array(yVal.length).fill(npMean(yFit)));
      const k = classes.length;
      const counts = new Array<number>(k).fill(0);
      for (const v of yFit) counts[v]! += 1;
      const best = counts.indexOf(Math.max(...counts));
      const proba = matrix(yVal.length, k, Float64Array.from({ length: yVal.length * k }, (_, i) => (counts[i % k] as number) / yFit.length));
      return classificationScores(yVal, new Float64Array(yVal.length).fill(best), proba, k);
    });
    const metrics = ref.task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
    for (const m of metrics) {
      const values = folds.map((f) => f[m] as number);
      const key = alias[m] ?? m;
      const [mean, std] = [ref.leaderboard_dummy[key] as number, ref.leaderboard_dummy[`${key}_std`] as number];
      if (m === 'RMSLE') {
        expect(npMean(values)).toBeCloseTo(mean, 14);
        expect(npStd(values)).toBeCloseTo(std, 14);
      } else {
        expect([m, npMean(values), npStd(values)]).toEqual([m, mean, std]);
      }
    }
    const summary = summarise(folds, metrics);
    expect(summary.map((s) => s.metric)).toEqual([...metrics]);
    for (const s of summary) expect(s.mean).toBe(npRound(ref.leaderboard_dummy[alias[s.metric] ?? s.metric] as number, 4));
  });
});
