// Authorisation helpers shared by every resolver. Workspace membership decides everything:
// a non-member gets NOT_FOUND (existence is never revealed); a member below the needed role gets FORBIDDEN.
import type { Context, Viewer } from '../context.js';
import {
  Experiment,
  Project,
  Workspace,
  WorkspaceMember,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from '../entities/index.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import { hasScope } from '../guard/index.js';

export type { WorkspaceRole } from '../entities/index.js';

/** Roles that may change things (API keys additionally need the 'write' scope). */
export const WRITE_ROLE: WorkspaceRole = 'member';

export function roleAtLeast(role: WorkspaceRole, min: WorkspaceRole): boolean {
  return WORKSPACE_ROLES.indexOf(role) >= WORKSPACE_ROLES.indexOf(min);
}

export function requireViewer(ctx: Context): Viewer {
  if (ctx.viewer) return ctx.viewer;
  return unauthenticated(ctx.authError ?? 'Authentication required');
}


export async function findMembership(ctx: Context, workspaceId: string, userId: string): Promise<WorkspaceMember | null> {
  return ctx.em.findOne(WorkspaceMember, { workspace: workspaceId, user: userId });
}

/**
 * The viewer's role in the workspace, at least `min`. Throws UNAUTHENTICATED without a viewer,
 * NOT_FOUND (as `what`) for a non-member or unknown workspace, FORBIDDEN when the role or the API key's
 * scopes are not enough.
 */
export async function requireWorkspaceRole(
  ctx: Context,
  workspaceId: string,
  min: WorkspaceRole,
  what = 'Workspace',
): Promise<WorkspaceRole> {
  const viewer = requireViewer(ctx);
  const membership = await findMembership(ctx, workspaceId, viewer.userId);
  if (!membership) return notFound(what);
  if (!roleAtLeast(membership.role, min)) return forbidden(`This needs the ${min} role in the workspace (you are ${membership.role})`);
  const scope = min === 'viewer' ? 'read' : 'write';
  if (!hasScope(viewer, scope)) return forbidden(`This API key has no ${scope} scope`);
  return membership.role;
}

export async function loadWorkspaceForViewer(ctx: Context, id: string, min: WorkspaceRole = 'viewer'): Promise<Workspace> {
  requireViewer(ctx);
  const workspace = await ctx.em.findOne(Workspace, { id });
  if (!workspace) return notFound('Workspace');
  await requireWorkspaceRole(ctx, workspace.id, min);
  return workspace;
}

export async function loadProjectForViewer(ctx: Context, id: string, min: WorkspaceRole = 'viewer'): Promise<Project> {
  requireViewer(ctx);
  const project = await ctx.em.findOne(Project, { id });
  if (!project) return notFound('Project');
  await requireWorkspaceRole(ctx, project.workspace.id, min, 'Project');
  return project;
}

/** The experiment with its project loaded (experiment.project.workspace.id is the workspace). */
export async function loadExperimentForViewer(ctx: Context, id: string, min: WorkspaceRole = 'viewer'): Promise<Experiment> {
  requireViewer(ctx);
  const experiment = await ctx.em.findOne(Experiment, { id }, { populate: ['project'] });
  if (!experiment) return notFound('Experiment');
  await requireWorkspaceRole(ctx, experiment.project.workspace.id, min, 'Experiment');
  return experiment;
}
