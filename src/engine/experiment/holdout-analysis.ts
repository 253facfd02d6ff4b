import type { MetricName } from '../types.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Experiment } from './experiment.js';
import { round4 } from './metric-names.js';
import { analysePipeline } from './pipeline-analysis.js';
import { scoreHoldout } from './train-fit.js';

/**
 * The step every verb takes after fitting a pipeline on the train part: scores it on the test part
 * (model.holdout.scored) and, unless the plan turned analysis off, computes its holdout analysis between
 * analysis.started and analysis.finished, appending it to exp.analyses (the first pipeline's holdout
 * predictions go to exp.holdoutPredictions). planResult hands both to the PlanResult. Null when there is no test part.
 */
export function scoreHoldoutAndAnalyse(exp: Experiment, pipeline: Pipeline, fitSeconds: number): Partial<Record<MetricName, number>> | null {
  const holdout = scoreHoldout(exp, pipeline, fitSeconds);
  if (holdout === null || !exp.analysisOptions.enabled) return holdout;
  exp.logger.emit({ kind: 'analysis.started', message: `analysing ${pipeline.modelName} on the test part (${exp.test.length} rows)`, payload: { modelId: pipeline.modelId, modelName: pipeline.modelName, testRows: exp.test.length } });
  const t0 = performance.now();
  const { analysis, predictions } = analysePipeline(exp, pipeline);
  exp.analyses.push(analysis);
  exp.holdoutPredictions ??= predictions;
  const seconds = (performance.now() - t0) / 1000;
  exp.logger.emit({
    kind: 'analysis.finished',
    message: `${pipeline.modelName} analysed in ${seconds.toFixed(2)} s`,
    durationMs: seconds * 1000,
    payload: { modelId: pipeline.modelId, modelName: pipeline.modelName, seconds: round4(seconds), shap: analysis.shapSummary !== null, learningCurve: analysis.learningCurve !== null },
  });
  return holdout;
}
