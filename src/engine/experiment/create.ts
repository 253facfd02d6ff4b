import type { PlanResult } from '../types.js';
import type { Params } from '../core/estimator.js';
import { aborted, type Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { buildLeaderboard } from './leaderboard.js';
import { defaultSortMetric } from './metric-names.js';
import { modelParams, summariseRun } from './model-run.js';
import { planResult } from './result.js';
import { crossValidateModels } from './cross-validate-models.js';
import { fitOnTrain, scoreHoldout } from './train-fit.js';

/** A model that throws during create (or tune) fails the plan: there is nothing else to return. */
export class ModelFailedError extends Error {
  override readonly name = 'ModelFailedError';
}

/**
 * PyCaret's create_model: CV on the train part (fold preprocessing fitted per fold), then refit on the
 * whole train part and score the test part. With a pool runner the folds are fitted in parallel.
 */
export async function createModel(exp: Experiment, modelId: string, userParams?: Params, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const spec = exp.registry.get(exp.task, modelId);
  const params = modelParams(exp, spec, userParams);
  const { runs, cancelled } = await crossValidateModels(exp, [{ spec, params }], factory);
  const run = runs[0];
  if (run?.failed) throw new ModelFailedError(`${spec.name} (${spec.id}) failed on fold ${run.failed.fold}: ${run.failed.error}`);
  if (!run || cancelled) return planResult(exp, { leaderboard: { sortMetric: defaultSortMetric(exp.task), rows: [] }, best: null, pipeline: null, holdout: null, cancelled: true });
  const { leaderboard } = buildLeaderboard(exp, [run], defaultSortMetric(exp.task));
  if (aborted(exp)) return planResult(exp, { leaderboard, best: spec.id, pipeline: null, holdout: null, cancelled: true });
  const { pipeline, fitSeconds } = fitOnTrain(exp, spec, params);
  const holdout = scoreHoldout(exp, pipeline, fitSeconds);
  return planResult(exp, { leaderboard, best: spec.id, pipeline, holdout, cancelled: false, extra: { params, cvFitSeconds: summariseRun(exp, run).fitSeconds } });
}
