import { WORKSPACE_ROLES, type WorkspaceRole } from '../entities/index.js';
import { addMember, changeMemberRole, listMembers, removeMember } from '../resolvers/members.js';
import { userById } from '../resolvers/users.js';
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  renameWorkspace,
  viewerRole,
  workspaceById,
  workspaceProjects,
} from '../resolvers/workspaces.js';
import { builder } from './builder.js';
import { ProjectRef, UserRef, WorkspaceMemberRef, WorkspaceRef } from './refs.js';

export const WorkspaceRoleEnum = builder.enumType('WorkspaceRole', {
  values: Object.fromEntries(WORKSPACE_ROLES.map((r) => [r.toUpperCase(), { value: r }])) as Record<
    Uppercase<WorkspaceRole>,
    { value: WorkspaceRole }
  >,
});

WorkspaceRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    projects: t.field({ type: [ProjectRef], description: 'Newest first.', resolve: (w, _a, ctx) => workspaceProjects(ctx, w) }),
    members: t.field({ type: [WorkspaceMemberRef], resolve: (w, _a, ctx) => listMembers(ctx, w.id) }),
    myRole: t.field({ type: WorkspaceRoleEnum, description: "The viewer's role.", resolve: (w, _a, ctx) => viewerRole(ctx, w) }),
  }),
});

WorkspaceMemberRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    user: t.field({ type: UserRef, resolve: (m, _a, ctx) => userById(ctx, m.user.id) }),
    workspace: t.field({ type: WorkspaceRef, resolve: (m, _a, ctx) => workspaceById(ctx, m.workspace.id) }),
    role: t.field({ type: WorkspaceRoleEnum, resolve: (m) => m.role }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreateWorkspaceInput = builder.inputType('CreateWorkspaceInput', {
  fields: (t) => ({ name: t.string({ required: true }) }),
});
const AddWorkspaceMemberInput = builder.inputType('AddWorkspaceMemberInput', {
  fields: (t) => ({
    workspaceId: t.id({ required: true }),
    email: t.string({ required: true }),
    role: t.field({ type: WorkspaceRoleEnum, required: true }),
  }),
});
const ChangeWorkspaceMemberRoleInput = builder.inputType('ChangeWorkspaceMemberRoleInput', {
  fields: (t) => ({
    workspaceId: t.id({ required: true }),
    userId: t.id({ required: true }),
    role: t.field({ type: WorkspaceRoleEnum, required: true }),
  }),
});

builder.queryFields((t) => ({
  workspaces: t.field({
    type: [WorkspaceRef],
    description: 'Workspaces the viewer is a member of, newest first.',
    resolve: (_r, _a, ctx) => listWorkspaces(ctx),
  }),
  workspace: t.field({
    type: WorkspaceRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => getWorkspace(ctx, id),
  }),
}));

builder.mutationFields((t) => ({
  createWorkspace: t.field({
    type: WorkspaceRef,
    args: { input: t.arg({ type: CreateWorkspaceInput, required: true }) },
    resolve: (_r, { input }, ctx) => createWorkspace(ctx, input),
  }),
  renameWorkspace: t.field({
    type: WorkspaceRef,
    description: 'Admins and owners.',
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => renameWorkspace(ctx, args),
  }),
  deleteWorkspace: t.field({
    type: 'ID',
    description: 'Owners only; deletes everything in the workspace. Returns the deleted id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteWorkspace(ctx, args),
  }),
  addWorkspaceMember: t.field({
    type: WorkspaceMemberRef,
    description: 'Admins and owners; only owners can add owners.',
    args: { input: t.arg({ type: AddWorkspaceMemberInput, required: true }) },
    resolve: (_r, { input }, ctx) => addMember(ctx, input),
  }),
  changeWorkspaceMemberRole: t.field({
    type: WorkspaceMemberRef,
    description: 'Admins and owners; only owners change owners; the last owner cannot be demoted.',
    args: { input: t.arg({ type: ChangeWorkspaceMemberRoleInput, required: true }) },
    resolve: (_r, { input }, ctx) => changeMemberRole(ctx, input),
  }),
  removeWorkspaceMember: t.field({
    type: 'ID',
    description: 'Admins and owners, or anyone leaving; the last owner cannot be removed. Returns the membership id.',
    args: { workspaceId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => removeMember(ctx, args),
  }),
}));
