import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Experiment, Project, Run, RunEvent, Workspace, WorkspaceMember } from '../../src/entities/index.js';
import {
  CreateExperimentDocument,
  CreateProjectDocument,
  CreateWorkspaceDocument,
  DeleteExperimentDocument,
  DeleteProjectDocument,
  DeleteWorkspaceDocument,
  ExperimentDocument,
  ProjectDocument,
  RenameExperimentDocument,
  RenameProjectDocument,
  RenameWorkspaceDocument,
  WorkspaceDocument,
  WorkspacesDocument,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';

const databases = await testDatabases();

describe.each(databases)('workspaces, projects, experiments (%s)', (database) => {
  let t: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ database });
    owner = await t.signUpUser();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function tree(token = owner.token) {
    const ws = (await t.gql(CreateWorkspaceDocument, { name: 'Lab' }, token)).data!.createWorkspace;
    const project = (await t.gql(CreateProjectDocument, { input: { workspaceId: ws.id, name: 'Churn' } }, token)).data!.createProject;
    const created = await t.gql(
      CreateExperimentDocument,
      { input: { projectId: project.id, name: 'Baseline', task: 'CLASSIFICATION', target: 'species', setupParams: { fold: 5, sessionId: 42 } } },
      token,
    );
    expect(created.errors).toBeUndefined();
    return { ws, project, experiment: created.data!.createExperiment };
  }

  it('creates a workspace with the creator as owner, lists and reads it', async () => {
    const r = await t.gql(CreateWorkspaceDocument, { name: '  Research  ' }, owner.token);
    expect(r.data?.createWorkspace).toMatchObject({ name: 'Research', myRole: 'OWNER' });
    const id = r.data!.createWorkspace.id;
    const list = await t.gql(WorkspacesDocument, {}, owner.token);
    expect(list.data?.workspaces.map((w) => w.id)).toContain(id);
    const one = await t.gql(WorkspaceDocument, { id }, owner.token);
    expect(one.data?.workspace?.members).toEqual([expect.objectContaining({ role: 'OWNER', user: { id: owner.id, email: owner.email } })]);
  });

  it('creates a project and an experiment and reads them back through every path', async () => {
    const { ws, project, experiment } = await tree();
    expect(experiment).toMatchObject({
      name: 'Baseline',
      task: 'CLASSIFICATION',
      target: 'species',
      setupParams: { fold: 5, sessionId: 42 },
      project: { id: project.id },
    });
    const p = await t.gql(ProjectDocument, { id: project.id }, owner.token);
    expect(p.data?.project).toMatchObject({ name: 'Churn', workspace: { id: ws.id }, experiments: [{ id: experiment.id }] });
    const w = await t.gql(WorkspaceDocument, { id: ws.id }, owner.token);
    expect(w.data?.workspace?.projects.map((x) => x.id)).toEqual([project.id]);
    const e = await t.gql(ExperimentDocument, { id: experiment.id }, owner.token);
    expect(e.data?.experiment?.id).toBe(experiment.id);
  });

  it('defaults setupParams to {} and accepts REGRESSION', async () => {
    const { project } = await tree();
    const r = await t.gql(CreateExperimentDocument, { input: { projectId: project.id, name: 'R', task: 'REGRESSION', target: 'y' } }, owner.token);
    expect(r.data?.createExperiment).toMatchObject({ task: 'REGRESSION', setupParams: {} });
  });

  it('lists newest first', async () => {
    const { ws } = await tree();
    const second = (await t.gql(CreateProjectDocument, { input: { workspaceId: ws.id, name: 'Second' } }, owner.token)).data!.createProject;
    const w = await t.gql(WorkspaceDocument, { id: ws.id }, owner.token);
    expect(w.data?.workspace?.projects[0]?.id).toBe(second.id);
  });

  it('renames each type (trimmed)', async () => {
    const { ws, project, experiment } = await tree();
    expect((await t.gql(RenameWorkspaceDocument, { id: ws.id, name: ' W2 ' }, owner.token)).data?.renameWorkspace.name).toBe('W2');
    expect((await t.gql(RenameProjectDocument, { id: project.id, name: 'P2' }, owner.token)).data?.renameProject.name).toBe('P2');
    expect((await t.gql(RenameExperimentDocument, { id: experiment.id, name: 'E2' }, owner.token)).data?.renameExperiment.name).toBe('E2');
    expect((await t.gql(ExperimentDocument, { id: experiment.id }, owner.token)).data?.experiment?.name).toBe('E2');
  });

  it('deletes an experiment with its runs and events (database cascade)', async () => {
    const { experiment } = await tree();
    const em = t.services.orm.em.fork();
    const run = em.create(Run, { experiment: experiment.id, plan: 'setup', status: 'queued', snapshot: {}, params: {} });
    em.create(RunEvent, { run, seq: 1, kind: 'run.queued', emittedAt: new Date() });
    await em.flush();
    expect((await t.gql(DeleteExperimentDocument, { id: experiment.id }, owner.token)).data?.deleteExperiment).toBe(experiment.id);
    const check = t.services.orm.em.fork();
    expect(await check.count(Experiment, { id: experiment.id })).toBe(0);
    expect(await check.count(Run, { id: run.id })).toBe(0);
    expect(await check.count(RunEvent, { run: run.id })).toBe(0);
    expect(errorCode(await t.gql(ExperimentDocument, { id: experiment.id }, owner.token))).toBe('NOT_FOUND');
  });

  it('deletes a project with its experiments', async () => {
    const { project, experiment } = await tree();
    expect((await t.gql(DeleteProjectDocument, { id: project.id }, owner.token)).data?.deleteProject).toBe(project.id);
    const em = t.services.orm.em.fork();
    expect(await em.count(Project, { id: project.id })).toBe(0);
    expect(await em.count(Experiment, { id: experiment.id })).toBe(0);
  });

  it('deletes a workspace with everything in it', async () => {
    const { ws, project, experiment } = await tree();
    const em = t.services.orm.em.fork();
    const run = em.create(Run, { experiment: experiment.id, plan: 'compare', status: 'succeeded', snapshot: {}, params: {} });
    em.create(RunEvent, { run, seq: 1, kind: 'run.closed', emittedAt: new Date() });
    await em.flush();
    expect((await t.gql(DeleteWorkspaceDocument, { id: ws.id }, owner.token)).data?.deleteWorkspace).toBe(ws.id);
    const check = t.services.orm.em.fork();
    expect(await check.count(Workspace, { id: ws.id })).toBe(0);
    expect(await check.count(WorkspaceMember, { workspace: ws.id })).toBe(0);
    expect(await check.count(Project, { id: project.id })).toBe(0);
    expect(await check.count(Experiment, { id: experiment.id })).toBe(0);
    expect(await check.count(Run, { id: run.id })).toBe(0);
    expect(await check.count(RunEvent, { run: run.id })).toBe(0);
    const list = await t.gql(WorkspacesDocument, {}, owner.token);
    expect(list.data?.workspaces.map((w) => w.id)).not.toContain(ws.id);
  });
});
