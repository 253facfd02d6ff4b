import type { EngineLogger, PlanRequest, PlanResult } from '../types.js';
import type { Frame } from '../frame/frame.js';
import { MODEL_REGISTRY, type ModelRegistry } from '../models/registry.js';
import { blendModels } from './blend.js';
import { calibrateModel } from './calibrate.js';
import { compareModels } from './compare.js';
import { ensembleModel } from './ensemble.js';
import { stackModels } from './stack.js';
import { createModel } from './create.js';
import type { Experiment } from './experiment.js';
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
  /** With req.threads > 1: permutation importance on an idle worker too (Experiment.permutationHelper). */
  permutationHelper?: Experiment['permutationHelper'];
  /** The rows of setupParams.testData, the holdout (loaded by the caller). */
  testFrame?: Frame;
}

/** Runs setup, then the plan's verb. Events go synchronously through logger; the signal is honoured between folds and models. */
export async function runPlan(frame: Frame, request: PlanRequest, logger: EngineLogger, signal?: AbortSignal, o: RunPlanOptions = {}): Promise<PlanResult> {
  const registry = o.registry ?? MODEL_REGISTRY;
  const req = validatePlanRequest(request, frame.names(), registry);
  const exp = setupExperiment(frame, req, { logger, signal, registry, ...(o.testFrame ? { testFrame: o.testFrame } : {}), ...(o.permutationHelper ? { permutationHelper: o.permutationHelper } : {}) });
  const threads = req.threads ?? 1;
  const factory = threads > 1 && o.parallel ? o.parallel(threads) : serialRunner;
  if (req.plan === 'setup' || signal?.aborted) {
    return planResult(exp, { leaderboard: null, best: null, pipeline: null, holdout: null, cancelled: signal?.aborted === true });
  }
  const p = req.params;
  const sort = p.optimize ?? p.sort ?? defaultSortMetric(req.task);
  switch (req.plan) {
    case 'create':
      return createModel(exp, req.modelId as string, p.modelParams, factory);
    case 'compare':
      return compareModels(exp, { include: p.include, exclude: p.exclude, sort: p.sort ?? defaultSortMetric(req.task), nSelect: p.nSelect ?? 1, turbo: p.turbo ?? true, budgetSeconds: p.budgetSeconds }, factory);
    case 'tune':
      return tuneModel(
        exp,
        req.modelId as string,
        {
          nIter: p.nIter ?? 10,
          optimize: p.optimize ?? defaultSortMetric(req.task),
          searchSpace: p.searchSpace,
          modelParams: p.modelParams,
          library: p.library ?? 'random',
          earlyStopping: p.earlyStopping ?? false,
          chooseBetter: p.chooseBetter ?? true,
          customGrid: p.customGrid,
        },
        factory,
      );
    case 'blend':
      return blendModels(exp, { estimators: p.estimators ?? [], method: (p.method ?? 'auto') as 'soft' | 'hard' | 'auto', weights: p.weights, sort }, factory);
    case 'stack':
      return stackModels(
        exp,
        { estimators: p.estimators ?? [], metaModel: p.metaModel ?? { modelId: 'lr' }, metaModelFold: p.metaModelFold ?? 5, method: (p.method ?? 'auto') as 'auto', restack: p.restack ?? false, sort },
        factory,
      );
    case 'ensemble':
      return ensembleModel(exp, req.modelId as string, { modelParams: p.modelParams, method: (p.method ?? 'BAGGING') as 'BAGGING' | 'BOOSTING', nEstimators: p.nEstimators ?? 10, chooseBetter: p.chooseBetter ?? false, sort }, factory);
    case 'calibrate':
      return calibrateModel(exp, req.modelId as string, { modelParams: p.modelParams, method: (p.method ?? 'sigmoid') as 'sigmoid' | 'isotonic', calibrateFold: p.calibrateFold ?? 5, sort }, factory);
  }
}
