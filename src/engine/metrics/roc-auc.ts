import { npSum, npWeightedAverage } from './numpy-math.js';

// ROC AUC as scikit-learn 1.2 computes it: roc_curve over the distinct score thresholds (ties form one
// point), collinear points dropped (drop_intermediate), (0, 0) prepended, then the trapezoid rule.
// Undefined cases, where scikit-learn raises and PyCaret's scorer records error_score 0, return 0.

/** roc_auc_score(isPositive, score) for one binary problem; 0 when only one class is present. */
export function binaryRocAuc(isPositive: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = score.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (isPositive[i]) positives++;
  if (positives === 0 || positives === n) return 0;

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (score[b] as number) - (score[a] as number));
  // One curve point at the last row of each run of equal scores (descending).
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (isPositive[i]) tp++;
    if (k === n - 1 || score[order[k + 1] as number] !== score[i]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
    }
  }
  // drop_intermediate: keep the ends and every point where the curve changes slope.
  const keptT: number[] = [0];
  const keptF: number[] = [0];
  const m = tps.length;
  for (let k = 0; k < m; k++) {
    const keep =
      m <= 2 ||
      k === 0 ||
      k === m - 1 ||
      (fps[k + 1] as number) - (fps[k] as number) - ((fps[k] as number) - (fps[k - 1] as number)) !== 0 ||
      (tps[k + 1] as number) - (tps[k] as number) - ((tps[k] as number) - (tps[k - 1] as number)) !== 0;
    if (keep) {
      keptT.push(tps[k] as number);
      keptF.push(fps[k] as number);
    }
  }
  const lastT = keptT[keptT.length - 1] as number;
  const lastF = keptF[keptF.length - 1] as number;
  const terms = new Float64Array(keptT.length - 1);
  for (let k = 0; k + 1 < keptT.length; k++) {
    const dx = (keptF[k + 1] as number) / lastF - (keptF[k] as number) / lastF;
    terms[k] = (dx * ((keptT[k + 1] as number) / lastT + (keptT[k] as number) / lastT)) / 2.0;
  }
  return npSum(terms);
}

/**
 * roc_auc_score(y, proba, multi_class='ovr', average='weighted'): per class, the AUC of that class against
 * the rest, averaged with the class supports as weights. `proba` is row-major n × nClasses. Returns 0 where
 * scikit-learn raises: a class of the problem absent from y, or probability rows not summing to 1.
 */
export function ovrWeightedRocAuc(y: ArrayLike<number>, proba: Float64Array, nClasses: number): number {
  const n = y.length;
  const support = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) support[y[i] as number]! += 1;
  if (support.some((s) => s === 0)) return 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < nClasses; c++) s += proba[i * nClasses + c] as number;
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) return 0;
  }
  const scores = new Float64Array(nClasses);
  const isPositive = new Uint8Array(n);
  const column = new Float64Array(n);
  for (let c = 0; c < nClasses; c++) {
    for (let i = 0; i < n; i++) {
      isPositive[i] = y[i] === c ? 1 : 0;
      column[i] = proba[i * nClasses + c] as number;
    }
    scores[c] = binaryRocAuc(isPositive, column);
  }
  return npWeightedAverage(scores, support);
}
