import type { MetricName, PlanResult } from '../types.js';
import type { Params } from '../core/estimator.js';
import type { Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { memberSpec, runMetaModel } from './meta-run.js';

export interface CalibrateOptions {
  modelParams?: Params;
  method: 'sigmoid' | 'isotonic';
  calibrateFold: number;
  sort: MetricName;
}

/** PyCaret's calibrate_model: CalibratedClassifierCV (one calibrated copy per internal fold, probabilities averaged). */
export function calibrateModel(exp: Experiment, modelId: string, o: CalibrateOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const estimator = memberSpec(exp, { modelId, modelParams: o.modelParams });
  const spec = exp.registry.pipelineSpec(exp.task, 'calibrated');
  const params = { estimator, method: o.method, cv: o.calibrateFold };
  return runMetaModel(exp, spec, params, factory, { verb: 'calibrate', sort: o.sort, extra: { method: o.method, calibrateFold: o.calibrateFold, baseModel: estimator.modelId } });
}
