// Test-only stand-in for the engine's runPlan, used when a test enqueues a run with a FakePlanSpec:
// it lets the queue → worker → sink → subscription path be exercised with an exact event count.
import type { EngineLogger, PlanRequest, PlanResult } from '../engine/index.js';
import type { FakePlanSpec } from './worker-protocol.js';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose: training is CPU-bound
  }
}

export async function runFakePlan(
  spec: FakePlanSpec,
  req: PlanRequest,
  logger: EngineLogger,
  signal: AbortSignal,
): Promise<PlanResult> {
  logger.emit({ kind: 'experiment.started', message: 'fake plan', payload: { plan: req.plan } });
  let done = 0;
  for (; done < spec.events; done++) {
    if (signal.aborted) break;
    if (spec.spinMs) spin(spec.spinMs);
    logger.emit({ kind: 'model.fold.scored', payload: { model: 'fake', fold: done, k: spec.events } });
    if (spec.fail && done === Math.floor(spec.events / 2)) throw new Error(spec.fail);
  }
  logger.emit({ kind: 'experiment.fitted', payload: { folds: done } });
  const metric = req.task === 'classification' ? 'Accuracy' : 'R2';
  return {
    leaderboard: {
      sortMetric: metric,
      rows: [{ rank: 1, modelId: 'fake', modelName: 'Fake Model', scores: [{ metric, mean: 0.5, std: 0 }], fitSeconds: 0 }],
    },
    summary: { rows: 0, best: 'fake' },
    holdout: null,
    pipeline: {
      format: 'caretql.pipeline',
      version: 1,
      task: req.task,
      target: req.target,
      modelId: 'fake',
      modelName: 'Fake Model',
    },
    cancelled: signal.aborted,
  };
}
