import type { MetricName, PlanResult } from '../types.js';
import type { Params } from '../core/estimator.js';
import type { Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { memberSpec, runMetaModel } from './meta-run.js';

export interface EnsembleOptions {
  modelParams?: Params;
  method: 'BAGGING' | 'BOOSTING';
  nEstimators: number;
  chooseBetter: boolean;
  sort: MetricName;
}

/** PyCaret's ensemble_model: Bagging or AdaBoost over copies of one model; chooseBetter returns the model itself when it scores better. */
export function ensembleModel(exp: Experiment, modelId: string, o: EnsembleOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const estimator = memberSpec(exp, { modelId, modelParams: o.modelParams });
  const spec = exp.registry.pipelineSpec(exp.task, o.method === 'BAGGING' ? 'bagging' : 'boosting');
  const params = { estimator, nEstimators: o.nEstimators, randomState: exp.setup.sessionId };
  const base = exp.registry.get(exp.task, modelId);
  const alternative = o.chooseBetter ? { spec: base, params: estimator.params ?? {} } : undefined;
  return runMetaModel(exp, spec, params, factory, { verb: 'ensemble', sort: o.sort, alternative, extra: { method: o.method, nEstimators: o.nEstimators, baseModel: base.id } });
}
