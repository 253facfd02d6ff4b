// The linear-kernel SVM (SGD hinge loss, as PyCaret's "svm")' specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { ModelSpec } from '../core/estimator.js';
import { estimatorSpec } from './estimator-spec.js';
import { SGDClassifier } from '../svm/sgd-classifier.js';

export const SVM_SPECS: readonly ModelSpec[] = [
  estimatorSpec('svm', 'SVM - Linear Kernel', 'classification', (p) => new SGDClassifier(p), {
    alpha: [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.5],
    fitIntercept: [true, false],
  }),
];
