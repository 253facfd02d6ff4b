import { useState } from 'preact/hooks';
import { mutate, query } from '../api.js';
import { DeleteButton, ErrorText, Rename, Section, useAction, useLoad } from '../components/ui.js';
import { CreateExperimentDoc, DatasetsDoc, DeleteExperimentDoc, ProjectDoc, RenameExperimentDoc } from '../documents.js';
import type { TaskType } from '../gql/graphql.js';
import { go } from '../router.js';

export function ProjectPage({ id }: { id: string }) {
  const project = useLoad(() => query(ProjectDoc, { id }), [id]);
  const workspaceId = project.data?.project?.workspace.id;
  const datasets = useLoad(() => (workspaceId ? query(DatasetsDoc, { workspaceId }) : Promise.resolve(null)), [workspaceId]);
  const [name, setName] = useState('');
  const [task, setTask] = useState<TaskType>('CLASSIFICATION');
  const [target, setTarget] = useState('');
  const [fold, setFold] = useState('10');
  const [moreSetup, setMoreSetup] = useState('');
  const [run, busy, error] = useAction();
  const p = project.data?.project;
  if (project.error) return <main><ErrorText error={project.error} /></main>;
  if (!p) return <main aria-busy="true">Loading…</main>;
  const columns = [...new Set((datasets.data?.datasets ?? []).flatMap((d) => d.columns.map((c) => c.name)))];
  return (
    <main>
      <nav class="crumbs"><a href="#/">Workspaces</a> / <a href={`#/w/${p.workspace.id}`}>{p.workspace.name}</a> /</nav>
      <h1>{p.name}</h1>
      <Section title="Experiments">
        <ul class="list">
          {p.experiments.map((e) => (
            <li key={e.id}>
              <a href={`#/e/${e.id}`}>{e.name}</a> <span class="muted">{e.task.toLowerCase()} · target {e.target}</span>{' '}
              <Rename name={e.name} onSave={async (n) => (await mutate(RenameExperimentDoc, { id: e.id, name: n }), project.reload())} />{' '}
              <DeleteButton what={`experiment ${e.name} and its runs`} onDelete={async () => (await mutate(DeleteExperimentDoc, { id: e.id }), project.reload())} />
            </li>
          ))}
          {p.experiments.length === 0 && <li class="muted">No experiment yet.</li>}
        </ul>
      </Section>
      <Section title="New experiment">
        <form
          class="grid-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const r = await mutate(CreateExperimentDoc, {
                input: { projectId: id, name, task, target, setupParams: setupParamsOf(fold, moreSetup) },
              });
              go(`#/e/${r.createExperiment.id}`);
            });
          }}
        >
          <label>
            Name
            <input name="experiment-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          </label>
          <label>
            Task
            <select value={task} onChange={(e) => setTask(e.currentTarget.value as TaskType)}>
              <option value="CLASSIFICATION">classification</option>
              <option value="REGRESSION">regression</option>
            </select>
          </label>
          <label>
            Target column
            <input name="target" list="target-columns" value={target} onInput={(e) => setTarget(e.currentTarget.value)} required />
            <datalist id="target-columns">{columns.map((c) => <option key={c} value={c} />)}</datalist>
          </label>
          <label>
            CV folds
            <input type="number" min={2} max={20} value={fold} onInput={(e) => setFold(e.currentTarget.value)} />
          </label>
          <label>
            More setup (JSON, PyCaret spellings work too)
            <input
              name="setup-params"
              placeholder='{"dropMissingTarget": true, "fix_imbalance": true}'
              value={moreSetup}
              onInput={(e) => setMoreSetup(e.currentTarget.value)}
            />
          </label>
          <button class="primary" disabled={busy}>Create experiment</button>
        </form>
        <ErrorText error={error} />
      </Section>
    </main>
  );
}

/** The fold field plus the JSON object of more setup parameters (the server validates names and values). */
function setupParamsOf(fold: string, more: string): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = fold ? { fold: Number(fold) } : {};
  if (more.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(more) as unknown;
    } catch {
      throw new Error('More setup must be a JSON object, e.g. {"dropMissingTarget": true}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('More setup must be a JSON object');
    Object.assign(params, parsed);
  }
  return Object.keys(params).length > 0 ? params : undefined;
}
