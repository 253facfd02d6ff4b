import { EngineInputError } from '../errors.js';

/**
 * scikit-learn's TimeSeriesSplit(n_splits=k) on n positions (gap 0, no max_train_size): an expanding window.
 * test_size = floor(n / (k + 1)); fold f tests [start_f, start_f + test_size) with start_f = n - (k - f) *
 * test_size, and trains on every earlier position. TOO_FEW_ROWS when k + 1 > n.
 */
export function timeSeriesSplit(n: number, k: number, field = 'setupParams.fold'): Array<[Int32Array, Int32Array]> {
  if (k + 1 > n)
    throw new EngineInputError('TOO_FEW_ROWS', `a ${k}-fold time-series split needs at least ${k + 1} rows in the train part, it has ${n}`, field);
  const testSize = Math.floor(n / (k + 1));
  const out: Array<[Int32Array, Int32Array]> = [];
  for (let start = n - k * testSize; start < n; start += testSize) {
    const train = new Int32Array(start);
    for (let i = 0; i < start; i++) train[i] = i;
    const test = new Int32Array(testSize);
    for (let i = 0; i < testSize; i++) test[i] = start + i;
    out.push([train, test]);
  }
  return out;
}
