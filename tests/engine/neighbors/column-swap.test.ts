// The column-swapped neighbour search of permutation importance: its neighbours, distances and predictions equal
// those of the plain search on the stacked rows, bit for bit (digits with the principal-axes index, a data set full of
// ties and duplicated rows, Euclidean and Manhattan, uniform and distance weights, classifier and regressor).
import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../../../src/engine/core/matrix.js';
import { loadBuiltinDataset } from '../../../src/engine/frame/builtin.js';
import { permutationRowOrders } from '../../../src/engine/analysis/permutation-importance.js';
import { ColumnSwapSearch, type SwappedRows } from '../../../src/engine/neighbors/column-swap.js';
import { KNeighborsClassifier, KNeighborsRegressor, type KNeighborsParams } from '../../../src/engine/neighbors/knn.js';
import { buildSearchIndex, kNeighbours } from '../../../src/engine/neighbors/search.js';

function stack(E: Matrix, s: SwappedRows): Matrix {
  const w = E.cols;
  const P = matrix(s.rows.length, w);
  for (let a = 0; a < s.rows.length; a++) {
    P.data.set(E.data.subarray(s.rows[a]! * w, (s.rows[a]! + 1) * w), a * w);
    for (const j of s.cols) P.data[a * w + j] = E.data[s.from[a]! * w + j]!;
  }
  return P;
}

/** Every (row, repeat) of the seeded permutations of column block `cols`, as permutation importance stacks them. */
function swaps(E: Matrix, cols: number[], repeats: number, seed: number): SwappedRows {
  const rows: number[] = [];
  const from: number[] = [];
  for (const order of permutationRowOrders(E.rows, repeats, seed))
    for (let i = 0; i < E.rows; i++) {
      rows.push(i);
      from.push(order[i]!);
    }
  return { cols, rows: Int32Array.from(rows), from: Int32Array.from(from) };
}

function digits(): { train: Matrix; y: Float64Array; holdout: Matrix } {
  const frame = loadBuiltinDataset('digits');
  const features = frame.columns.filter((c) => c.name !== 'target');
  const target = frame.require('target');
  if (target.kind !== 'numeric') throw new Error('numeric target expected');
  const p = features.length;
  const X = matrix(frame.rows, p);
  features.forEach((c, j) => {
    if (c.kind !== 'numeric') throw new Error('numeric features expected');
    for (let i = 0; i < frame.rows; i++) X.data[i * p + j] = c.values[i]!;
  });
  // z-scored with a non-representable scale, so the distances are not integers and round
  const scaled = Float64Array.from(X.data, (v, i) => (v - (i % p) * 0.37) / 3.3);
  const nTrain = 1257;
  return {
    train: matrix(nTrain, p, scaled.slice(0, nTrain * p)),
    y: target.values.slice(0, nTrain),
    holdout: matrix(156, p, scaled.slice(nTrain * p, (nTrain + 156) * p)),
  };
}

/** 300 training rows on a coarse grid of 4 columns (many equal distances), a third of them duplicated with other labels. */
function ties(): { train: Matrix; y: Float64Array; holdout: Matrix } {
  const n = 300;
  const p = 4;
  const train = matrix(n, p, Float64Array.from({ length: n * p }, (_, i) => (((Math.floor(i / p) * 7 + (i % p) * 3) % 5) * 0.1)));
  for (let i = 200; i < n; i++) train.data.copyWithin(i * p, (i - 200) * p, (i - 199) * p);
  const y = Float64Array.from({ length: n }, (_, i) => (i * 13) % 3);
  const holdout = matrix(60, p, Float64Array.from({ length: 60 * p }, (_, i) => (((Math.floor(i / p) * 11 + (i % p)) % 6) * 0.1)));
  return { train, y, holdout };
}

