import type { ModelCard } from '../engine/index.js';
import { modelsOf } from '../resolvers/models.js';
import { builder } from './builder.js';
import { TaskTypeEnum } from './experiment.js';

export const ModelCardRef = builder.objectRef<ModelCard>('ModelCard').implement({
  fields: (t) => ({
    id: t.exposeString('id', { description: 'PyCaret\'s id, e.g. "lr", "rf".' }),
    name: t.exposeString('name'),
    task: t.field({ type: TaskTypeEnum, resolve: (m) => m.task }),
    turbo: t.exposeBoolean('turbo', { description: 'Part of compare by default (turbo mode).' }),
  }),
});

builder.queryFields((t) => ({
  models: t.field({
    type: [ModelCardRef],
    description: 'The models the engine offers for a task.',
    args: { task: t.arg({ type: TaskTypeEnum, required: true }) },
    resolve: (_r, { task }) => modelsOf(task),
  }),
}));
