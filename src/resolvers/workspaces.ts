import type { Context } from '../context.js';
import { Dataset, Project, Run, Workspace, WorkspaceMember, type WorkspaceRole } from '../entities/index.js';
import { loadWorkspaceForViewer, requireViewer } from './access.js';
import { requireId, requireName } from './input.js';

export async function listWorkspaces(ctx: Context): Promise<Workspace[]> {
  const viewer = requireViewer(ctx);
  const memberships = await ctx.em.find(
    WorkspaceMember,
    { user: viewer.userId },
    { populate: ['workspace'], orderBy: { workspace: { createdAt: 'desc', id: 'asc' } } },
  );
  return memberships.map((m) => m.workspace);
}

export function getWorkspace(ctx: Context, id: string): Promise<Workspace> {
  return loadWorkspaceForViewer(ctx, requireId(id));
}

/** Creates the workspace with the viewer as its owner (one flush, one transaction). */
export async function createWorkspace(ctx: Context, input: { name: string }): Promise<Workspace> {
  const viewer = requireViewer(ctx);
  const name = requireName(input.name);
  const workspace = ctx.em.create(Workspace, { name });
  ctx.em.create(WorkspaceMember, { workspace, user: viewer.userId, role: 'owner' });
  await ctx.em.flush();
  return workspace;
}

export async function renameWorkspace(ctx: Context, args: { id: string; name: string }): Promise<Workspace> {
  const name = requireName(args.name);
  const workspace = await loadWorkspaceForViewer(ctx, requireId(args.id), 'admin');
  workspace.name = name;
  await ctx.em.flush();
  return workspace;
}

/**
 * Owner only. Everything below (projects, experiments, runs, events, datasets, members) goes by FK cascade;
 * once that committed, the runs' artifact folders and the uploaded dataset files are removed.
 */
export async function deleteWorkspace(ctx: Context, args: { id: string }): Promise<string> {
  const workspace = await loadWorkspaceForViewer(ctx, requireId(args.id), 'owner');
  const runIds = (await ctx.em.find(Run, { experiment: { project: { workspace: workspace.id } } }, { fields: ['id'] })).map((r) => r.id);
  const datasetPaths = (await ctx.em.find(Dataset, { workspace: workspace.id }, { fields: ['storagePath'] })).map((d) => d.storagePath);
  await ctx.em.nativeDelete(Workspace, { id: workspace.id });
  ctx.em.clear();
  await ctx.services.subscriptions.accessChanged({ workspaceId: workspace.id });
  await ctx.services.runs.removeDeletedFiles(runIds, [...datasetPaths, `datasets/${workspace.id}`]);
  return workspace.id;
}

export function workspaceProjects(ctx: Context, workspace: Workspace): Promise<Project[]> {
  return ctx.em.find(Project, { workspace: workspace.id }, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

export async function viewerRole(ctx: Context, workspace: Workspace): Promise<WorkspaceRole> {
  const viewer = requireViewer(ctx);
  const membership = await ctx.em.findOneOrFail(WorkspaceMember, { workspace: workspace.id, user: viewer.userId });
  return membership.role;
}

export async function workspaceById(ctx: Context, id: string): Promise<Workspace> {
  return ctx.em.findOneOrFail(Workspace, { id });
}
