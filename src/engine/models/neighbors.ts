// The k-nearest-neighbours models' specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { ModelSpec } from '../core/estimator.js';
import { estimatorSpec, range } from './estimator-spec.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/knn.js';

const KNN_SPACE = { nNeighbors: range(1, 50), weights: ['uniform', 'distance'], metric: ['minkowski', 'euclidean', 'manhattan'] };

export const NEIGHBORS_SPECS: readonly ModelSpec[] = [
  estimatorSpec('knn', 'K Neighbors Classifier', 'classification', (p) => new KNeighborsClassifier(p), KNN_SPACE),
  estimatorSpec('knn', 'K Neighbors Regressor', 'regression', (p) => new KNeighborsRegressor(p), KNN_SPACE),
];
