import type { EngineLogger, PlanRequest, PlanResult } from '../types.js';
import type { Frame } from '../frame/frame.js';
import { MODEL_REGISTRY, type ModelRegistry } from '../models/registry.js';
import { compareModels } from './compare.js';
import { createModel } from './create.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { defaultSortMetric } from './metric-names.js';
import { planResult } from './result.js';
import { setupExperiment } from './setup.js';
import { tuneModel } from './tune.js';
import { validatePlanRequest } from './validate-plan.js';

export interface RunPlanOptions {
  registry?: ModelRegistry;
  /** How fold outcomes are computed when req.threads > 1 (the worker pool); serial otherwise. */
  parallel?: (threads: number) => FoldRunnerFactory;
}

/** Runs setup, then the plan's verb. Events go synchronously through logger; the signal is honoured between folds and models. */
export async function runPlan(frame: Frame, request: PlanRequest, logger: EngineLogger, signal?: AbortSignal, o: RunPlanOptions = {}): Promise<PlanResult> {
  const registry = o.registry ?? MODEL_REGISTRY;
  const req = validatePlanRequest(request, frame.names(), registry);
  const exp = setupExperiment(frame, req, { logger, signal, registry });
  const threads = req.threads ?? 1;
  const factory = threads > 1 && o.parallel ? o.parallel(threads) : serialRunner;
  if (req.plan === 'setup' || signal?.aborted) {
    return planResult(exp, { leaderboard: null, best: null, pipeline: null, holdout: null, cancelled: signal?.aborted === true });
  }
  const p = req.params;
  switch (req.plan) {
    case 'create':
      return createModel(exp, req.modelId as string, p.modelParams, factory);
    case 'compare':
      return compareModels(exp, { include: p.include, exclude: p.exclude, sort: p.sort ?? defaultSortMetric(req.task), nSelect: p.nSelect ?? 1, turbo: p.turbo ?? true, budgetSeconds: p.budgetSeconds }, factory);
    case 'tune':
      return tuneModel(exp, req.modelId as string, { nIter: p.nIter ?? 10, optimize: p.optimize ?? defaultSortMetric(req.task), searchSpace: p.searchSpace, modelParams: p.modelParams }, factory);
  }
}
