import { GraphQLError } from 'graphql';
import type { ColumnProfile } from '../engine/index.js';
import type { Dataset } from '../entities/index.js';
import { deleteDataset, getDataset, listDatasets, uploadDataset } from '../resolvers/datasets.js';
import { builder } from './builder.js';

export const FileScalar = builder.scalarType('File', {
  description: 'A file sent with a GraphQL multipart request (graphql-multipart-request-spec).',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => value,
  parseLiteral: () => {
    throw new GraphQLError('File must be sent as a variable in a multipart request', { extensions: { code: 'BAD_USER_INPUT', field: 'file' } });
  },
});

export const ColumnProfileRef = builder.objectRef<ColumnProfile>('ColumnProfile').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.exposeString('type', { description: '"numeric" or "categorical".' }),
    inferredType: t.string({
      description: 'What setup treats the column as without overrides: "numeric", "categorical", "date" or "text" (dates and free text are stored as categorical).',
      // Profiles stored before type inference existed have no inferredType: their storage type is what setup inferred then.
      resolve: (c) => c.inferredType ?? c.type,
    }),
    missing: t.exposeInt('missing'),
    distinct: t.exposeInt('distinct'),
  }),
});

export const DatasetRef = builder.objectRef<Dataset>('Dataset').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    fileName: t.exposeString('fileName'),
    rowCount: t.exposeInt('rowCount'),
    columns: t.field({ type: [ColumnProfileRef], description: 'Profile of each column.', resolve: (d) => d.columns }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the uploaded file bytes.' }),
    sizeBytes: t.exposeInt('sizeBytes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  datasets: t.field({
    type: [DatasetRef],
    description: 'Uploaded datasets of a workspace, newest first.',
    args: { workspaceId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => listDatasets(ctx, String(args.workspaceId)),
  }),
  dataset: t.field({
    type: DatasetRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => getDataset(ctx, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  uploadDataset: t.field({
    type: DatasetRef,
    description: 'Uploads a CSV (multipart request); it is stored, parsed, profiled and hashed. Size limit: MAX_UPLOAD_BYTES (default 200 MB).',
    args: {
      workspaceId: t.arg.id({ required: true }),
      name: t.arg.string({ required: true }),
      file: t.arg({ type: FileScalar, required: true }),
    },
    resolve: (_r, args, ctx) => uploadDataset(ctx, { workspaceId: String(args.workspaceId), name: args.name, file: args.file }),
  }),
  deleteDataset: t.field({
    type: 'ID',
    description: 'Deletes an uploaded dataset and its file (members, admins and owners of its workspace); returns its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteDataset(ctx, String(args.id)),
  }),
}));
