import { useState } from 'preact/hooks';
import { mutate, query } from '../api.js';
import { DeleteButton, ErrorText, Rename, Section, useAction, useLoad } from '../components/ui.js';
import {
  AddMemberDoc,
  ChangeRoleDoc,
  CreateProjectDoc,
  CreateWorkspaceDoc,
  DeleteProjectDoc,
  DeleteWorkspaceDoc,
  RemoveMemberDoc,
  RenameProjectDoc,
  RenameWorkspaceDoc,
  WorkspaceDoc,
  WorkspacesDoc,
} from '../documents.js';
import type { WorkspaceRole } from '../gql/graphql.js';
import { go } from '../router.js';
import { DatasetsSection } from './datasets.js';

const ROLES: WorkspaceRole[] = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];

function CreateByName({ label, onCreate }: { label: string; onCreate: (name: string) => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [run, busy, error] = useAction();
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => (await onCreate(name), setName('')));
      }}
    >
      <input aria-label={`${label} name`} placeholder={`New ${label.toLowerCase()} name`} value={name} onInput={(e) => setName(e.currentTarget.value)} required />
      <button class="primary" disabled={busy}>
        Create {label.toLowerCase()}
      </button>
      <ErrorText error={error} />
    </form>
  );
}

export function HomePage() {
  const list = useLoad(() => query(WorkspacesDoc, {}), []);
  return (
    <main>
      <h1>Workspaces</h1>
      <Section title="Your workspaces">
        <ErrorText error={list.error} />
        <ul class="list">
          {list.data?.workspaces.map((w) => (
            <li key={w.id}>
              <a href={`#/w/${w.id}`}>{w.name}</a> <span class="muted">{w.myRole.toLowerCase()} · {w.projects.length} projects</span>
            </li>
          ))}
          {list.data && list.data.workspaces.length === 0 && <li class="muted">No workspace yet: create one to start.</li>}
        </ul>
        <CreateByName
          label="Workspace"
          onCreate={async (name) => {
            const r = await mutate(CreateWorkspaceDoc, { name });
            go(`#/w/${r.createWorkspace.id}`);
          }}
        />
      </Section>
    </main>
  );
}

export function WorkspacePage({ id }: { id: string }) {
  const ws = useLoad(() => query(WorkspaceDoc, { id }), [id]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<WorkspaceRole>('MEMBER');
  const [run, , error] = useAction();
  const w = ws.data?.workspace;
  if (ws.error) return <main><ErrorText error={ws.error} /></main>;
  if (!w) return <main aria-busy="true">Loading…</main>;
  return (
    <main>
      <nav class="crumbs"><a href="#/">Workspaces</a> /</nav>
      <h1>
        {w.name} <Rename name={w.name} onSave={async (name) => (await mutate(RenameWorkspaceDoc, { id, name }), ws.reload())} />
      </h1>
      <Section title="Projects">
        <ul class="list">
          {w.projects.map((p) => (
            <li key={p.id}>
              <a href={`#/p/${p.id}`}>{p.name}</a> <span class="muted">{p.experiments.length} experiments</span>{' '}
              <Rename name={p.name} onSave={async (name) => (await mutate(RenameProjectDoc, { id: p.id, name }), ws.reload())} />{' '}
              <DeleteButton what={`project ${p.name}`} onDelete={async () => (await mutate(DeleteProjectDoc, { id: p.id }), ws.reload())} />
            </li>
          ))}
          {w.projects.length === 0 && <li class="muted">No project yet: create one, then an experiment in it.</li>}
        </ul>
        <CreateByName
          label="Project"
          onCreate={async (name) => {
            const r = await mutate(CreateProjectDoc, { workspaceId: id, name });
            go(`#/p/${r.createProject.id}`);
          }}
        />
      </Section>
      <DatasetsSection workspaceId={id} datasets={ws.data?.datasets ?? []} onChange={ws.reload} />
      <Section title="Members">
        <table>
          <thead>
            <tr><th>User</th><th>Role</th><th /></tr>
          </thead>
          <tbody>
            {w.members.map((m) => (
              <tr key={m.id}>
                <td>{m.user.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${m.user.email}`}
                    value={m.role}
                    onChange={(e) =>
                      void run(async () => {
                        await mutate(ChangeRoleDoc, { input: { workspaceId: id, userId: m.user.id, role: e.currentTarget.value as WorkspaceRole } });
                        ws.reload();
                      })
                    }
                  >
                    {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
                  </select>
                </td>
                <td>
                  <button type="button" class="danger" onClick={() => void run(async () => (await mutate(RemoveMemberDoc, { workspaceId: id, userId: m.user.id }), ws.reload()))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => (await mutate(AddMemberDoc, { input: { workspaceId: id, email, role } }), setEmail(''), ws.reload()));
          }}
        >
          <input type="email" aria-label="Member email" placeholder="colleague@example.com" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required />
          <select aria-label="Role" value={role} onChange={(e) => setRole(e.currentTarget.value as WorkspaceRole)}>
            {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
          </select>
          <button>Add member</button>
        </form>
        <ErrorText error={error} />
      </Section>
      <Section title="Danger zone">
        <DeleteButton what={`workspace ${w.name} and everything in it`} onDelete={async () => (await mutate(DeleteWorkspaceDoc, { id }), go('#/'))} />
      </Section>
    </main>
  );
}
