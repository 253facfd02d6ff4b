import { predict, type PredictionResult } from '../resolvers/predictions.js';
import { builder } from './builder.js';
import { ExplanationRef } from './explanation.js';

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
    probabilityThreshold: t.float({ nullable: true, description: 'Binary tasks: the threshold the predictions used (null: the model\'s own predict).', resolve: (p) => p.probabilityThreshold }),
    explanation: t.field({ type: ExplanationRef, nullable: true, description: 'With explain: true.', resolve: (p) => p.explanation }),
  }),
});

builder.mutationFields((t) => ({
  predict: t.field({
    type: PredictionRef,
    description:
      'Scores rows ({"col":[...]} or [{"col":v}, ...]) with the run\'s stored pipeline (the final one when final is true), ' +
      'after checking the file against its SHA-256.',
    args: {
      runId: t.arg.id({ required: true }),
      rows: t.arg({ type: 'JSON', required: true }),
      final: t.arg.boolean({ defaultValue: false }),
      probabilityThreshold: t.arg.float({ description: "Binary tasks: the positive class when its probability ≥ this (default: the run's params.probabilityThreshold)." }),
      explain: t.arg.boolean({ defaultValue: false, description: 'Add per-row TreeSHAP contributions (tree models only).' }),
    },
    resolve: (_r, args, ctx) => predict(ctx, { runId: String(args.runId), rows: args.rows, final: args.final, probabilityThreshold: args.probabilityThreshold, explain: args.explain }),
  }),
}));
