import type { Explanation } from '../engine/index.js';
import { builder } from './builder.js';

export const ExplanationRef = builder.objectRef<Explanation>('Explanation').implement({
  description:
    'Exact TreeSHAP contributions (tree models): for each row and output, expectedValue[output] + Σ values[row][output][feature] = the model\'s raw output (outputKind).',
  fields: (t) => ({
    features: t.exposeStringList('features', { description: 'The model inputs (encoded columns) the values are for.' }),
    outputs: t.field({ type: ['JSON'], description: 'Per output: its class (classification) or the target (regression).', resolve: (e) => e.outputs }),
    outputKind: t.exposeString('outputKind', { description: '"probability" (dt/rf/et), "margin" (gbc/lightgbm), "decision" (ada) or "value" (regressors).' }),
    expectedValue: t.exposeFloatList('expectedValue', { description: 'Per output.' }),
    values: t.field({ type: t.listRef(t.listRef(t.listRef('Float'))), description: 'values[row][output][feature].', resolve: (e) => e.values }),
  }),
});
