import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId, now } from './ids.js';
import { User } from './user.js';
import { Workspace } from './workspace.js';

export const WORKSPACE_ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
/** Ordered from least to most powerful (see roleAtLeast in src/resolvers/access.ts). */
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const WorkspaceMember = defineEntity({
  name: 'WorkspaceMember',
  tableName: 'workspace_member',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    workspace: p.manyToOne(Workspace).deleteRule('cascade'),
    user: p.manyToOne(User).deleteRule('cascade').index(),
    role: p.string().length(16).$type<WorkspaceRole>(),
    createdAt: p.datetime().onCreate(now),
  }),
  uniques: [{ properties: ['workspace', 'user'] }],
});
export type WorkspaceMember = InferEntity<typeof WorkspaceMember>;
