// The analysis of a run's fitted pipeline on the holdout (Run.analysis, the contract's ModelAnalysis) as charts:
// ROC, PR, threshold (with the optimised threshold), calibration, lift and gain curves; confusion heat map,
// class report, feature-importance and SHAP bars, residuals scatter and histogram.
import { useMemo } from 'preact/hooks';
import { fmt } from '../components/ui.js';
import { metricLabel } from '../live.js';
import { ClassReport, ConfusionHeatMap, ImportanceBars, ResidualHistogram, type ModelAnalysis } from './analysis-figures.js';
import { LineChart, type Series } from './line-chart.js';

export type { ModelAnalysis } from './analysis-figures.js';

const curves = (cs: { label: string; area?: number; points: { x: number; y: number }[] }[], area: string): Series[] =>
  cs.map((c) => ({ label: c.area === undefined ? c.label : `${c.label} (${area} ${fmt(c.area, 3)})`, x: c.points.map((p) => p.x), y: c.points.map((p) => p.y) }));

/** Precision, recall, F1 and accuracy against the probability threshold, with a vertical line at the optimised one. */
function thresholdSeries(a: ModelAnalysis): Series[] {
  const t = a.thresholdCurve;
  if (t.length < 2) return [];
  const x = t.map((p) => p.threshold);
  const series: Series[] = [
    { label: 'precision', x, y: t.map((p) => p.precision) },
    { label: 'recall', x, y: t.map((p) => p.recall) },
    { label: 'F1', x, y: t.map((p) => p.f1) },
    { label: 'accuracy', x, y: t.map((p) => p.accuracy) },
  ];
  const best = a.optimizedThreshold;
  if (best) series.push({ label: `optimised ${metricLabel(best.metric)} ${fmt(best.value, 3)} at ${fmt(best.threshold, 2)}`, x: [best.threshold, best.threshold], y: [0, 1] });
  return series;
}

export function AnalysisCharts({ analysis: a }: { analysis: ModelAnalysis }) {
  const roc = useMemo(() => curves(a.rocCurves, 'AUC'), [a]);
  const pr = useMemo(() => curves(a.prCurves, 'AP'), [a]);
  const threshold = useMemo(() => thresholdSeries(a), [a]);
  const calibration = useMemo(() => a.calibrationCurves.map((c) => ({ label: c.label, x: c.meanPredicted, y: c.fractionOfPositives })), [a]);
  const lift = useMemo(() => curves(a.liftCurve, ''), [a]);
  const gain = useMemo(() => curves(a.gainCurve, ''), [a]);
  const residuals = useMemo(() => (a.residuals.length ? [{ label: 'residual', x: a.residuals.map((r) => r.predicted), y: a.residuals.map((r) => r.actual - r.predicted) }] : []), [a]);
  const permutation = a.featureImportance;
  return (
    <div class="charts">
      <p class="small holdout">
        Holdout of <code>{a.modelId}</code> ({a.modelName}): {a.holdout.map((s) => `${metricLabel(s.metric)} ${fmt(s.mean)}`).join(' · ')}
        {a.probabilityThreshold !== null && ` · probability threshold ${fmt(a.probabilityThreshold, 2)}`}
        {a.ks.length > 0 && ` · KS ${a.ks.map((k) => `${k.label} ${fmt(k.statistic, 3)}`).join(', ')}`}
        {a.predictionError && ` · predicted ≈ ${fmt(a.predictionError.slope, 3)} × actual + ${fmt(a.predictionError.intercept, 3)} (R2 ${fmt(a.predictionError.r2, 3)})`}
      </p>
      {roc.length > 0 && <LineChart title="ROC curve" xLabel="false positive rate" yLabel="true positive rate" series={roc} diagonal />}
      {pr.length > 0 && <LineChart title="Precision-recall curve" xLabel="recall" yLabel="precision" series={pr} />}
      {threshold.length > 0 && <LineChart title="Threshold curve" xLabel="probability threshold" yLabel="score" series={threshold} />}
      {calibration.length > 0 && <LineChart title="Calibration curve" xLabel="mean predicted probability" yLabel="fraction of positives" series={calibration} diagonal />}
      {a.confusionMatrix && <ConfusionHeatMap labels={a.confusionMatrix.labels} counts={a.confusionMatrix.counts} />}
      {a.classReport.length > 0 && <ClassReport rows={a.classReport} />}
      {gain.length > 0 && <LineChart title="Cumulative gain" xLabel="fraction of rows targeted" yLabel="fraction of positives caught" series={gain} diagonal />}
      {lift.length > 0 && <LineChart title="Lift curve" xLabel="fraction of rows targeted" yLabel="lift" series={lift} />}
      {residuals.length > 0 && <LineChart title="Residuals" xLabel="predicted" yLabel="actual − predicted" series={residuals} points />}
      {a.residualHistogram.length > 0 && <ResidualHistogram bins={a.residualHistogram} />}
      {permutation.length > 0 && <ImportanceBars title="Feature importance" items={permutation} />}
      {a.shapSummary && a.shapSummary.length > 0 && <ImportanceBars title="SHAP summary, mean |SHAP|" items={a.shapSummary} />}
    </div>
  );
}
