import type { HoldoutPredictionRow } from '../resolvers/analysis.js';
import { builder } from './builder.js';

export const HoldoutPredictionRef = builder.objectRef<HoldoutPredictionRow>('HoldoutPrediction').implement({
  description: "One holdout row as the run's chosen model scored it.",
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in the holdout (the cursor of holdoutPredictions(after:)).' }),
    row: t.exposeInt('row', { description: "Row number in the run's data (0-based)." }),
    actual: t.field({ type: 'JSON', resolve: (p) => p.actual }),
    predicted: t.field({ type: 'JSON', resolve: (p) => p.predicted }),
    probabilities: t.floatList({ nullable: true, description: 'Classification: one per class, in class order.', resolve: (p) => p.probabilities }),
  }),
});
