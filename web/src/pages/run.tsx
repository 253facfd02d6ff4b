import { downloadArtifact, mutate, query } from '../api.js';
import { AnalysisCharts, type ModelAnalysis } from '../charts/analysis.js';
import { Leaderboard } from '../components/leaderboard.js';
import { PredictForm } from '../components/predict-form.js';
import { ProgressGrid } from '../components/progress-grid.js';
import { useRunStream } from '../components/run-live.js';
import { ErrorText, Section, StatusBadge, useAction, useLoad } from '../components/ui.js';
import { FinalizeRunDoc, RunDoc } from '../documents.js';
import { liveLeaderboard, liveProgress, progressGrid } from '../live.js';
import { loadAnalysis } from '../live-fields.js';

export function RunPage({ id }: { id: string }) {
  const run = useLoad(() => query(RunDoc, { id }), [id]);
  const analysis = useLoad(() => loadAnalysis(id), [id, run.data?.run?.status]);
  const stream = useRunStream(id, run.reload);
  const [act, busy, error] = useAction();
  const r = run.data?.run;
  if (run.error) return <main><ErrorText error={run.error} /></main>;
  if (!r) return <main aria-busy="true">Loading…</main>;
  const terminal = !['QUEUED', 'RUNNING'].includes(r.status);
  const k = stream.state.k || undefined;
  const liveRows = liveLeaderboard(stream.state);
  const rows = terminal && r.leaderboard ? r.leaderboard.rows.map((row) => ({ ...row, foldsDone: liveRows.find((x) => x.modelId === row.modelId)?.foldsDone ?? k })) : liveRows;
  const progress = liveProgress(stream.state);
  const hasFinal = r.artifacts.some((a) => a.kind === 'final_pipeline');
  const exp = r.experiment;
  // The predict form starts with the header line of the run's feature columns (the snapshot's data minus the target).
  const snapshotData = (r.snapshot as { data?: { columns?: unknown } } | null)?.data;
  const columns = Array.isArray(snapshotData?.columns) ? snapshotData.columns.filter((c): c is string => typeof c === 'string' && c !== exp.target) : [];
  const example = columns.length ? `${columns.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n` : '';
  return (
    <main>
      <nav class="crumbs">
        <a href="#/">Workspaces</a> / <a href={`#/w/${exp.project.workspace.id}`}>{exp.project.workspace.name}</a> / <a href={`#/p/${exp.project.id}`}>{exp.project.name}</a> /{' '}
        <a href={`#/e/${exp.id}`}>{exp.name}</a> /
      </nav>
      <h1>
        {r.plan.toLowerCase()} {r.modelId ?? ''} <StatusBadge status={r.status} />
      </h1>
      <p class="muted small">
        run <code>{r.id}</code> · created {new Date(r.createdAt).toLocaleString()}
        {r.durationMs !== null && r.durationMs !== undefined ? ` · ${(r.durationMs / 1000).toFixed(1)} s` : ''}
      </p>
      {r.error && <p class="error" role="alert">{r.error}</p>}
      <ErrorText error={stream.error} />
      <Section title="Progress">
        <ProgressGrid rows={progressGrid(stream.state)} progress={progress} />
        {progress.modelsTotal === 0 && <p class="muted">{terminal ? 'No per-model progress for this plan.' : 'Waiting for the run to start…'}</p>}
      </Section>
      <Section title={terminal ? 'Leaderboard' : 'Live leaderboard'} actions={!terminal && <span class="badge live">live</span>}>
        <Leaderboard rows={rows} k={k} live={!terminal} />
      </Section>
      {analysis.data && (
        <Section title="Analysis">
          <AnalysisCharts analysis={analysis.data as ModelAnalysis} />
        </Section>
      )}
      {r.status === 'SUCCEEDED' && (
        <Section title="Predict">
          <PredictForm runId={id} hasFinal={hasFinal} example={example} />
        </Section>
      )}
      <Section
        title="Artifacts"
        actions={
          r.status === 'SUCCEEDED' && !hasFinal ? (
            <button type="button" disabled={busy} onClick={() => void act(async () => (await mutate(FinalizeRunDoc, { runId: id }), run.reload()))}>
              Finalize (refit on all rows)
            </button>
          ) : null
        }
      >
        <ErrorText error={error} />
        <ul class="list">
          {r.artifacts.map((a) => (
            <li key={a.id}>
              <strong>{a.kind}</strong> · {(a.sizeBytes / 1024).toFixed(1)} KiB · SHA-256 <code class="hash">{a.sha256}</code>{' '}
              <button type="button" onClick={() => void act(() => downloadArtifact(a.id, `${r.id}-${a.kind}.json`))}>
                Download
              </button>
            </li>
          ))}
          {r.artifacts.length === 0 && <li class="muted">None yet.</li>}
        </ul>
      </Section>
      <Section title={`Events (${stream.events.length})`}>
        <ol class="events" aria-live="polite" data-testid="events">
          {stream.events.slice(-200).map((e) => (
            <li key={e.seq}>
              <span class="muted small">{e.seq}</span> <code>{e.kind}</code> {e.message}
            </li>
          ))}
        </ol>
      </Section>
      <Section title="Snapshot">
        <details>
          <summary>Frozen configuration of this run</summary>
          <pre>{JSON.stringify(r.snapshot, null, 2)}</pre>
        </details>
      </Section>
    </main>
  );
}
