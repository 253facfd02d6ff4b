import type { RunProgress } from '../jobs/index.js';
import { builder } from './builder.js';

export const RunProgressRef = builder.objectRef<RunProgress>('RunProgress').implement({
  description:
    'How far a run got. QUEUED: zeros with the totals the snapshot determines; SETUP: 0/0. A compare counts its models; a tune counts the baseline and each candidate as a model.',
  fields: (t) => ({
    modelsDone: t.exposeInt('modelsDone', { description: 'Models finished or failed.' }),
    modelsTotal: t.exposeInt('modelsTotal'),
    foldsDone: t.exposeInt('foldsDone', { description: "Folds scored (a failed model's folds count as done)." }),
    foldsTotal: t.exposeInt('foldsTotal'),
    currentModelId: t.exposeString('currentModelId', { nullable: true, description: 'The model being cross-validated, if any.' }),
  }),
});
