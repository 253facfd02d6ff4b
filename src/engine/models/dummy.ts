// The dummy baselines' specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { ModelSpec } from '../core/estimator.js';
import { estimatorSpec } from './estimator-spec.js';
import { DummyClassifier, DummyRegressor } from '../dummy/dummy.js';

export const DUMMY_SPECS: readonly ModelSpec[] = [
  estimatorSpec('dummy', 'Dummy Classifier', 'classification', (p) => new DummyClassifier(p), { strategy: ['prior', 'most_frequent'] }),
  estimatorSpec('dummy', 'Dummy Regressor', 'regression', (p) => new DummyRegressor(p), { strategy: ['mean', 'median'] }),
];
