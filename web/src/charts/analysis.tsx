// The analysis of a run's fitted pipeline on the holdout (the contract's ModelAnalysis) as charts:
// ROC and PR curves, threshold curve, confusion-matrix heat map, feature-importance bars, residuals scatter.
import { useMemo } from 'preact/hooks';
import { fmt } from '../components/ui.js';
import { LineChart } from './line-chart.js';

export interface CurvePoint { x: number; y: number; threshold?: number | null }
export interface Curve { label: string; area: number; points: CurvePoint[] }
export interface ModelAnalysis {
  modelId: string;
  holdout: { metric: string; mean: number; std: number }[];
  confusionMatrix?: { labels: string[]; counts: number[][] } | null;
  rocCurves: Curve[];
  prCurves: Curve[];
  residuals: { actual: number; predicted: number }[];
  featureImportance: { feature: string; importance: number; std: number; method: string }[];
}

export function ConfusionHeatMap({ labels, counts }: { labels: string[]; counts: number[][] }) {
  const max = Math.max(1, ...counts.flat());
  return (
    <figure class="heatmap">
      <figcaption>Confusion matrix (rows: actual, columns: predicted)</figcaption>
      <table>
        <thead>
          <tr><th />{labels.map((l) => <th key={l} scope="col">{l}</th>)}</tr>
        </thead>
        <tbody>
          {counts.map((row, i) => (
            <tr key={i}>
              <th scope="row">{labels[i]}</th>
              {row.map((n, j) => (
                <td key={j} style={{ background: `rgba(37, 99, 235, ${(n / max).toFixed(3)})`, color: n / max > 0.55 ? '#fff' : '#111' }}>{n}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function ImportanceBars({ items }: { items: ModelAnalysis['featureImportance'] }) {
  const top = items.slice(0, 20);
  const max = Math.max(1e-12, ...top.map((f) => Math.abs(f.importance)));
  return (
    <figure class="bars">
      <figcaption>Feature importance{top[0] ? ` (${top[0].method})` : ''}</figcaption>
      {top.map((f) => (
        <div class="bar-row" key={f.feature}>
          <span class="bar-label">{f.feature}</span>
          <span class="bar" style={{ width: `${(Math.abs(f.importance) / max) * 100}%` }} />
          <span class="bar-value">{fmt(f.importance)} ± {fmt(f.std, 3)}</span>
        </div>
      ))}
    </figure>
  );
}

export function AnalysisCharts({ analysis }: { analysis: ModelAnalysis }) {
  const roc = useMemo(() => analysis.rocCurves.map((c) => ({ label: `${c.label} (AUC ${fmt(c.area, 3)})`, x: c.points.map((p) => p.x), y: c.points.map((p) => p.y) })), [analysis]);
  const pr = useMemo(() => analysis.prCurves.map((c) => ({ label: `${c.label} (AP ${fmt(c.area, 3)})`, x: c.points.map((p) => p.x), y: c.points.map((p) => p.y) })), [analysis]);
  // Threshold curve of the first ROC curve: TPR and FPR against the decision threshold.
  const threshold = useMemo(() => {
    const c = analysis.rocCurves[0];
    if (!c) return [];
    const pts = c.points.filter((p) => typeof p.threshold === 'number' && Number.isFinite(p.threshold));
    return [
      { label: 'TPR', x: pts.map((p) => p.threshold as number), y: pts.map((p) => p.y) },
      { label: 'FPR', x: pts.map((p) => p.threshold as number), y: pts.map((p) => p.x) },
    ];
  }, [analysis]);
  const residuals = useMemo(() => (analysis.residuals.length ? [{ label: 'residual', x: analysis.residuals.map((r) => r.predicted), y: analysis.residuals.map((r) => r.actual - r.predicted) }] : []), [analysis]);
  return (
    <div class="charts">
      <p class="small holdout">
        Holdout of <code>{analysis.modelId}</code>: {analysis.holdout.map((s) => `${s.metric} ${fmt(s.mean)}`).join(' · ')}
      </p>
      {roc.length > 0 && <LineChart title="ROC curve" xLabel="false positive rate" yLabel="true positive rate" series={roc} diagonal />}
      {pr.length > 0 && <LineChart title="Precision-recall curve" xLabel="recall" yLabel="precision" series={pr} />}
      {threshold.length > 0 && threshold[0]!.x.length > 1 && <LineChart title="Threshold curve" xLabel="threshold" yLabel="rate" series={threshold} />}
      {analysis.confusionMatrix && <ConfusionHeatMap labels={analysis.confusionMatrix.labels} counts={analysis.confusionMatrix.counts} />}
      {residuals.length > 0 && <LineChart title="Residuals" xLabel="predicted" yLabel="actual − predicted" series={residuals} points />}
      {analysis.featureImportance.length > 0 && <ImportanceBars items={analysis.featureImportance} />}
    </div>
  );
}
