import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId, now } from './ids.js';

export const Workspace = defineEntity({
  name: 'Workspace',
  tableName: 'workspace',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    name: p.string().length(200),
    createdAt: p.datetime().onCreate(now),
    updatedAt: p.datetime().onCreate(now).onUpdate(now),
  }),
});
export type Workspace = InferEntity<typeof Workspace>;
