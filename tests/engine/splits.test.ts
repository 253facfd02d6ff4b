import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEngineInputError, type EngineInputError } from '../../src/engine/errors.js';
import { loadBuiltinDataset } from '../../src/engine/frame/builtin.js';
import { encodeTarget } from '../../src/engine/frame/target.js';
import { kFold } from '../../src/engine/selection/kfold.js';
import { NumpyRandomState } from '../../src/engine/selection/numpy-random.js';
import { stratifiedKFold } from '../../src/engine/selection/stratified-kfold.js';
import { trainTestSplit } from '../../src/engine/selection/train-test-split.js';

interface ReferenceSplits {
  dataset: 'iris' | 'breast_cancer' | 'diabetes';
  task: 'classification' | 'regression';
  rows: number;
  seed: number;
  trainSize: number;
  folds: number;
  train_idx: number[];
  test_idx: number[];
  cv_folds_on_train: Array<[number[], number[]]>;
}
const reference = (name: string): ReferenceSplits =>
  JSON.parse(readFileSync(new URL(`../fixtures/reference-splits-${name}.json`, import.meta.url), 'utf8')) as ReferenceSplits;

function thrown(fn: () => unknown): EngineInputError {
  try {
    fn();
  } catch (e) {
    if (isEngineInputError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineInputError');
}

const list = (a: ArrayLike<number>): number[] => Array.from(a);

describe.each(['iris', 'breast_cancer', 'diabetes'])('%s: identical to scikit-learn 1.2 (reference)', (name) => {
  const ref = reference(name);
  const frame = loadBuiltinDataset(ref.dataset);
  const { y } = encodeTarget(frame, 'target', ref.task);

  it('trainTestSplit(seed 123) gives PyCaret setup(session_id=123) train/test rows, in order', () => {
    const { train, test } = trainTestSplit(frame.rows, {
      trainSize: ref.trainSize,
      seed: ref.seed,
      stratify: ref.task === 'classification' ? y : undefined,
    });
    expect(list(train)).toEqual(ref.train_idx);
    expect(list(test)).toEqual(ref.test_idx);
  });

  it(`${ref.task === 'classification' ? 'stratifiedKFold' : 'kFold'} on the train part gives the reference folds`, () => {
    const yTrain = Float64Array.from(ref.train_idx, (r) => y[r] as number);
    const folds = ref.task === 'classification' ? stratifiedKFold(yTrain, ref.folds) : kFold(ref.train_idx.length, ref.folds);
    expect(folds.map(([tr, te]) => [list(tr), list(te)])).toEqual(ref.cv_folds_on_train);
  });
});

describe('scikit-learn documentation examples', () => {
  it('train_test_split(range(5), test_size=0.33, random_state=42): train [2, 0, 3], test [1, 4]', () => {
    const { train, test } = trainTestSplit(5, { trainSize: 0.67, seed: 42 });
    expect([list(train), list(test)]).toEqual([[2, 0, 3], [1, 4]]);
  });

  it('KFold(2) on 4 rows and StratifiedKFold(2) on y = [0, 0, 1, 1]', () => {
    expect(kFold(4, 2).map(([tr, te]) => [list(tr), list(te)])).toEqual([
      [[2, 3], [0, 1]],
      [[0, 1], [2, 3]],
    ]);
    expect(stratifiedKFold(Float64Array.from([0, 0, 1, 1]), 2).map(([tr, te]) => [list(tr), list(te)])).toEqual([
      [[1, 3], [0, 2]],
      [[0, 2], [1, 3]],
    ]);
  });

  it('numpy RandomState streams: permutation(10) with seed 0, permutation(7) then (5) with seed 42', () => {
    expect(list(new NumpyRandomState(0).permutation(10))).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    const r = new NumpyRandomState(42);
    expect([list(r.permutation(7)), list(r.permutation(5))]).toEqual([
      [0, 1, 5, 2, 4, 3, 6],
      [3, 1, 2, 0, 4],
    ]);
  });

  it('numpy RandomState(0): rand() twice, randn() three times, randint(0, 10, 5) — the draws trees, SGD and bench data use', () => {
    const u = new NumpyRandomState(0);
    expect([u.nextDouble(), u.nextDouble()]).toEqual([0.5488135039273248, 0.7151893663724195]);
    const g = new NumpyRandomState(0);
    expect([g.gauss(), g.gauss(), g.gauss()]).toEqual([1.764052345967664, 0.4001572083672233, 0.9787379841057392]);
    const i = new NumpyRandomState(0);
    expect(Array.from({ length: 5 }, () => i.randint(0, 10))).toEqual([5, 0, 3, 3, 7]);
    expect(new NumpyRandomState(0).randint(4, 4)).toBe(4);
  });

  it('KFold(5, shuffle=True, random_state=0) on 10 rows follows RandomState(0).permutation(10)', () => {
    const folds = kFold(10, 5, { shuffle: true, seed: 0 });
    expect(folds.map(([, te]) => list(te))).toEqual([[2, 8], [4, 9], [1, 6], [3, 7], [0, 5]]);
  });
});

describe('trainTestSplit', () => {
  // 100 / 30 / 7 rows of three classes, interleaved
  const y = Float64Array.from({ length: 137 }, (_, i) => {
    const r = (i * 37) % 137;
    return r < 100 ? 0 : r < 130 ? 1 : 2;
  });

  it('keeps class proportions in both parts (within one row of exact)', () => {
    const { train, test } = trainTestSplit(y.length, { trainSize: 0.7, seed: 7, stratify: y });
    expect(train.length).toBe(Math.floor(0.7 * 137));
    expect(test.length).toBe(137 - train.length);
    for (const c of [0, 1, 2]) {
      const total = y.filter((v) => v === c).length;
      const inTrain = list(train).filter((r) => y[r] === c).length;
      expect(Math.abs(inTrain - (total * train.length) / y.length)).toBeLessThanOrEqual(1);
      expect(list(test).filter((r) => y[r] === c).length).toBe(total - inTrain);
    }
  });

  it('partitions the rows (disjoint, complete), stratified or not', () => {
    for (const stratify of [y, undefined]) {
      const { train, test } = trainTestSplit(y.length, { trainSize: 0.6, seed: 1, stratify });
      expect([...list(train), ...list(test)].sort((a, b) => a - b)).toEqual(Array.from({ length: 137 }, (_, i) => i));
    }
  });

  it('is deterministic by seed and changes with the seed', () => {
    const a = trainTestSplit(137, { trainSize: 0.7, seed: 123, stratify: y });
    const b = trainTestSplit(137, { trainSize: 0.7, seed: 123, stratify: y });
    const c = trainTestSplit(137, { trainSize: 0.7, seed: 124, stratify: y });
    expect(list(a.train)).toEqual(list(b.train));
    expect(list(a.train)).not.toEqual(list(c.train));
  });

  it('without shuffle takes the first rows for train', () => {
    const { train, test } = trainTestSplit(10, { trainSize: 0.7, seed: 0, shuffle: false });
    expect([list(train), list(test)]).toEqual([
      [0, 1, 2, 3, 4, 5, 6],
      [7, 8, 9],
    ]);
  });

  it('rejects bad sizes, a one-row class, too few rows per class and stratify without shuffle', () => {
    for (const trainSize of [0, 1, 1.5, Number.NaN]) {
      const e = thrown(() => trainTestSplit(10, { trainSize, seed: 0 }));
      expect([e.code, e.field]).toEqual(['BAD_PARAM', 'setupParams.trainSize']);
    }
    expect(thrown(() => trainTestSplit(1, { trainSize: 0.7, seed: 0 })).code).toBe('TOO_FEW_ROWS');
    const lonely = thrown(() => trainTestSplit(6, { trainSize: 0.5, seed: 0, stratify: Float64Array.from([0, 0, 0, 1, 1, 2]) }));
    expect([lonely.code, lonely.field]).toEqual(['TOO_FEW_ROWS', 'target']);
    expect(lonely.message).toMatch(/Class 2 has only 1 row/);
    const small = thrown(() => trainTestSplit(6, { trainSize: 0.8, seed: 0, stratify: Float64Array.from([0, 0, 1, 1, 2, 2]) }));
    expect([small.code, small.field]).toEqual(['TOO_FEW_ROWS', 'setupParams.trainSize']);
    const noShuffle = thrown(() => trainTestSplit(6, { trainSize: 0.5, seed: 0, stratify: Float64Array.from([0, 0, 0, 1, 1, 1]), shuffle: false }));
    expect(noShuffle.code).toBe('BAD_PARAM');
  });
});

describe('kFold / stratifiedKFold', () => {
  function checkPartition(folds: Array<[Int32Array, Int32Array]>, n: number): void {
    const seen = new Array<number>(n).fill(0);
    for (const [train, test] of folds) {
      expect(train.length + test.length).toBe(n);
      for (const a of [train, test]) for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1] as number);
      const inTest = new Set(test);
      expect(list(train).some((p) => inTest.has(p))).toBe(false);
      for (const p of test) seen[p]! += 1;
    }
    expect(seen.every((s) => s === 1)).toBe(true);
  }

  it('kFold: first n % k folds one row larger, contiguous blocks', () => {
    const folds = kFold(23, 5);
    expect(folds.map(([, te]) => te.length)).toEqual([5, 5, 5, 4, 4]);
    expect(list(folds[1]?.[1] ?? [])).toEqual([5, 6, 7, 8, 9]);
    checkPartition(folds, 23);
  });

  it('stratifiedKFold: fold sizes and per-class counts differ by at most one', () => {
    const y = Float64Array.from({ length: 97 }, (_, i) => (i % 5 === 0 ? 2 : i % 3 === 0 ? 1 : 0));
    const folds = stratifiedKFold(y, 10);
    checkPartition(folds, 97);
    const sizes = folds.map(([, te]) => te.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const c of [0, 1, 2]) {
      const perFold = folds.map(([, te]) => list(te).filter((p) => y[p] === c).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('shuffled folds are deterministic by seed and still partition the rows', () => {
    const y = Float64Array.from({ length: 60 }, (_, i) => i % 3);
    const a = stratifiedKFold(y, 4, { shuffle: true, seed: 5 });
    const b = stratifiedKFold(y, 4, { shuffle: true, seed: 5 });
    const c = stratifiedKFold(y, 4, { shuffle: true, seed: 6 });
    const plain = stratifiedKFold(y, 4);
    const tests = (f: typeof a) => f.map(([, te]) => list(te));
    expect(tests(a)).toEqual(tests(b));
    expect(tests(a)).not.toEqual(tests(c));
    expect(tests(a)).not.toEqual(tests(plain));
    checkPartition(a, 60);
    expect(tests(kFold(60, 4, { shuffle: true, seed: 5 }))).toEqual(tests(kFold(60, 4, { shuffle: true, seed: 5 })));
  });

  it('raises TOO_FEW_ROWS when the folds cannot be filled', () => {
    const few = thrown(() => kFold(3, 5));
    expect([few.code, few.field]).toEqual(['TOO_FEW_ROWS', 'setupParams.fold']);
    const perClass = thrown(() => stratifiedKFold(Float64Array.from([0, 0, 0, 1, 1, 1, 2, 2]), 4));
    expect(perClass.code).toBe('TOO_FEW_ROWS');
    expect(thrown(() => kFold(10, 1)).code).toBe('BAD_PARAM');
  });
});
