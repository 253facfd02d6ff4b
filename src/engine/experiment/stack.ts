import type { MemberParam, MetricName, PlanResult } from '../types.js';
import type { Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { memberSpec, runMetaModel } from './meta-run.js';

export interface StackOptions {
  estimators: ReadonlyArray<string | MemberParam>;
  metaModel: string | MemberParam;
  metaModelFold: number;
  method: 'auto' | 'predict_proba' | 'decision_function' | 'predict';
  restack: boolean;
  sort: MetricName;
}

const STACK_METHOD = { auto: 'auto', predict_proba: 'predictProba', decision_function: 'decisionFunction', predict: 'predict' } as const;

/** PyCaret's stack_models: a StackingClassifier / StackingRegressor (meta model on out-of-fold member outputs). */
export function stackModels(exp: Experiment, o: StackOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const estimators = o.estimators.map((m) => memberSpec(exp, m));
  const finalEstimator = memberSpec(exp, o.metaModel);
  const spec = exp.registry.pipelineSpec(exp.task, 'stacking');
  const params = { estimators, finalEstimator, cv: o.metaModelFold, stackMethod: STACK_METHOD[o.method], passthrough: o.restack };
  return runMetaModel(exp, spec, params, factory, { verb: 'stack', sort: o.sort, extra: { members: estimators.map((m) => m.modelId), metaModel: finalEstimator.modelId } });
}
