import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Experiment, Project, Workspace, WorkspaceMember } from '../../src/entities/index.js';
import {
  AddMemberDocument,
  ChangeMemberRoleDocument,
  CreateExperimentDocument,
  CreateProjectDocument,
  CreateWorkspaceDocument,
  DeleteExperimentDocument,
  DeleteProjectDocument,
  DeleteWorkspaceDocument,
  ExperimentDocument,
  ProjectDocument,
  RemoveMemberDocument,
  RenameExperimentDocument,
  RenameProjectDocument,
  RenameWorkspaceDocument,
  WorkspaceDocument,
  WorkspacesDocument,
  type WorkspaceRole,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type GqlResult, type TestApp, type TestUser } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';

const databases = await testDatabases();

describe.each(databases)('membership decides access (%s)', (database) => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  let ids: { ws: string; project: string; experiment: string };

  beforeAll(async () => {
    t = await startTestApp({ database });
    owner = await t.signUpUser();
    stranger = await t.signUpUser();
    ids = await makeTree(owner);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function makeTree(user: TestUser) {
    const ws = (await t.gql(CreateWorkspaceDocument, { name: 'Private' }, user.token)).data!.createWorkspace.id;
    const project = (await t.gql(CreateProjectDocument, { input: { workspaceId: ws, name: 'P' } }, user.token)).data!.createProject.id;
    const experiment = (
      await t.gql(CreateExperimentDocument, { input: { projectId: project, name: 'E', task: 'CLASSIFICATION', target: 'y' } }, user.token)
    ).data!.createExperiment.id;
    return { ws, project, experiment };
  }

  async function counts() {
    const em = t.services.orm.em.fork();
    return [
      await em.count(Workspace, {}),
      await em.count(WorkspaceMember, {}),
      await em.count(Project, {}),
      await em.count(Experiment, {}),
      (await em.findOneOrFail(Workspace, ids.ws)).name,
      (await em.findOneOrFail(Project, ids.project)).name,
      (await em.findOneOrFail(Experiment, ids.experiment)).name,
    ];
  }

  async function addMember(role: WorkspaceRole): Promise<TestUser> {
    const user = await t.signUpUser();
    const r = await t.gql(AddMemberDocument, { input: { workspaceId: ids.ws, email: user.email, role } }, owner.token);
    expect(r.errors).toBeUndefined();
    return user;
  }

  const writes = (token: string): Array<[string, () => Promise<GqlResult<unknown>>]> => [
    ['renameWorkspace', () => t.gql(RenameWorkspaceDocument, { id: ids.ws, name: 'x' }, token)],
    ['deleteWorkspace', () => t.gql(DeleteWorkspaceDocument, { id: ids.ws }, token)],
    ['createProject', () => t.gql(CreateProjectDocument, { input: { workspaceId: ids.ws, name: 'x' } }, token)],
    ['renameProject', () => t.gql(RenameProjectDocument, { id: ids.project, name: 'x' }, token)],
    ['deleteProject', () => t.gql(DeleteProjectDocument, { id: ids.project }, token)],
    [
      'createExperiment',
      () => t.gql(CreateExperimentDocument, { input: { projectId: ids.project, name: 'x', task: 'REGRESSION', target: 'y' } }, token),
    ],
    ['renameExperiment', () => t.gql(RenameExperimentDocument, { id: ids.experiment, name: 'x' }, token)],
    ['deleteExperiment', () => t.gql(DeleteExperimentDocument, { id: ids.experiment }, token)],
    ['addMember', () => t.gql(AddMemberDocument, { input: { workspaceId: ids.ws, email: stranger.email, role: 'OWNER' } }, token)],
    ['changeMemberRole', () => t.gql(ChangeMemberRoleDocument, { input: { workspaceId: ids.ws, userId: owner.id, role: 'VIEWER' } }, token)],
    ['removeMember', () => t.gql(RemoveMemberDocument, { workspaceId: ids.ws, userId: owner.id }, token)],
  ];

  it("shows a non-member NOT_FOUND for every query of another user's things", async () => {
    expect((await t.gql(WorkspacesDocument, {}, stranger.token)).data?.workspaces).toEqual([]);
    for (const r of [
      await t.gql(WorkspaceDocument, { id: ids.ws }, stranger.token),
      await t.gql(ProjectDocument, { id: ids.project }, stranger.token),
      await t.gql(ExperimentDocument, { id: ids.experiment }, stranger.token),
    ]) {
      expect(errorCode(r)).toBe('NOT_FOUND');
      expect(Object.values(r.data ?? {})).toEqual([null]);
    }
  });

  it('answers a non-member exactly as for an id that does not exist', async () => {
    const theirs = await t.gql(ProjectDocument, { id: ids.project }, stranger.token);
    const missing = await t.gql(ProjectDocument, { id: '00000000-0000-0000-0000-000000000000' }, stranger.token);
    expect(theirs.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });

  it("shows a non-member NOT_FOUND for every mutation of another user's things, changing nothing", async () => {
    const before = await counts();
    for (const [name, run] of writes(stranger.token)) {
      expect([name, errorCode(await run())]).toEqual([name, 'NOT_FOUND']);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets a viewer read everything but write nothing (FORBIDDEN)', async () => {
    const viewer = await addMember('VIEWER');
    expect((await t.gql(WorkspaceDocument, { id: ids.ws }, viewer.token)).data?.workspace?.myRole).toBe('VIEWER');
    expect((await t.gql(ProjectDocument, { id: ids.project }, viewer.token)).data?.project?.id).toBe(ids.project);
    expect((await t.gql(ExperimentDocument, { id: ids.experiment }, viewer.token)).data?.experiment?.id).toBe(ids.experiment);
    const before = await counts();
    for (const [name, run] of writes(viewer.token)) {
      expect([name, errorCode(await run())]).toEqual([name, 'FORBIDDEN']);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets a member create and rename but not manage the workspace', async () => {
    const member = await addMember('MEMBER');
    const p = await t.gql(CreateProjectDocument, { input: { workspaceId: ids.ws, name: 'by member' } }, member.token);
    expect(p.data?.createProject.name).toBe('by member');
    expect(errorCode(await t.gql(RenameWorkspaceDocument, { id: ids.ws, name: 'x' }, member.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(DeleteWorkspaceDocument, { id: ids.ws }, member.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(AddMemberDocument, { input: { workspaceId: ids.ws, email: stranger.email, role: 'VIEWER' } }, member.token))).toBe(
      'FORBIDDEN',
    );
    expect((await t.gql(DeleteProjectDocument, { id: p.data!.createProject.id }, member.token)).data?.deleteProject).toBeTruthy();
  });

  it('manages members: add by email, change role, remove; admins cannot touch owners', async () => {
    const w = await makeTree(owner);
    const admin = await t.signUpUser();
    const bob = await t.signUpUser();
    const add = (email: string, role: WorkspaceRole, token = owner.token) =>
      t.gql(AddMemberDocument, { input: { workspaceId: w.ws, email, role } }, token);
    expect((await add(admin.email.toUpperCase(), 'ADMIN')).data?.addWorkspaceMember).toMatchObject({ role: 'ADMIN', user: { id: admin.id } });
    expect(errorCode(await add(admin.email, 'MEMBER'))).toBe('CONFLICT');
    const unknown = await add('nobody-here@example.com', 'MEMBER');
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.extensions?.field).toBe('email');

    expect((await add(bob.email, 'VIEWER', admin.token)).data?.addWorkspaceMember.role).toBe('VIEWER');
    expect(errorCode(await add(stranger.email, 'OWNER', admin.token))).toBe('FORBIDDEN');
    const promote = await t.gql(ChangeMemberRoleDocument, { input: { workspaceId: w.ws, userId: bob.id, role: 'MEMBER' } }, admin.token);
    expect(promote.data?.changeWorkspaceMemberRole.role).toBe('MEMBER');
    expect(errorCode(await t.gql(ChangeMemberRoleDocument, { input: { workspaceId: w.ws, userId: owner.id, role: 'ADMIN' } }, admin.token))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await t.gql(RemoveMemberDocument, { workspaceId: w.ws, userId: owner.id }, admin.token))).toBe('FORBIDDEN');

    expect((await t.gql(RemoveMemberDocument, { workspaceId: w.ws, userId: bob.id }, admin.token)).data?.removeWorkspaceMember).toBeTruthy();
    expect(errorCode(await t.gql(WorkspaceDocument, { id: w.ws }, bob.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(ProjectDocument, { id: w.project }, bob.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(RemoveMemberDocument, { workspaceId: w.ws, userId: bob.id }, admin.token))).toBe('NOT_FOUND');
  });

  it('never removes or demotes the last owner; a second owner makes it possible', async () => {
    const w = await makeTree(owner);
    const removeSelf = await t.gql(RemoveMemberDocument, { workspaceId: w.ws, userId: owner.id }, owner.token);
    expect(errorCode(removeSelf)).toBe('CONFLICT');
    const demote = await t.gql(ChangeMemberRoleDocument, { input: { workspaceId: w.ws, userId: owner.id, role: 'ADMIN' } }, owner.token);
    expect(errorCode(demote)).toBe('CONFLICT');
    expect((await t.gql(WorkspaceDocument, { id: w.ws }, owner.token)).data?.workspace?.myRole).toBe('OWNER');

    const second = await t.signUpUser();
    await t.gql(AddMemberDocument, { input: { workspaceId: w.ws, email: second.email, role: 'OWNER' } }, owner.token);
    expect((await t.gql(RemoveMemberDocument, { workspaceId: w.ws, userId: owner.id }, owner.token)).errors).toBeUndefined();
    expect(errorCode(await t.gql(WorkspaceDocument, { id: w.ws }, owner.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(RemoveMemberDocument, { workspaceId: w.ws, userId: second.id }, second.token))).toBe('CONFLICT');
  });

  it('keeps one owner when two owners demote each other at the same time', async () => {
    const w = await makeTree(owner);
    const second = await t.signUpUser();
    await t.gql(AddMemberDocument, { input: { workspaceId: w.ws, email: second.email, role: 'OWNER' } }, owner.token);
    const [a, b] = await Promise.all([
      t.gql(ChangeMemberRoleDocument, { input: { workspaceId: w.ws, userId: second.id, role: 'ADMIN' } }, owner.token),
      t.gql(ChangeMemberRoleDocument, { input: { workspaceId: w.ws, userId: owner.id, role: 'ADMIN' } }, second.token),
    ]);
    // One wins; the other is refused as the last owner (CONFLICT) or, if it arrives after the demotion, as an admin (FORBIDDEN).
    const codes = [errorCode(a), errorCode(b)];
    expect(codes.filter((c) => c === undefined)).toHaveLength(1);
    expect(['CONFLICT', 'FORBIDDEN']).toContain(codes.find((c) => c !== undefined));
    expect(await t.services.orm.em.fork().count(WorkspaceMember, { workspace: w.ws, role: 'owner' })).toBe(1);
  });

  it('lets any member leave', async () => {
    const leaver = await addMember('VIEWER');
    expect((await t.gql(RemoveMemberDocument, { workspaceId: ids.ws, userId: leaver.id }, leaver.token)).errors).toBeUndefined();
    expect((await t.gql(WorkspacesDocument, {}, leaver.token)).data?.workspaces).toEqual([]);
  });
});
