import type { MetricName, TaskType } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import type { FoldMatrices } from './fold-data.js';
import { scoreEstimator } from './scoring.js';
import { onOriginalScale, TargetTransform } from '../preprocessing/target-transform.js';

export type FoldOutcome =
  | { ok: true; metrics: Record<MetricName, number>; fitSeconds: number }
  | { ok: false; error: string };

export function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Fits one model on one fold's train matrix and scores it on the fold's validation part. Never throws. */
export function runFoldTask(spec: ModelSpec, params: Params, fold: FoldMatrices, task: TaskType, nClasses: number, probabilityThreshold?: number): FoldOutcome {
  try {
    const est = spec.create(params);
    const t0 = performance.now();
    est.fit(fold.X, fold.y, { cache: fold.cache });
    const fitSeconds = (performance.now() - t0) / 1000;
    const scored = onOriginalScale(est, fold.target ? TargetTransform.fromJSON(fold.target) : null);
    const metrics = scoreEstimator(scored, fold.Xv, fold.yv, task, nClasses, probabilityThreshold);
    return { ok: true, metrics, fitSeconds };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}
