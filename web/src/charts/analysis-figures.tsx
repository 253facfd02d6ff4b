// The analysis parts that are tables or bars rather than curves: confusion-matrix heat map, class report,
// feature-importance (and SHAP) bars, residual histogram.
import { fmt } from '../components/ui.js';
import type { RunAnalysisQuery } from '../gql/graphql.js';

export type ModelAnalysis = NonNullable<NonNullable<RunAnalysisQuery['run']>['analysis']>;

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

export function ClassReport({ rows }: { rows: ModelAnalysis['classReport'] }) {
  return (
    <figure class="class-report">
      <figcaption>Class report (holdout)</figcaption>
      <table>
        <thead>
          <tr><th scope="col">Class</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">F1</th><th scope="col">Support</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}><th scope="row">{r.label}</th><td>{fmt(r.precision)}</td><td>{fmt(r.recall)}</td><td>{fmt(r.f1)}</td><td>{r.support}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function ImportanceBars({ title, items }: { title: string; items: ModelAnalysis['featureImportance'] }) {
  const top = items.slice(0, 20);
  const max = Math.max(1e-12, ...top.map((f) => Math.abs(f.importance)));
  return (
    <figure class="bars">
      <figcaption>{title}{top[0] ? ` (${top[0].method})` : ''}</figcaption>
      {top.map((f) => (
        <div class="bar-row" key={f.feature}>
          <span class="bar-label">{f.feature}</span>
          <span class="bar" style={{ width: `${(Math.abs(f.importance) / max) * 100}%` }} />
          <span class="bar-value">{fmt(f.importance)}{f.std > 0 ? ` ± ${fmt(f.std, 3)}` : ''}</span>
        </div>
      ))}
    </figure>
  );
}

export function ResidualHistogram({ bins }: { bins: ModelAnalysis['residualHistogram'] }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  return (
    <figure class="histogram">
      <figcaption>Residual histogram (actual − predicted)</figcaption>
      <div class="hist-bars" role="img" aria-label="Residual histogram">
        {bins.map((b, i) => (
          <span key={i} class="hist-bar" style={{ height: `${(b.count / max) * 100}%` }} title={`${fmt(b.lower, 3)} … ${fmt(b.upper, 3)}: ${b.count}`} />
        ))}
      </div>
      <div class="hist-axis small muted">
        <span>{fmt(bins[0]?.lower, 3)}</span>
        <span>{fmt(bins[bins.length - 1]?.upper, 3)}</span>
      </div>
    </figure>
  );
}
