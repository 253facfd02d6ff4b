import type { ClassificationMetric } from '../types.js';
import type { Matrix } from '../core/matrix.js';
import { npSum, npWeightedAverage } from './numpy-math.js';
import { binaryRocAuc, ovrWeightedRocAuc } from './roc-auc.js';

/**
 * PyCaret 3.2's classification metrics for one fold, as scikit-learn 1.2 computes them. Labels are class
 * codes 0..nClasses-1 (nClasses = classes of the whole train part, >= 2).
 * - Accuracy.
 * - AUC: binary = roc_auc on the probability of class 1; multiclass = one-vs-rest weighted by support.
 *   0 when `proba` is null or where scikit-learn raises (one class only in yTrue; multiclass: a class of
 *   the problem missing from yTrue) — PyCaret scores those 0 (error_score).
 *   `probaClasses[j]` is the class code of proba column j (default 0..cols-1); absent classes get 0.
 * - Recall / Precision / F1: binary -> pos_label 1; multiclass -> average 'weighted' over the labels present
 *   in yTrue or yPred; zero_division 0.
 * - Kappa (Cohen's, unweighted), MCC (multiclass form, 0 when undefined). Kappa is 0 where scikit-learn
 *   gives NaN (one single label everywhere), so that scores stay finite.
 */
export function classificationScores(
  yTrue: Float64Array,
  yPred: Float64Array,
  proba: Matrix | null,
  nClasses: number,
  probaClasses?: Float64Array,
): Record<ClassificationMetric, number> {
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`yTrue has ${n} labels but yPred has ${yPred.length}`);
  if (proba && proba.rows !== n) throw new RangeError(`yTrue has ${n} labels but proba has ${proba.rows} rows`);
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new RangeError(`nClasses must be an integer >= 2 (got ${nClasses})`);
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    if (!(Number.isInteger(t) && t >= 0 && t < nClasses && Number.isInteger(p) && p >= 0 && p < nClasses))
      throw new RangeError(`labels must be class codes 0..${nClasses - 1} (row ${i}: true ${t}, predicted ${p})`);
  }

  // confusion[t * k + p]
  const k = nClasses;
  const confusion = new Float64Array(k * k);
  for (let i = 0; i < n; i++) confusion[(yTrue[i] as number) * k + (yPred[i] as number)]! += 1;
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  let correct = 0;
  for (let t = 0; t < k; t++)
    for (let p = 0; p < k; p++) {
      const c = confusion[t * k + p] as number;
      trueSum[t]! += c;
      predSum[p]! += c;
      if (t === p) correct += c;
    }
  // scikit-learn works on the labels present in yTrue or yPred (sorted): the order matters for its sums.
  const present: number[] = [];
  for (let c = 0; c < k; c++) if ((trueSum[c] as number) > 0 || (predSum[c] as number) > 0) present.push(c);

  const accuracy = n === 0 ? 0 : correct / n;
  let recall: number;
  let precision: number;
  let f1: number;
  if (k === 2) {
    const tp = confusion[3] as number;
    precision = divideOrZero(tp, predSum[1] as number);
    recall = divideOrZero(tp, trueSum[1] as number);
    f1 = fScore(precision, recall);
  } else {
    const m = present.length;
    const p = new Float64Array(m);
    const r = new Float64Array(m);
    const f = new Float64Array(m);
    const w = new Float64Array(m);
    present.forEach((c, j) => {
      const tp = confusion[c * k + c] as number;
      p[j] = divideOrZero(tp, predSum[c] as number);
      r[j] = divideOrZero(tp, trueSum[c] as number);
      f[j] = fScore(p[j] as number, r[j] as number);
      w[j] = trueSum[c] as number;
    });
    const weight = npSum(w);
    precision = weight === 0 ? 0 : npWeightedAverage(p, w);
    recall = weight === 0 ? 0 : npWeightedAverage(r, w);
    f1 = weight === 0 ? 0 : npWeightedAverage(f, w);
  }

  return {
    Accuracy: accuracy,
    AUC: auc(yTrue, proba, k, probaClasses),
    Recall: recall,
    Precision: precision,
    F1: f1,
    Kappa: cohenKappa(confusion, trueSum, predSum, present, k),
    MCC: matthews(trueSum, predSum, correct, n),
  };
}

function divideOrZero(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** F1 as scikit-learn: (1 + beta²) * P * R / (beta² * P + R), 0 when P + R = 0. */
function fScore(precision: number, recall: number): number {
  const denom = precision + recall;
  return denom === 0 ? 0 : (2 * precision * recall) / denom;
}

/** cohen_kappa_score: 1 - sum(off-diagonal observed) / sum(off-diagonal expected). */
function cohenKappa(confusion: Float64Array, trueSum: Float64Array, predSum: Float64Array, present: number[], k: number): number {
  const m = present.length;
  const observed = new Float64Array(m * m);
  const expected = new Float64Array(m * m);
  let total = 0;
  for (const c of present) total += predSum[c] as number;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const a = present[i] as number;
      const b = present[j] as number;
      observed[i * m + j] = confusion[a * k + b] as number;
      // expected = outer(sum over axis 0 (predicted), sum over axis 1 (true)) / total
      expected[i * m + j] = ((predSum[a] as number) * (trueSum[b] as number)) / total;
    }
  const denom = npSum(expected);
  if (denom === 0) return 0;
  return 1 - npSum(observed) / denom;
}

/** matthews_corrcoef (multiclass): cov(yt, yp) / sqrt(cov(yt, yt) * cov(yp, yp)); 0 when undefined. */
function matthews(trueSum: Float64Array, predSum: Float64Array, correct: number, n: number): number {
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let c = 0; c < trueSum.length; c++) {
    tp += (trueSum[c] as number) * (predSum[c] as number);
    pp += (predSum[c] as number) * (predSum[c] as number);
    tt += (trueSum[c] as number) * (trueSum[c] as number);
  }
  const covTP = correct * n - tp;
  const covPP = n * n - pp;
  const covTT = n * n - tt;
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}

function auc(yTrue: Float64Array, proba: Matrix | null, k: number, probaClasses?: Float64Array): number {
  if (!proba) return 0;
  const n = yTrue.length;
  const full = new Float64Array(n * k);
  const cols = proba.cols;
  for (let j = 0; j < cols; j++) {
    const c = probaClasses ? (probaClasses[j] as number) : j;
    if (!(Number.isInteger(c) && c >= 0 && c < k)) throw new RangeError(`proba column ${j} belongs to class ${c}, not a code 0..${k - 1}`);
    for (let i = 0; i < n; i++) full[i * k + c] = proba.data[i * cols + j] as number;
  }
  if (k === 2) {
    const isPositive = new Uint8Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      isPositive[i] = yTrue[i] === 1 ? 1 : 0;
      score[i] = full[i * 2 + 1] as number;
    }
    return binaryRocAuc(isPositive, score);
  }
  return ovrWeightedRocAuc(yTrue, full, k);
}
