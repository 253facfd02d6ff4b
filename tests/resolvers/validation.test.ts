import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Experiment, Project, Workspace } from '../../src/entities/index.js';
import {
  CreateExperimentDocument,
  CreateProjectDocument,
  CreateWorkspaceDocument,
  RenameExperimentDocument,
  RenameProjectDocument,
  RenameWorkspaceDocument,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type GqlResult, type TestApp, type TestUser } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';

const databases = await testDatabases();
const TOO_LONG = 'x'.repeat(201);
const MISSING_ID = '00000000-0000-0000-0000-000000000000';

describe.each(databases)('bad input is refused with the right code and writes nothing (%s)', (database) => {
  let t: TestApp;
  let user: TestUser;
  let ids: { ws: string; project: string; experiment: string };

  beforeAll(async () => {
    t = await startTestApp({ database });
    user = await t.signUpUser();
    const ws = (await t.gql(CreateWorkspaceDocument, { name: 'W' }, user.token)).data!.createWorkspace.id;
    const project = (await t.gql(CreateProjectDocument, { input: { workspaceId: ws, name: 'P' } }, user.token)).data!.createProject.id;
    const experiment = (
      await t.gql(CreateExperimentDocument, { input: { projectId: project, name: 'E', task: 'CLASSIFICATION', target: 'y' } }, user.token)
    ).data!.createExperiment.id;
    ids = { ws, project, experiment };
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function snapshot() {
    const em = t.services.orm.em.fork();
    const names = (rows: Array<{ name: string }>): string => rows.map((r) => r.name).join('|');
    return [
      names(await em.find(Workspace, {}, { orderBy: { id: 'asc' } })),
      names(await em.find(Project, {}, { orderBy: { id: 'asc' } })),
      names(await em.find(Experiment, {}, { orderBy: { id: 'asc' } })),
    ];
  }

  async function expectRefused(result: Promise<GqlResult<unknown>>, code: string, field?: string): Promise<void> {
    const before = await snapshot();
    const r = await result;
    expect(errorCode(r), JSON.stringify(r)).toBe(code);
    if (field !== undefined) expect(r.errors?.[0]?.extensions?.field).toBe(field);
    expect(await snapshot()).toEqual(before);
  }

  const newExperiment = (input: Record<string, unknown>) =>
    t.gql(CreateExperimentDocument, { input: { projectId: ids.project, name: 'E2', task: 'CLASSIFICATION', target: 'y', ...input } } as never, user.token);

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', TOO_LONG],
    ['control characters', 'a\u0000b'],
  ])('refuses a %s name everywhere', async (_label, name) => {
    await expectRefused(t.gql(CreateWorkspaceDocument, { name }, user.token), 'BAD_USER_INPUT', 'name');
    await expectRefused(t.gql(RenameWorkspaceDocument, { id: ids.ws, name }, user.token), 'BAD_USER_INPUT', 'name');
    await expectRefused(t.gql(CreateProjectDocument, { input: { workspaceId: ids.ws, name } }, user.token), 'BAD_USER_INPUT', 'name');
    await expectRefused(t.gql(RenameProjectDocument, { id: ids.project, name }, user.token), 'BAD_USER_INPUT', 'name');
    await expectRefused(newExperiment({ name }), 'BAD_USER_INPUT', 'name');
    await expectRefused(t.gql(RenameExperimentDocument, { id: ids.experiment, name }, user.token), 'BAD_USER_INPUT', 'name');
  });

  it('accepts a name of exactly 200 characters', async () => {
    const r = await t.gql(RenameProjectDocument, { id: ids.project, name: 'y'.repeat(200) }, user.token);
    expect(r.data?.renameProject.name).toHaveLength(200);
  });

  it('refuses an empty or too-long target', async () => {
    await expectRefused(newExperiment({ target: ' ' }), 'BAD_USER_INPUT', 'target');
    await expectRefused(newExperiment({ target: TOO_LONG }), 'BAD_USER_INPUT', 'target');
  });

  it('refuses unknown ids with NOT_FOUND', async () => {
    await expectRefused(t.gql(CreateProjectDocument, { input: { workspaceId: MISSING_ID, name: 'x' } }, user.token), 'NOT_FOUND');
    await expectRefused(t.gql(CreateProjectDocument, { input: { workspaceId: 'not-a-uuid', name: 'x' } }, user.token), 'NOT_FOUND');
    await expectRefused(newExperiment({ projectId: MISSING_ID }), 'NOT_FOUND');
    await expectRefused(t.gql(RenameExperimentDocument, { id: MISSING_ID, name: 'x' }, user.token), 'NOT_FOUND');
    await expectRefused(t.gql(CreateProjectDocument, { input: { workspaceId: '', name: 'x' } }, user.token), 'BAD_USER_INPUT', 'workspaceId');
  });

  it('refuses setupParams that are not an object or that the engine rejects, naming the parameter', async () => {
    await expectRefused(newExperiment({ setupParams: [1, 2] }), 'BAD_USER_INPUT', 'setupParams');
    await expectRefused(newExperiment({ setupParams: 'fold=5' }), 'BAD_USER_INPUT', 'setupParams');
    await expectRefused(newExperiment({ setupParams: { fold: 1 } }), 'BAD_USER_INPUT', 'setupParams.fold');
    await expectRefused(newExperiment({ setupParams: { bogus: true } }), 'BAD_USER_INPUT', 'setupParams.bogus');
  });

  it('refuses wrong types and unknown enum values with BAD_USER_INPUT', async () => {
    await expectRefused(newExperiment({ task: 'CLUSTERING' }), 'BAD_USER_INPUT', 'input.task');
    await expectRefused(newExperiment({ name: 42 }), 'BAD_USER_INPUT', 'input.name');
    await expectRefused(t.gql('mutation { createWorkspace(input: { name: 5 }) { id } }', {}, user.token), 'BAD_USER_INPUT');
    await expectRefused(t.gql('mutation { createWorkspace(input: {}) { id } }', {}, user.token), 'BAD_USER_INPUT');
    await expectRefused(t.gql('{ workspace(id: "x") { nope } }', {}, user.token), 'BAD_USER_INPUT');
    await expectRefused(t.gql('{ workspaces { id ', {}, user.token), 'BAD_USER_INPUT');
  });
});
