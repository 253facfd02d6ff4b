// The worker side of a permutation-importance helper (protocol.ts PermuteInit).
import type { Estimator } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { classificationScores } from '../metrics/classification.js';
import { regressionScores } from '../metrics/regression.js';
import { MODEL_REGISTRY } from '../models/registry.js';
import { onOriginalScale, TargetTransform } from '../preprocessing/target-transform.js';
import { permutedColumnScores } from '../experiment/holdout-permutation.js';
import { classProbabilities, predictWithThreshold } from '../experiment/scoring.js';
import type { PermuteInit } from './protocol.js';

/** How a PermuteInit's predictions are made and scored: as pipeline-analysis.ts does on the main thread. */
export function permutationScorers(task: PermuteInit['task'], est: Estimator, nClasses: number, threshold: number | undefined, yp: Float64Array): { predict: (X: Matrix) => Float64Array; score: (p: Float64Array) => number } {
  const predict = (X: Matrix): Float64Array => (task === 'regression' ? est.predict(X) : predictWithThreshold(est, X, threshold !== undefined ? classProbabilities(est, X, nClasses) : null, threshold));
  const score = (pred: Float64Array): number => (task === 'regression' ? regressionScores(yp, pred).R2 : classificationScores(yp, pred, null, nClasses).Accuracy);
  return { predict, score };
}

export function runPermute(m: PermuteInit): void {
  const n = m.blocks.length;
  const repeats = m.orders.length;
  let est: Estimator;
  try {
    const fitted = MODEL_REGISTRY.pipelineSpec(m.task, m.modelId).revive(m.estimator);
    est = onOriginalScale(fitted, m.target ? TargetTransform.fromJSON(m.target) : null);
  } catch {
    // nothing claimed: the main thread scores every column
    Atomics.store(m.status, 0, 2);
    Atomics.notify(m.status, 0);
    return;
  }
  Atomics.store(m.status, 0, 1);
  Atomics.notify(m.status, 0);
  const { predict, score } = permutationScorers(m.task, est, m.nClasses, m.probabilityThreshold ?? undefined, m.yp);
  const src = { E: m.E, blocks: m.blocks, columns: m.blocks.map(String), toModel: (E: Matrix) => E };
  for (;;) {
    const c = Atomics.add(m.claim, 0, 1);
    if (c >= n) break;
    let ok = 1;
    try {
      const s = permutedColumnScores(src, c, m.orders, m.base, predict, score);
      for (let r = 0; r < repeats; r++) m.scores[c * repeats + r] = s[r] as number;
    } catch {
      ok = 2;
    }
    Atomics.store(m.state, c, ok);
    Atomics.notify(m.state, c);
  }
}
