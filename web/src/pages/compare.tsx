// Two or more runs side by side: plan, params, and each model's scores.
import { query } from '../api.js';
import { ErrorText, StatusBadge, fmt, useLoad } from '../components/ui.js';
import { CompareRunsDoc } from '../documents.js';
import { metricLabel } from '../live.js';

export function ComparePage({ ids }: { ids: string[] }) {
  const runs = useLoad(() => Promise.all(ids.map((id) => query(CompareRunsDoc, { id }))), [ids.join(',')]);
  const list = (runs.data ?? []).flatMap((d) => (d.run ? [d.run] : []));
  const metrics = [...new Set(list.flatMap((r) => r.leaderboard?.rows[0]?.scores.map((s) => s.metric) ?? []))];
  return (
    <main>
      <h1>Compare runs</h1>
      <ErrorText error={runs.error} />
      <div class="compare">
        {list.map((r) => {
          const snapshot = (r.snapshot ?? {}) as Record<string, unknown>;
          return (
            <section class="card" key={r.id}>
              <h2>
                <a href={`#/r/${r.id}`}>{r.plan.toLowerCase()} {r.modelId ?? ''}</a> <StatusBadge status={r.status} />
              </h2>
              <p class="muted small">{r.id.slice(0, 8)} · {r.durationMs ? `${(r.durationMs / 1000).toFixed(1)} s` : ''}</p>
              <details>
                <summary>Params</summary>
                <pre>{JSON.stringify(snapshot.params ?? snapshot, null, 2)}</pre>
              </details>
              <div class="scroll">
                <table>
                  <thead>
                    <tr><th>Model</th>{metrics.map((m) => <th key={m}>{metricLabel(m)}</th>)}</tr>
                  </thead>
                  <tbody>
                    {r.leaderboard?.rows.map((row) => (
                      <tr key={row.modelId}>
                        <td>{row.modelId}</td>
                        {metrics.map((m) => <td key={m}>{fmt(row.scores.find((s) => s.metric === m)?.mean)}</td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })}
      </div>
    </main>
  );
}
