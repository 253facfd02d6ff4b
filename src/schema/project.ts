import { createProject, deleteProject, getProject, projectExperiments, renameProject } from '../resolvers/projects.js';
import { workspaceById } from '../resolvers/workspaces.js';
import { builder } from './builder.js';
import { ExperimentRef, ProjectRef, WorkspaceRef } from './refs.js';

ProjectRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    workspace: t.field({ type: WorkspaceRef, resolve: (p, _a, ctx) => workspaceById(ctx, p.workspace.id) }),
    experiments: t.field({ type: [ExperimentRef], description: 'Newest first.', resolve: (p, _a, ctx) => projectExperiments(ctx, p) }),
  }),
});

const CreateProjectInput = builder.inputType('CreateProjectInput', {
  fields: (t) => ({ workspaceId: t.id({ required: true }), name: t.string({ required: true }) }),
});

builder.queryFields((t) => ({
  project: t.field({
    type: ProjectRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => getProject(ctx, id),
  }),
}));

builder.mutationFields((t) => ({
  createProject: t.field({
    type: ProjectRef,
    args: { input: t.arg({ type: CreateProjectInput, required: true }) },
    resolve: (_r, { input }, ctx) => createProject(ctx, input),
  }),
  renameProject: t.field({
    type: ProjectRef,
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => renameProject(ctx, args),
  }),
  deleteProject: t.field({
    type: 'ID',
    description: 'Deletes the project and everything in it. Returns the deleted id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteProject(ctx, args),
  }),
}));
