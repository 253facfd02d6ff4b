import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { TaskType } from '../engine/index.js';
import { newId, now } from './ids.js';
import { Project } from './project.js';

export const Experiment = defineEntity({
  name: 'Experiment',
  tableName: 'experiment',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    project: p.manyToOne(Project).deleteRule('cascade'),
    name: p.string().length(200),
    task: p.string().length(16).$type<TaskType>(),
    target: p.string().length(200),
    /** Engine setup options (SetupOptions), always a JSON object. */
    setupParams: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(now),
  }),
  indexes: [{ properties: ['project', 'createdAt'] }],
});
export type Experiment = InferEntity<typeof Experiment>;
