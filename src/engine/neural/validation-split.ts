// The validation split of scikit-learn 1.2's MLP early stopping: train_test_split(X, y, test_size=fraction,
// stratify=y for a binary classifier, random_state=<the estimator's RandomState, continuing its stream>).
// n_test = ceil(fraction·n); ShuffleSplit or StratifiedShuffleSplit as selection/train-test-split.ts describes.
import { EngineInputError } from '../errors.js';
import type { NumpyRandomState } from '../selection/numpy-random.js';
import { approximateMode } from '../selection/train-test-split.js';

export function validationSplit(n: number, fraction: number, rng: NumpyRandomState, stratify: Int32Array | null): { train: Int32Array; test: Int32Array } {
  const nTest = Math.ceil(fraction * n);
  const nTrain = n - nTest;
  if (nTrain < 1 || nTest < 1) {
    throw new EngineInputError('TOO_FEW_ROWS', `early stopping sets aside ${nTest} of ${n} rows for validation, leaving no rows to train on`, 'params.validationFraction');
  }
  if (!stratify) {
    const perm = rng.permutation(n);
    return { train: perm.slice(nTest, nTest + nTrain), test: perm.slice(0, nTest) };
  }
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, (stratify[i] as number) + 1);
  const rows: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) (rows[stratify[i] as number] as number[]).push(i);
  const counts = rows.map((r) => r.length);
  if (Math.min(...counts) < 2 || nTrain < k || nTest < k) {
    throw new EngineInputError('TOO_FEW_ROWS', 'early stopping needs at least 2 rows of each class and one per class in the validation part', 'params.validationFraction');
  }
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(
    counts.map((c, i) => c - (nI[i] as number)),
    nTest,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < k; c++) {
    const r = rows[c] as number[];
    const perm = rng.permutation(r.length);
    const a = nI[c] as number;
    const b = a + (tI[c] as number);
    for (let p = 0; p < a; p++) train.push(r[perm[p] as number] as number);
    for (let p = a; p < b; p++) test.push(r[perm[p] as number] as number);
  }
  return { train: rng.shuffle(Int32Array.from(train)), test: rng.shuffle(Int32Array.from(test)) };
}
