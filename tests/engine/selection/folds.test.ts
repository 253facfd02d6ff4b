import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupKFold } from '../../../src/engine/selection/group-kfold.js';
import { timeSeriesSplit } from '../../../src/engine/selection/time-series-split.js';
import { isEngineInputError } from '../../../src/engine/errors.js';

interface Fixture {
  timeseries: Array<{ n: number; k: number; folds: Array<[number[], number[]]> }>;
  groupkfold: Array<{ groups: number[]; k: number; folds: Array<[number[], number[]]> }>;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/folds/folds.json', import.meta.url), 'utf8')) as Fixture;
const plain = (folds: Array<[Int32Array, Int32Array]>): Array<[number[], number[]]> => folds.map(([a, b]) => [Array.from(a), Array.from(b)]);

describe('timeSeriesSplit (scikit-learn TimeSeriesSplit)', () => {
  it.each(fixture.timeseries)('n=$n k=$k matches scikit-learn 1.2.1', ({ n, k, folds }) => {
    expect(plain(timeSeriesSplit(n, k))).toEqual(folds);
  });
  it('refuses more folds than rows allow', () => {
    let err: unknown;
    try {
      timeSeriesSplit(5, 5);
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && err.code).toBe('TOO_FEW_ROWS');
  });
});

describe('groupKFold (scikit-learn GroupKFold)', () => {
  it.each(fixture.groupkfold.map((c, i) => ({ ...c, i })))('case $i matches scikit-learn 1.2.1', ({ groups, k, folds }) => {
    expect(plain(groupKFold(Int32Array.from(groups), k))).toEqual(folds);
  });
  it('keeps each group in one validation fold and refuses fewer groups than folds', () => {
    const groups = Int32Array.from([0, 0, 1, 1, 1, 2, 3, 3]);
    for (const [, test] of groupKFold(groups, 3)) {
      const inTest = new Set(Array.from(test, (p) => groups[p]));
      for (let p = 0; p < groups.length; p++) if (inTest.has(groups[p])) expect(Array.from(test)).toContain(p);
    }
    let err: unknown;
    try {
      groupKFold(groups, 5);
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && [err.code, err.field]).toEqual(['BAD_PARAM', 'setupParams.foldGroups']);
  });
});
