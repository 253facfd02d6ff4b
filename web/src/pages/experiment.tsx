import { useEffect, useState } from 'preact/hooks';
import { mutate, query } from '../api.js';
import { useExperimentRuns, type ExperimentRun } from '../components/experiment-runs.js';
import { ErrorText, Section, StatusBadge, fmt, useAction, useLoad } from '../components/ui.js';
import { CancelRunDoc, ExperimentDoc } from '../documents.js';
import type { ExperimentQuery } from '../gql/graphql.js';
import { metricLabel } from '../live.js';
import { SubmitForm } from './submit-form.js';

type RunItem = NonNullable<ExperimentQuery['experiment']>['runs'][number];
const ACTIVE = new Set(['QUEUED', 'RUNNING']);

interface RowProps {
  run: RunItem;
  /** The latest Run from experimentRuns, once it pushed one. */
  live: ExperimentRun | undefined;
  onChange: () => void;
  selected: boolean;
  onSelect: (on: boolean) => void;
}

function RunRow({ run: listed, live, onChange, selected, onSelect }: RowProps) {
  const run = live ? { ...listed, status: live.status, error: live.error, progress: live.progress, leaderboard: live.leaderboard ?? listed.leaderboard } : listed;
  const active = ACTIVE.has(run.status);
  const [act, busy, error] = useAction();
  const progress = run.progress;
  const best = run.leaderboard?.rows[0];
  const metric = run.leaderboard?.sortMetric ?? best?.scores[0]?.metric;
  const bestScore = best?.scores.find((s) => s.metric.toUpperCase() === metric?.toUpperCase()) ?? best?.scores[0];
  const fraction = run.status === 'SUCCEEDED' ? 1 : progress.foldsTotal ? progress.foldsDone / progress.foldsTotal : 0;
  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={`Select run ${run.id.slice(0, 8)} to compare`} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
      </td>
      <td>
        <a href={`#/r/${run.id}`}>{run.plan.toLowerCase()}{run.modelId ? ` ${run.modelId}` : ''}</a>
        <div class="muted small">{new Date(run.createdAt).toLocaleString()}</div>
      </td>
      <td><StatusBadge status={run.status} /></td>
      <td>
        <progress max={1} value={fraction} aria-label="Progress" />
        {active && progress.foldsTotal > 0 && (
          <span class="small">
            {' '}{progress.modelsDone}/{progress.modelsTotal} models{progress.currentModelId ? ` · ${progress.currentModelId}` : ''}
          </span>
        )}
      </td>
      <td>
        {best ? `${best.modelId} ${bestScore ? `${metricLabel(bestScore.metric)} ${fmt(bestScore.mean)}` : ''}` : '—'}
        {best && run.leaderboard?.provisional && <span class="muted small"> (provisional)</span>}
      </td>
      <td>
        {active && (
          <button type="button" class="danger" disabled={busy} onClick={() => void act(async () => (await mutate(CancelRunDoc, { id: run.id }), onChange()))}>
            Cancel
          </button>
        )}
        <ErrorText error={error ?? run.error ?? null} />
      </td>
    </tr>
  );
}

export function ExperimentPage({ id }: { id: string }) {
  const exp = useLoad(() => query(ExperimentDoc, { id }), [id]);
  const [selected, setSelected] = useState<string[]>([]);
  const { runs: liveRuns, error: liveError } = useExperimentRuns(id);
  const e = exp.data?.experiment;
  const unknownLive = e ? Object.keys(liveRuns).some((runId) => !e.runs.some((r) => r.id === runId)) : false;
  useEffect(() => {
    if (unknownLive) exp.reload(); // a run created elsewhere (another tab, the CLI): load it into the list
  }, [unknownLive, exp.reload]);
  if (exp.error) return <main><ErrorText error={exp.error} /></main>;
  if (!e) return <main aria-busy="true">Loading…</main>;
  return (
    <main>
      <nav class="crumbs">
        <a href="#/">Workspaces</a> / <a href={`#/w/${e.project.workspace.id}`}>{e.project.workspace.name}</a> / <a href={`#/p/${e.project.id}`}>{e.project.name}</a> /
      </nav>
      <h1>{e.name}</h1>
      <p class="muted">{e.task.toLowerCase()} · target <code>{e.target}</code> · setup <code>{JSON.stringify(e.setupParams)}</code></p>
      <Section title="Submit a run">
        <SubmitForm
          experimentId={id}
          workspaceId={e.project.workspace.id}
          task={e.task}
          runs={e.runs.map((r) => (liveRuns[r.id] ? { ...r, status: liveRuns[r.id]!.status, leaderboard: liveRuns[r.id]!.leaderboard ?? r.leaderboard } : r))}
          onSubmitted={exp.reload}
        />
      </Section>
      <Section
        title="Runs"
        actions={
          selected.length >= 2 ? (
            <a class="button" href={`#/compare?ids=${selected.join(',')}`}>Compare {selected.length} runs</a>
          ) : (
            <span class="muted small">tick two or more runs to compare them</span>
          )
        }
      >
        <div class="scroll">
          <table>
            <thead>
              <tr><th /><th>Run</th><th>Status</th><th>Progress</th><th>Best</th><th /></tr>
            </thead>
            <tbody>
              {e.runs.map((r) => (
                <RunRow
                  key={r.id}
                  run={r}
                  live={liveRuns[r.id]}
                  onChange={exp.reload}
                  selected={selected.includes(r.id)}
                  onSelect={(on) => setSelected(on ? [...selected, r.id] : selected.filter((x) => x !== r.id))}
                />
              ))}
            </tbody>
          </table>
        </div>
        {e.runs.length === 0 && <p class="muted">No runs yet: submit a compare above.</p>}
        <ErrorText error={liveError} />
      </Section>
    </main>
  );
}
