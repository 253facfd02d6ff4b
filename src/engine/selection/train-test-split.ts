import { EngineInputError } from '../errors.js';
import { NumpyRandomState } from './numpy-random.js';
import { numpySeed, uniqueSorted } from './shared.js';

export interface TrainTestSplitOptions {
  trainSize: number; // (0, 1)
  seed: number;
  stratify?: Float64Array; // labels per row: keep class proportions in both parts
  shuffle?: boolean; // default true; false = first rows train, last rows test (no stratify)
}

/**
 * scikit-learn 1.2's train_test_split(range(n), train_size, stratify, random_state=seed, shuffle), index for
 * index (PyCaret's setup split): n_train = floor(trainSize * n), n_test = n - n_train; stratified =
 * StratifiedShuffleSplit (per-class counts by _approximate_mode, per-class permutations), otherwise
 * ShuffleSplit; both drawn from numpy's RandomState(seed). Row numbers come in scikit-learn's order (not sorted).
 */
export function trainTestSplit(n: number, o: TrainTestSplitOptions): { train: Int32Array; test: Int32Array } {
  const { trainSize, seed, stratify } = o;
  const shuffle = o.shuffle ?? true;
  if (!(typeof trainSize === 'number' && trainSize > 0 && trainSize < 1))
    throw new EngineInputError('BAD_PARAM', `trainSize must be a number between 0 and 1 (exclusive), got ${String(trainSize)}`, 'setupParams.trainSize');
  if (stratify && stratify.length !== n) throw new RangeError(`stratify has ${stratify.length} labels for ${n} rows`);
  const nTrain = Math.floor(trainSize * n);
  const nTest = n - nTrain;
  if (nTrain === 0 || nTest === 0)
    throw new EngineInputError(
      'TOO_FEW_ROWS',
      `A ${Math.round(trainSize * 100)}/${Math.round((1 - trainSize) * 100)} split of ${n} rows leaves the ${nTrain === 0 ? 'train' : 'test'} part empty: add rows or change trainSize`,
      'setupParams.trainSize',
    );

  if (!shuffle) {
    if (stratify)
      throw new EngineInputError('BAD_PARAM', 'A stratified split needs shuffling: set dataSplitStratify to false or keep shuffling on', 'setupParams.dataSplitStratify');
    return { train: range(0, nTrain), test: range(nTrain, n) };
  }
  const rng = new NumpyRandomState(numpySeed(seed));
  if (!stratify) {
    const perm = rng.permutation(n);
    return { train: perm.slice(nTest, nTest + nTrain), test: perm.slice(0, nTest) };
  }
  return stratifiedShuffleSplit(stratify, nTrain, nTest, rng);
}

function range(from: number, to: number): Int32Array {
  const out = new Int32Array(to - from);
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

function stratifiedShuffleSplit(y: Float64Array, nTrain: number, nTest: number, rng: NumpyRandomState): { train: Int32Array; test: Int32Array } {
  const classes = uniqueSorted(y);
  const code = new Map<number, number>();
  classes.forEach((c, i) => code.set(c, i));
  const k = classes.length;
  // class_indices: rows of each class, ascending (stable argsort of the class codes)
  const classRows: number[][] = classes.map(() => []);
  for (let i = 0; i < y.length; i++) (classRows[code.get(y[i] as number) as number] as number[]).push(i);
  const counts = classRows.map((r) => r.length);

  const smallest = Math.min(...counts);
  if (smallest < 2) {
    const lonely = classes[counts.indexOf(smallest)];
    throw new EngineInputError(
      'TOO_FEW_ROWS',
      `Class ${String(lonely)} has only 1 row: a stratified split needs at least 2 rows per class (add rows, drop that class, or set dataSplitStratify to false)`,
      'target',
    );
  }
  if (nTrain < k || nTest < k)
    throw new EngineInputError(
      'TOO_FEW_ROWS',
      `The ${nTrain < k ? `train part (${nTrain} rows)` : `test part (${nTest} rows)`} is smaller than the number of classes (${k}): a stratified split needs at least one row of each class in each part; add rows or change trainSize`,
      'setupParams.trainSize',
    );

  const nI = approximateMode(counts, nTrain, rng);
  const remaining = counts.map((c, i) => c - (nI[i] as number));
  const tI = approximateMode(remaining, nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < k; c++) {
    const rows = classRows[c] as number[];
    const perm = rng.permutation(rows.length);
    const a = nI[c] as number;
    const b = a + (tI[c] as number);
    for (let p = 0; p < a; p++) train.push(rows[perm[p] as number] as number);
    for (let p = a; p < b; p++) test.push(rows[perm[p] as number] as number);
  }
  return { train: permuted(train, rng), test: permuted(test, rng) };
}

/** rng.permutation(array): a shuffled copy. */
function permuted(values: number[], rng: NumpyRandomState): Int32Array {
  return rng.shuffle(Int32Array.from(values));
}

/**
 * scikit-learn's _approximate_mode: per-class draws proportional to the counts, floored, then the rows
 * still needed go to the largest remainders, ties broken by rng.choice.
 */
export function approximateMode(counts: readonly number[], draws: number, rng: NumpyRandomState): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(draws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - (floored[i] as number));
    const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      for (const i of rng.choice(inds, addNow)) floored[i] = (floored[i] as number) + 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}
