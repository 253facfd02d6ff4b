import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Context } from '../context.js';
import type { Em } from '../db.js';
import { User, Workspace, WorkspaceMember, WORKSPACE_ROLES, type WorkspaceRole } from '../entities/index.js';
import { badInput, conflict, forbidden, notFound } from '../errors.js';
import { loadWorkspaceForViewer, requireViewer, requireWorkspaceRole } from './access.js';
import { requireEmail, requireId } from './input.js';

// Rules: admins and owners manage members; only owners grant, change or remove the owner role;
// anyone may leave; the last owner can be neither removed nor demoted.

export async function listMembers(ctx: Context, workspaceId: string): Promise<WorkspaceMember[]> {
  return ctx.em.find(WorkspaceMember, { workspace: workspaceId }, { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' } });
}

function requireRole(role: string): WorkspaceRole {
  if (!(WORKSPACE_ROLES as readonly string[]).includes(role)) return badInput(`unknown role ${role}`, 'role');
  return role as WorkspaceRole;
}

/**
 * Runs fn in a transaction in which the workspace's owners cannot change under it: on PostgreSQL the workspace
 * row is locked FOR UPDATE (two owners demoting each other at once must not leave none); SQLite has one
 * connection, so the transaction alone serialises.
 */
async function withOwnersLocked<T>(ctx: Context, workspaceId: string, fn: (em: Em, owners: number) => Promise<T>): Promise<T> {
  return ctx.em.transactional(async (em) => {
    if (ctx.services.config.database.kind === 'postgresql') {
      await em.findOneOrFail(Workspace, { id: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    }
    return fn(em, await em.count(WorkspaceMember, { workspace: workspaceId, role: 'owner' }));
  });
}

async function loadMember(ctx: Context, workspaceId: string, userId: string): Promise<WorkspaceMember> {
  const member = await ctx.em.findOne(WorkspaceMember, { workspace: workspaceId, user: userId }, { populate: ['user'] });
  return member ?? notFound('Member');
}

export async function addMember(
  ctx: Context,
  input: { workspaceId: string; email: string; role: string },
): Promise<WorkspaceMember> {
  const email = requireEmail(input.email);
  const role = requireRole(input.role);
  const workspace = await loadWorkspaceForViewer(ctx, requireId(input.workspaceId, 'workspaceId'));
  const myRole = await requireWorkspaceRole(ctx, workspace.id, 'admin');
  if (role === 'owner' && myRole !== 'owner') return forbidden('Only an owner can add an owner');
  const user = await ctx.em.findOne(User, { email });
  if (!user) return badInput('No account with this email', 'email');
  if (await ctx.em.count(WorkspaceMember, { workspace: workspace.id, user: user.id }))
    return conflict('This user is already a member', 'email');
  const member = ctx.em.create(WorkspaceMember, { workspace, user, role });
  try {
    await ctx.em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return conflict('This user is already a member', 'email');
    throw err;
  }
  return member;
}

export async function changeMemberRole(
  ctx: Context,
  input: { workspaceId: string; userId: string; role: string },
): Promise<WorkspaceMember> {
  const role = requireRole(input.role);
  const workspace = await loadWorkspaceForViewer(ctx, requireId(input.workspaceId, 'workspaceId'));
  const myRole = await requireWorkspaceRole(ctx, workspace.id, 'admin');
  const member = await loadMember(ctx, workspace.id, requireId(input.userId, 'userId'));
  if ((role === 'owner' || member.role === 'owner') && myRole !== 'owner') return forbidden('Only an owner can change an owner');
  return withOwnersLocked(ctx, workspace.id, async (em, owners) => {
    const current = await em.findOne(WorkspaceMember, { id: member.id }, { refresh: true });
    if (!current) return notFound('Member');
    if (current.role === 'owner' && role !== 'owner' && owners <= 1)
      return conflict('The last owner cannot be demoted; make someone else owner first', 'role');
    await em.nativeUpdate(WorkspaceMember, { id: member.id }, { role });
    member.role = role;
    return member;
  }).then(async (changed) => {
    await ctx.services.subscriptions.accessChanged({ userId: changed.user.id, workspaceId: workspace.id });
    return changed;
  });
}

export async function removeMember(ctx: Context, input: { workspaceId: string; userId: string }): Promise<string> {
  const viewer = requireViewer(ctx);
  const workspace = await loadWorkspaceForViewer(ctx, requireId(input.workspaceId, 'workspaceId'));
  const userId = requireId(input.userId, 'userId');
  const leaving = userId === viewer.userId;
  const myRole = await requireWorkspaceRole(ctx, workspace.id, leaving ? 'viewer' : 'admin');
  const member = await loadMember(ctx, workspace.id, userId);
  if (member.role === 'owner' && !leaving && myRole !== 'owner') return forbidden('Only an owner can remove an owner');
  return withOwnersLocked(ctx, workspace.id, async (em, owners) => {
    const current = await em.findOne(WorkspaceMember, { id: member.id }, { refresh: true });
    if (!current) return notFound('Member');
    if (current.role === 'owner' && owners <= 1)
      return conflict('The last owner cannot be removed; make someone else owner first', 'userId');
    await em.nativeDelete(WorkspaceMember, { id: member.id });
    return member.id;
  }).then(async (removed) => {
    // Live subscriptions of the removed member end (any process).
    await ctx.services.subscriptions.accessChanged({ userId, workspaceId: workspace.id });
    return removed;
  });
}
