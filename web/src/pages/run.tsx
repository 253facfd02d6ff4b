import { useEffect } from 'preact/hooks';
import { downloadArtifact, mutate, query } from '../api.js';
import { AnalysisCharts } from '../charts/analysis.js';
import { useExperimentRuns } from '../components/experiment-runs.js';
import { HoldoutTable } from '../components/holdout-table.js';
import { Leaderboard } from '../components/leaderboard.js';
import { PredictForm } from '../components/predict-form.js';
import { ProgressGrid } from '../components/progress-grid.js';
import { RunSummary } from '../components/run-summary.js';
import { useRunStream } from '../components/run-live.js';
import { ErrorText, Section, StatusBadge, useAction, useLoad } from '../components/ui.js';
import { FinalizeRunDoc, RunAnalysisDoc, RunDoc } from '../documents.js';
import { liveLeaderboard, liveProgress, progressGrid, progressGridFromApi } from '../live.js';

export function RunPage({ id }: { id: string }) {
  const run = useLoad(() => query(RunDoc, { id }), [id]);
  const loaded = run.data?.run;
  // Status, progress and leaderboard as experimentRuns pushes them; the event log from runEvents. experimentRuns
  // sends changes only, so a run that ended before that subscription was up would look RUNNING for ever: runEvents
  // replays the run's history, and each of its status events re-reads the run; a terminal read wins over a stale push.
  const pushed = useExperimentRuns(loaded?.experiment.id ?? null).runs[id];
  const loadedEnded = !!loaded && !['QUEUED', 'RUNNING'].includes(loaded.status);
  const live = pushed && !(loadedEnded && ['QUEUED', 'RUNNING'].includes(pushed.status)) ? pushed : undefined;
  const status = live?.status ?? loaded?.status;
  const terminal = status !== undefined && !['QUEUED', 'RUNNING'].includes(status);
  const analysis = useLoad(() => (terminal ? query(RunAnalysisDoc, { id }).then((d) => d.run?.analysis ?? null) : Promise.resolve(null)), [id, terminal]);
  const stream = useRunStream(id, run.reload);
  const loadedStatus = loaded?.status;
  useEffect(() => {
    // The run ended while open: load its artifacts and final fields.
    if (terminal && loadedStatus !== undefined && ['QUEUED', 'RUNNING'].includes(loadedStatus)) run.reload();
  }, [terminal, loadedStatus, run.reload]);
  const [act, busy, error] = useAction();
  if (run.error) return <main><ErrorText error={run.error} /></main>;
  if (!loaded) return <main aria-busy="true">Loading…</main>;
  const r = { ...loaded, ...(live ? { status: live.status, error: live.error, progress: live.progress, leaderboard: live.leaderboard, durationMs: live.durationMs } : {}) };
  const progress = r.progress.modelsTotal > 0 ? r.progress : liveProgress(stream.state);
  const eventsGrid = progressGrid(stream.state);
  // Fall back to the leaderboard folded from runEvents only when the API has none.
  const rows = r.leaderboard ? r.leaderboard.rows : liveLeaderboard(stream.state);
  const grid = progressGridFromApi(progress, rows, eventsGrid);
  const k = grid[0]?.k || undefined;
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
      {terminal && <RunSummary summary={r.summary} params={(r.snapshot as { params?: unknown } | null)?.params} />}
      {r.error && <p class="error" role="alert">{r.error}</p>}
      <ErrorText error={stream.error} />
      <Section title="Progress">
        <ProgressGrid rows={grid} progress={progress} />
        {progress.modelsTotal === 0 && <p class="muted">{terminal ? 'No per-model progress for this plan.' : 'Waiting for the run to start…'}</p>}
      </Section>
      <Section title={terminal ? 'Leaderboard' : 'Live leaderboard'} actions={!terminal && <span class="badge live">{r.leaderboard?.provisional ? 'live · provisional' : 'live'}</span>}>
        <Leaderboard rows={rows} k={k} live={!terminal} />
      </Section>
      <ErrorText error={analysis.error} />
      {analysis.data && (
        <Section title="Analysis">
          <AnalysisCharts analysis={analysis.data} />
        </Section>
      )}
      {analysis.data && (
        <Section title="Holdout predictions">
          <HoldoutTable runId={id} classes={analysis.data.confusionMatrix?.labels ?? []} />
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
