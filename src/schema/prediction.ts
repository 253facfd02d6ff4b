import { predict, type PredictionResult } from '../resolvers/predictions.js';
import { builder } from './builder.js';

export const PredictionRef = builder.objectRef<PredictionResult>('Prediction').implement({
  fields: (t) => ({
    runId: t.exposeID('runId'),
    modelId: t.exposeString('modelId'),
    artifactSha256: t.exposeString('artifactSha256', { description: 'SHA-256 of the pipeline file that scored the rows.' }),
    predictions: t.field({
      type: ['JSON'],
      description: 'One label (classification, the original class value) or value (regression) per row.',
      resolve: (p) => p.predictions,
    }),
    classes: t.field({ type: ['JSON'], nullable: true, resolve: (p) => p.classes ?? null }),
    probabilities: t.field({
      type: t.listRef(t.listRef('Float')),
      nullable: true,
      description: 'Classification: one probability row per input row, columns in the order of classes.',
      resolve: (p) => p.probabilities ?? null,
    }),
  }),
});

builder.mutationFields((t) => ({
  predict: t.field({
    type: PredictionRef,
    description:
      'Scores rows ({"col":[...]} or [{"col":v}, ...]) with the run\'s stored pipeline (the final one when final is true), ' +
      'after checking the file against its SHA-256.',
    args: { runId: t.arg.id({ required: true }), rows: t.arg({ type: 'JSON', required: true }), final: t.arg.boolean({ defaultValue: false }) },
    resolve: (_r, args, ctx) => predict(ctx, { runId: String(args.runId), rows: args.rows, final: args.final }),
  }),
}));
