// Feature binning shared by the trees (src/engine/binning/column-bins.ts) and the scikit-learn random streams
// the trees draw from (src/engine/tree/sklearn-random.ts).
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/engine/core/matrix.js';
import { binColumns, binOf, binRowsWith, cachedColumnBins, MISSING_BIN, rowMajorCodes } from '../../src/engine/binning/column-bins.js';
import { NumpyRandomState } from '../../src/engine/selection/numpy-random.js';
import { bootstrapCounts, forestTreeSeeds, TreeRandom, treeRandomFor } from '../../src/engine/tree/sklearn-random.js';

describe('binColumns', () => {
  it('gives each distinct value its own bin when there are at most maxBins, cut at scikit-learn midpoints', () => {
    const X = matrix(6, 2, Float64Array.from([3, 1, 1, 1, 2, 5, 3, 5, 1, 1, 2, 9]));
    const b = binColumns(X);
    expect(Array.from(b.nBins)).toEqual([3, 3]);
    expect(Array.from(b.exact)).toEqual([1, 1]);
    expect(Array.from(b.codes.subarray(0, 6))).toEqual([2, 0, 1, 2, 0, 1]);
    expect(Array.from(b.codes.subarray(6, 12))).toEqual([0, 0, 1, 1, 0, 2]);
    expect(Array.from(b.upper.subarray(0, 3))).toEqual([1.5, 2.5, Infinity]);
    expect(Array.from(b.lo.subarray(3, 6))).toEqual([1, 5, 9]);
    expect(binOf(b, 0, 2.5)).toBe(1);
    expect(binOf(b, 0, 2.50001)).toBe(2);
    expect(binOf(b, 0, -100)).toBe(0);
    expect(binOf(b, 1, NaN)).toBe(MISSING_BIN);
  });

  it('groups many distinct values into equal-frequency bins that never split a value', () => {
    const n = 10_000;
    const values = Float64Array.from({ length: n }, (_, i) => (i < 2000 ? 0 : Math.sin(i) * 1000 + i / 1e4));
    const b = binColumns(matrix(n, 1, values), 255);
    expect(b.exact[0]).toBe(0);
    expect(b.nBins[0]).toBeLessThanOrEqual(255);
    expect(b.nBins[0]).toBeGreaterThan(200);
    const counts = new Array<number>(b.nBins[0] as number).fill(0);
    for (let i = 0; i < n; i++) counts[b.codes[i] as number]!++;
    expect(Math.min(...counts)).toBeGreaterThan(0); // no empty bin
    expect(counts[b.codes[0] as number]).toBe(2000); // the heavy value 0 alone in its bin
    // bins are ordered intervals: every value lies within its bin's [lo, hi] and below its upper cut
    for (let i = 0; i < n; i++) {
      const c = b.codes[i] as number;
      expect(values[i]).toBeGreaterThanOrEqual(b.lo[c] as number);
      expect(values[i]).toBeLessThanOrEqual(b.hi[c] as number);
      expect(values[i]).toBeLessThanOrEqual(b.upper[c] as number);
    }
    for (let c = 0; c + 1 < (b.nBins[0] as number); c++) expect(b.hi[c]).toBeLessThan(b.lo[c + 1] as number);
  });

  it('bins new rows with the same cuts, marks NaN, and keeps a row-major copy', () => {
    const X = matrix(4, 2, Float64Array.from([0, 10, 1, 20, 2, 30, 3, 40]));
    const b = binColumns(X);
    expect(Array.from(binRowsWith(b, matrix(2, 2, Float64Array.from([1.4, 25, NaN, 99]))))).toEqual([1, MISSING_BIN, 1, 3]);
    expect(Array.from(rowMajorCodes(b))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(() => binColumns(X, 300)).toThrow(RangeError);
  });

  it('is computed once per training matrix through the fit cache', () => {
    const X = matrix(3, 1, Float64Array.from([1, 2, 3]));
    const cache = new Map<string, unknown>();
    const a = cachedColumnBins(X, cache);
    expect(cachedColumnBins(X, cache)).toBe(a);
    expect(cachedColumnBins(matrix(3, 1, Float64Array.from([1, 2, 3])), cache)).not.toBe(a);
  });
});

describe('scikit-learn random streams', () => {
  // expected values printed by numpy 2.4 (np.random.RandomState legacy generator)
  it('reproduces numpy RandomState seeding and randint', () => {
    const rs = new NumpyRandomState(0);
    expect([rs.nextU32(), rs.nextU32()]).toEqual([2357136044, 2546248239]);
    const a = new NumpyRandomState(123);
    expect([a.randint(0, 0x7fffffff), a.randint(0, 0x7fffffff)]).toEqual([843828734, 914636141]);
    const b = new NumpyRandomState(42);
    expect(Array.from({ length: 5 }, () => b.randint(0, 100))).toEqual([51, 92, 14, 71, 60]);
    expect(forestTreeSeeds(123, 3)).toEqual([843828734, 914636141, 1228959102]);
    const counts = new Int32Array(100);
    bootstrapCounts(42, 100, 5, counts);
    expect([51, 92, 14, 71, 60].every((r) => counts[r] === 1)).toBe(true);
  });

  it("draws the tree splitter's xorshift (our_rand_r) from RandomState(seed).randint(0, 2^31 - 1)", () => {
    const t = new TreeRandom(843828734);
    const ref = treeRandomFor(123);
    expect(ref.next()).toBe(t.next());
    const z = new TreeRandom(0); // scikit-learn replaces a zero state by 1
    expect(z.next()).toBe(new TreeRandom(1).next());
    for (let i = 0; i < 100; i++) {
      const v = t.int(3, 10);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThan(10);
      const u = t.uniform(-1, 1);
      expect(u).toBeGreaterThanOrEqual(-1);
      expect(u).toBeLessThanOrEqual(1);
    }
  });
});
