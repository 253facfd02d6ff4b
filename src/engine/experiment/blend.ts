import type { MemberParam, MetricName, PlanResult } from '../types.js';
import type { Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { memberSpec, runMetaModel } from './meta-run.js';

export interface BlendOptions {
  estimators: ReadonlyArray<string | MemberParam>;
  method: 'soft' | 'hard' | 'auto';
  weights?: number[];
  sort: MetricName;
}

/** PyCaret's blend_models: a VotingClassifier (soft when every member has probabilities, under auto) / VotingRegressor. */
export function blendModels(exp: Experiment, o: BlendOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const estimators = o.estimators.map((m) => memberSpec(exp, m));
  const spec = exp.registry.pipelineSpec(exp.task, 'voting');
  const params = exp.task === 'classification' ? { estimators, voting: o.method, weights: o.weights ?? null } : { estimators, weights: o.weights ?? null };
  return runMetaModel(exp, spec, params, factory, { verb: 'blend', sort: o.sort, extra: { members: estimators.map((m) => m.modelId), method: o.method } });
}
