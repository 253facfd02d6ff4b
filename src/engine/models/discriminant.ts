// The discriminant-analysis models' specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { ModelSpec } from '../core/estimator.js';
import { estimatorSpec } from './estimator-spec.js';
import { QuadraticDiscriminantAnalysis } from '../discriminant/qda.js';
import { LinearDiscriminantAnalysis } from '../discriminant/lda.js';

export const DISCRIMINANT_SPECS: readonly ModelSpec[] = [
  estimatorSpec('qda', 'Quadratic Discriminant Analysis', 'classification', (p) => new QuadraticDiscriminantAnalysis(p), {
    regParam: [0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1],
  }),
  estimatorSpec('lda', 'Linear Discriminant Analysis', 'classification', (p) => new LinearDiscriminantAnalysis(p), {
    shrinkage: [null, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.8, 1],
  }),
];
