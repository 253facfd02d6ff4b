import type { TaskType } from '../engine/index.js';
import { createExperiment, deleteExperiment, getExperiment, renameExperiment } from '../resolvers/experiments.js';
import { projectById } from '../resolvers/projects.js';
import { builder } from './builder.js';
import { ExperimentRef, ProjectRef } from './refs.js';

/** GraphQL TaskType (CLASSIFICATION, REGRESSION) ↔ stored/engine task ('classification', 'regression'). */
export const TaskTypeEnum = builder.enumType('TaskType', {
  values: {
    CLASSIFICATION: { value: 'classification' as TaskType },
    REGRESSION: { value: 'regression' as TaskType },
  } as const,
});

ExperimentRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    project: t.field({ type: ProjectRef, resolve: (e, _a, ctx) => projectById(ctx, e.project.id) }),
    task: t.field({ type: TaskTypeEnum, resolve: (e) => e.task }),
    target: t.exposeString('target'),
    setupParams: t.field({ type: 'JSON', description: 'Engine setup options (fold, trainSize, sessionId, normalize, ...).', resolve: (e) => e.setupParams }),
  }),
});

const CreateExperimentInput = builder.inputType('CreateExperimentInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    name: t.string({ required: true }),
    task: t.field({ type: TaskTypeEnum, required: true }),
    target: t.string({ required: true }),
    setupParams: t.field({ type: 'JSON' }),
  }),
});

builder.queryFields((t) => ({
  experiment: t.field({
    type: ExperimentRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => getExperiment(ctx, id),
  }),
}));

builder.mutationFields((t) => ({
  createExperiment: t.field({
    type: ExperimentRef,
    args: { input: t.arg({ type: CreateExperimentInput, required: true }) },
    resolve: (_r, { input }, ctx) => createExperiment(ctx, input),
  }),
  renameExperiment: t.field({
    type: ExperimentRef,
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => renameExperiment(ctx, args),
  }),
  deleteExperiment: t.field({
    type: 'ID',
    description: 'Deletes the experiment with its runs, events and artifacts. Returns the deleted id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteExperiment(ctx, args),
  }),
}));
