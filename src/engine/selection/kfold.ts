import { checkRowsForFolds } from '../frame/folds-check.js';
import { NumpyRandomState } from './numpy-random.js';
import { foldsFromAssignment, numpySeed } from './shared.js';

export interface FoldOptions {
  shuffle?: boolean; // default false (as PyCaret)
  seed?: number; // used only with shuffle (default 0)
}

/**
 * scikit-learn's KFold(k, shuffle, random_state=seed) on n rows: contiguous test blocks, the first n % k
 * one row larger; with shuffle the positions are first shuffled by numpy's RandomState(seed).
 * Returns [trainPositions, testPositions] per fold, both ascending. TOO_FEW_ROWS when n < k.
 */
export function kFold(n: number, k: number, o?: FoldOptions): Array<[Int32Array, Int32Array]> {
  checkRowsForFolds(n, k);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (o?.shuffle) new NumpyRandomState(numpySeed(o.seed ?? 0)).shuffle(order);
  const testFold = new Int32Array(n);
  const base = Math.floor(n / k);
  let at = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < n % k ? 1 : 0);
    for (let i = 0; i < size; i++) testFold[order[at++] as number] = f;
  }
  return foldsFromAssignment(testFold, k);
}
