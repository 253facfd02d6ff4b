// What the BLEND, STACK, ENSEMBLE and CALIBRATE plans share: a meta model cross-validated like any model (same
// folds, per-fold events), optionally next to the model it is built from (choose_better), then refitted on the
// train part and scored on the test part with the same holdout scoring as create / compare / tune.
import type { MemberParam, MetricName, PlanResult } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import type { MemberSpec } from '../ensemble/members.js';
import { ModelFailedError } from './create.js';
import { crossValidateModels } from './cross-validate-models.js';
import { aborted, type Experiment } from './experiment.js';
import type { FoldRunnerFactory, ModelJob } from './fold-runner.js';
import { buildLeaderboard } from './leaderboard.js';
import { modelParams, summariseRun } from './model-run.js';
import { planResult } from './result.js';
import { scoreHoldoutAndAnalyse } from './holdout-analysis.js';
import { fitOnTrain } from './train-fit.js';

/** A member with the experiment's params (the session seed as randomState where the model takes one). */
export function memberSpec(exp: Experiment, given: string | MemberParam): MemberSpec {
  const m = typeof given === 'string' ? { modelId: given } : given;
  const spec = exp.registry.get(exp.task, m.modelId);
  return { modelId: spec.id, params: modelParams(exp, spec, m.modelParams) };
}

export interface MetaRunOptions {
  /** The verb, for the events (blend, stack, ensemble, calibrate). */
  verb: string;
  sort: MetricName;
  /** choose_better: this job is cross-validated too, and returned instead when it scores better. */
  alternative?: ModelJob;
  extra?: Record<string, unknown>;
}

export async function runMetaModel(exp: Experiment, spec: ModelSpec, params: Params, factory: FoldRunnerFactory, o: MetaRunOptions): Promise<PlanResult> {
  exp.logger.emit({
    kind: `model.${o.verb}.started`,
    message: `${o.verb}: ${spec.name} with ${exp.folds.length}-fold CV`,
    payload: { verb: o.verb, modelId: spec.id, modelName: spec.name, params, k: exp.folds.length, chooseBetter: o.alternative ? o.alternative.spec.id : null },
  });
  const jobs: ModelJob[] = [{ spec, params }, ...(o.alternative ? [o.alternative] : [])];
  const { runs, cancelled } = await crossValidateModels(exp, jobs, factory);
  for (const run of runs) if (run.failed) throw new ModelFailedError(`${run.spec.name} (${run.spec.id}) failed on fold ${run.failed.fold}: ${run.failed.error}`);
  const finished = runs.filter((r) => !r.cancelled);
  const { leaderboard, ordered } = buildLeaderboard(exp, finished, o.sort);
  const meta = finished[0];
  if (!meta || cancelled || aborted(exp)) return planResult(exp, { leaderboard, best: null, pipeline: null, holdout: null, cancelled: true, extra: o.extra });
  const chosen = o.alternative ? (ordered[0] ?? meta) : meta;
  const summary = summariseRun(exp, chosen);
  if (chosen !== meta)
    exp.logger.emit({ kind: 'warning', message: `${chosen.spec.name} scores better than the ${o.verb} model: it is returned (chooseBetter)`, payload: { code: 'ORIGINAL_BETTER', sort: o.sort } });
  exp.logger.emit({
    kind: `model.${o.verb}.finished`,
    message: `${o.verb}: ${chosen.spec.name} ${o.sort} ${summary.means[o.sort] ?? 'n/a'}`,
    payload: { verb: o.verb, modelId: chosen.spec.id, modelName: chosen.spec.name, sort: o.sort, means: summary.means, stds: summary.stds },
  });
  const { pipeline, fitSeconds } = fitOnTrain(exp, chosen.spec, chosen.params);
  const holdout = scoreHoldoutAndAnalyse(exp, pipeline, fitSeconds);
  return planResult(exp, { leaderboard, best: chosen.spec.id, pipeline, holdout, cancelled: false, extra: { ...o.extra, chosen: chosen.spec.id, cvFitSeconds: summary.fitSeconds } });
}
