// The naive Bayes model' specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { ModelSpec } from '../core/estimator.js';
import { estimatorSpec } from './estimator-spec.js';
import { GaussianNB } from '../bayes/gaussian-nb.js';

export const BAYES_SPECS: readonly ModelSpec[] = [
  estimatorSpec('nb', 'Naive Bayes', 'classification', (p) => new GaussianNB(p), {
    varSmoothing: [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 0.5, 1],
  }),
];
