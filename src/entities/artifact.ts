import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId, now } from './ids.js';
import { Run } from './run.js';

export const Artifact = defineEntity({
  name: 'Artifact',
  tableName: 'artifact',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    run: p.manyToOne(Run).deleteRule('cascade').index(),
    /** 'pipeline', ... */
    kind: p.string().length(50),
    /** Relative to ARTIFACT_DIR. */
    path: p.string().length(500),
    sha256: p.string().length(64),
    sizeBytes: p.integer(),
    createdAt: p.datetime().onCreate(now),
  }),
});
export type Artifact = InferEntity<typeof Artifact>;