describe('ColumnSwapSearch = kNeighbours on the stacked rows', () => {
  it('digits (64 columns, principal-axes index in the plain search), every column, k = 5', () => {
    const { train, holdout } = digits();
    const index = buildSearchIndex(train);
    expect(index).not.toBeNull();
    const search = new ColumnSwapSearch(train, holdout, 5, 2);
    const unswapped = kNeighbours(train, holdout, 5, 'euclidean', index).index;
    let differ = 0;
    for (let j = 0; j < holdout.cols; j++) {
      const s = swaps(holdout, [j], 3, 123);
      const plain = kNeighbours(train, stack(holdout, s), 5, 'euclidean', index);
      const swapped = search.search(s);
      expect(swapped.index).toEqual(plain.index);
      expect(swapped.distance).toEqual(plain.distance);
      if (plain.index.some((v, a) => v !== unswapped[a % (holdout.rows * 5)])) differ++;
    }
    expect(differ).toBeGreaterThan(10); // the swaps do move neighbours
  });

  it.each([
    ['euclidean', 2],
    ['manhattan', 1],
  ] as const)('ties and duplicated training rows (%s): lowest training index first, blocks of two columns', (metric, power) => {
    const { train, holdout } = ties();
    for (const k of [1, 5, 12]) {
      const search = new ColumnSwapSearch(train, holdout, k, power);
      for (const cols of [[0], [1, 2], [3]]) {
        const s = swaps(holdout, cols, 4, 7);
        const plain = kNeighbours(train, stack(holdout, s), k, metric);
        const swapped = search.search(s);
        expect(swapped.index).toEqual(plain.index);
        expect(swapped.distance).toEqual(plain.distance);
      }
    }
  });

  it('k above the training rows takes every row', () => {
    const { train, holdout } = ties();
    const small = matrix(3, 4, train.data.slice(0, 12));
    const s = swaps(holdout, [1], 2, 3);
    const r = new ColumnSwapSearch(small, holdout, 10, 2).search(s);
    expect(r.k).toBe(3);
    expect(r).toEqual(kNeighbours(small, stack(holdout, s), 10, 'euclidean'));
  });

  it('refuses columns or rows out of range', () => {
    const { train, holdout } = ties();
    const search = new ColumnSwapSearch(train, holdout, 3, 2);
    expect(() => search.search({ cols: [4], rows: Int32Array.of(0), from: Int32Array.of(1) })).toThrow(RangeError);
    expect(() => search.search({ cols: [0], rows: Int32Array.of(0), from: Int32Array.of(60) })).toThrow(RangeError);
    expect(() => new ColumnSwapSearch(train, matrix(1, 3), 3, 2)).toThrow(RangeError);
  });

  it('declines baselines above its size (the plain search is used then)', () => {
    expect(ColumnSwapSearch.fits(1000, 4000)).toBe(true);
    expect(ColumnSwapSearch.fits(3000, 50_000)).toBe(false);
    const { y } = ties();
    const wide = matrix(2100, 1, new Float64Array(2100));
    const knn = new KNeighborsClassifier().fit(wide, Float64Array.from({ length: 2100 }, (_, i) => y[i % y.length]!));
    expect(knn.swappedRowsPredictor(wide)).toBeNull();
    expect(knn.swappedRowsPredictor(matrix(10, 1))).not.toBeNull();
  });
});

describe('knn swappedRowsPredictor = predict / predictProba on the stacked rows', () => {
  const params: Partial<KNeighborsParams>[] = [{}, { weights: 'distance' }, { metric: 'manhattan' }, { p: 1, weights: 'distance', nNeighbors: 7 }];
  it.each(params.map((p) => [JSON.stringify(p), p] as const))('classifier and regressor %s', (_, p) => {
    for (const { train, y, holdout } of [ties(), digits()]) {
      const clf = new KNeighborsClassifier(p).fit(train, y);
      const reg = new KNeighborsRegressor(p).fit(train, y);
      const c = clf.swappedRowsPredictor(holdout)!;
      const r = reg.swappedRowsPredictor(holdout)!;
      for (const cols of [[0], [1, 2], [holdout.cols - 1]]) {
        const s = swaps(holdout, cols, 2, 5);
        const P = stack(holdout, s);
        expect(c.predictProba(s)).toEqual(clf.predictProba(P));
        expect(c.predict(s)).toEqual(clf.predict(P));
        expect(r.predict(s)).toEqual(reg.predict(P));
      }
    }
  });
});

describe('kNeighbours (the plain search) on many equal distances', () => {
  it('gives the k smallest exact distances, ties by training index, as a full sort does', () => {
    const { train, holdout } = ties();
    const p = train.cols;
    for (const k of [1, 5, 12]) {
      const got = kNeighbours(train, holdout, k, 'euclidean');
      for (let q = 0; q < holdout.rows; q++) {
        const d = Array.from({ length: train.rows }, (_, t) => {
          let s = 0;
          for (let j = 0; j < p; j++) s += (holdout.data[q * p + j]! - train.data[t * p + j]!) ** 2;
          return { t, s };
        }).sort((a, b) => a.s - b.s || a.t - b.t);
        expect(Array.from(got.index.subarray(q * k, (q + 1) * k))).toEqual(d.slice(0, k).map((e) => e.t));
      }
    }
  });
});
