// Fold and holdout scoring needs labels and probabilities; for a model whose predict is the argmax of its
// predictProba (knn, forests, boosting) the labels come from the probabilities it already computed, so knn
// searches the neighbours once per scoring instead of twice, with the same scores.
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../src/engine/core/matrix.js';
import { classificationScores } from '../../../src/engine/metrics/index.js';
import { KNeighborsClassifier } from '../../../src/engine/neighbors/knn.js';
import { predictWithThreshold, scoreEstimator } from '../../../src/engine/experiment/scoring.js';
import { loadBuiltin, slice } from '../../helpers/builtin-data.js';

class CountingKnn extends KNeighborsClassifier {
  searches = 0;
  override predictProba(X: Matrix): Matrix {
    this.searches++;
    return super.predictProba(X);
  }
}

describe('scoring a classifier whose labels derive from its probabilities', () => {
  const { X, y } = loadBuiltin('digits');
  const train = slice(X, 1200);
  const test: Matrix = { rows: X.rows - 1200, cols: X.cols, data: X.data.subarray(1200 * X.cols) };
  const ytrain = y.subarray(0, 1200);
  const ytest = y.subarray(1200);

  it('knn is searched once, and the scores equal those of predict and predictProba called apart', () => {
    const knn = new CountingKnn().fit(train, ytrain);
    const scores = scoreEstimator(knn, test, ytest, 'classification', 10);
    expect(knn.searches).toBe(1);
    const expected = classificationScores(ytest, knn.predict(test), knn.predictProba(test), 10, knn.classes ?? undefined);
    expect(scores).toEqual(expected);
  });

  it('predictWithThreshold without a threshold takes the labels from the given probabilities', () => {
    const knn = new CountingKnn().fit(train, ytrain);
    const P = knn.predictProba(test);
    const labels = predictWithThreshold(knn, test, P, undefined);
    expect(knn.searches).toBe(1);
    expect(Array.from(labels)).toEqual(Array.from(new KNeighborsClassifier().fit(train, ytrain).predict(test)));
  });
});
