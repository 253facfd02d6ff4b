import type { Context } from '../context.js';
import { Experiment, Project, Run } from '../entities/index.js';
import { loadProjectForViewer, loadWorkspaceForViewer, WRITE_ROLE } from './access.js';
import { requireId, requireName } from './input.js';

export function getProject(ctx: Context, id: string): Promise<Project> {
  return loadProjectForViewer(ctx, requireId(id));
}

export async function createProject(ctx: Context, input: { workspaceId: string; name: string }): Promise<Project> {
  const name = requireName(input.name);
  const workspace = await loadWorkspaceForViewer(ctx, requireId(input.workspaceId, 'workspaceId'), WRITE_ROLE);
  const project = ctx.em.create(Project, { workspace, name });
  await ctx.em.flush();
  return project;
}

export async function renameProject(ctx: Context, args: { id: string; name: string }): Promise<Project> {
  const name = requireName(args.name);
  const project = await loadProjectForViewer(ctx, requireId(args.id), WRITE_ROLE);
  project.name = name;
  await ctx.em.flush();
  return project;
}

/** Experiments, runs, events and artifacts below go by FK cascade; the runs' artifact folders are removed once it committed. */
export async function deleteProject(ctx: Context, args: { id: string }): Promise<string> {
  const project = await loadProjectForViewer(ctx, requireId(args.id), WRITE_ROLE);
  const runIds = (await ctx.em.find(Run, { experiment: { project: project.id } }, { fields: ['id'] })).map((r) => r.id);
  await ctx.em.nativeDelete(Project, { id: project.id });
  ctx.em.clear();
  await ctx.services.runs.removeDeletedFiles(runIds);
  return project.id;
}

export function projectExperiments(ctx: Context, project: Project): Promise<Experiment[]> {
  return ctx.em.find(Experiment, { project: project.id }, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

export async function projectById(ctx: Context, id: string): Promise<Project> {
  return ctx.em.findOneOrFail(Project, { id });
}
