import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { ColumnProfile } from '../engine/index.js';
import { newId, now } from './ids.js';
import { User } from './user.js';
import { Workspace } from './workspace.js';

export const Dataset = defineEntity({
  name: 'Dataset',
  tableName: 'dataset',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    workspace: p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.string().length(200),
    fileName: p.string().length(255),
    columns: p.json<ColumnProfile[]>(),
    rowCount: p.integer(),
    sha256: p.string().length(64),
    sizeBytes: p.integer(),
    /** Relative to ARTIFACT_DIR. */
    storagePath: p.string().length(500),
    createdBy: p.manyToOne(User).nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(now),
  }),
  indexes: [{ properties: ['workspace', 'createdAt'] }],
});
export type Dataset = InferEntity<typeof Dataset>;
