import { checkRowsForFolds } from '../frame/folds-check.js';
import type { FoldOptions } from './kfold.js';
import { NumpyRandomState } from './numpy-random.js';
import { foldsFromAssignment, numpySeed } from './shared.js';

/**
 * scikit-learn 1.2's StratifiedKFold(k, shuffle, random_state=seed)._make_test_folds: classes numbered by
 * first appearance; per-fold class allocation by dealing the class-sorted labels round robin; each class's
 * rows (in order) take fold ids in blocks 0,0,..,1,1,.. (shuffled per class with numpy's RandomState when
 * shuffle). Returns [trainPositions, testPositions] per fold, both ascending.
 * TOO_FEW_ROWS when there are fewer rows than folds or every class has fewer than k rows.
 */
export function stratifiedKFold(y: Float64Array, k: number, o?: FoldOptions): Array<[Int32Array, Int32Array]> {
  const n = y.length;
  const byAppearance = new Map<number, number>();
  const encoded = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    let c = byAppearance.get(v);
    if (c === undefined) {
      c = byAppearance.size;
      byAppearance.set(v, c);
    }
    encoded[i] = c;
  }
  const nClasses = byAppearance.size;
  const counts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < n; i++) counts[encoded[i] as number]! += 1;
  checkRowsForFolds(counts, k);

  // allocation[f][c] = members of class c among y_order[f::k], y_order = sorted codes
  const allocation: number[][] = Array.from({ length: k }, () => new Array<number>(nClasses).fill(0));
  let pos = 0;
  for (let c = 0; c < nClasses; c++)
    for (let m = 0; m < (counts[c] as number); m++, pos++) (allocation[pos % k] as number[])[c]! += 1;

  const rng = o?.shuffle ? new NumpyRandomState(numpySeed(o.seed ?? 0)) : null;
  const testFold = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const foldsForClass = new Int32Array(counts[c] as number);
    let at = 0;
    for (let f = 0; f < k; f++) for (let m = 0; m < ((allocation[f] as number[])[c] as number); m++) foldsForClass[at++] = f;
    if (rng) rng.shuffle(foldsForClass);
    at = 0;
    for (let i = 0; i < n; i++) if (encoded[i] === c) testFold[i] = foldsForClass[at++] as number;
  }
  return foldsFromAssignment(testFold, k);
}
