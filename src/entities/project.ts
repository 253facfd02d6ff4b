import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId, now } from './ids.js';
import { Workspace } from './workspace.js';

export const Project = defineEntity({
  name: 'Project',
  tableName: 'project',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    workspace: p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.string().length(200),
    createdAt: p.datetime().onCreate(now),
  }),
  indexes: [{ properties: ['workspace', 'createdAt'] }],
});
export type Project = InferEntity<typeof Project>;
