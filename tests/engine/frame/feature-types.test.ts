import { describe, expect, it } from 'vitest';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { inferFeatureType } from '../../../src/engine/frame/feature-types.js';
import { profileFrame } from '../../../src/engine/frame/profile.js';
import { countMissingTarget, rowsWithTarget } from '../../../src/engine/frame/target.js';
import { isEngineInputError } from '../../../src/engine/errors.js';

const sentence = (i: number): string => `the quick brown fox number ${i} jumps over the lazy dog`;

describe('inferFeatureType', () => {
  it('finds dates when >= 95 % of the non-empty cells parse, across formats', () => {
    const dates = Array.from({ length: 40 }, (_, i) => `2021-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const f = frameFromColumns({
      iso: dates,
      // 38 of 40 parse = 95 %: a date; missing cells do not count against it
      mostly: [...dates.slice(0, 38), 'unknown', 'n/a'],
      // 37 of 40 = 92.5 %: categorical
      fewer: [...dates.slice(0, 37), 'unknown', 'n/a', 'later'],
      gaps: [...dates.slice(0, 30), ...new Array<null>(10).fill(null)],
      mixed: dates.map((d, i) => (i % 2 ? d : `Mar ${(i % 28) + 1} 2020 10:${String(i).padStart(2, '0')}`)),
    });
    expect(f.columns.map(inferFeatureType)).toEqual(['date', 'date', 'categorical', 'date', 'date']);
  });

  it('finds free text (long, mostly distinct, worded) and keeps codes and numbers as they are', () => {
    const f = frameFromColumns({
      review: Array.from({ length: 20 }, (_, i) => sentence(i)),
      repeated: Array.from({ length: 20 }, (_, i) => sentence(i % 5)),
      codes: Array.from({ length: 20 }, (_, i) => `ID-${'x'.repeat(40)}-${i}`),
      color: Array.from({ length: 20 }, (_, i) => ['red', 'green'][i % 2] as string),
      num: Array.from({ length: 20 }, (_, i) => i),
    });
    expect(f.columns.map(inferFeatureType)).toEqual(['text', 'categorical', 'categorical', 'categorical', 'numeric']);
  });

  it('shows the inferred type per column in the profile', () => {
    const p = profileFrame(frameFromColumns({ d: ['2020/01/02', '2020/01/03', null], c: ['a', 'b', 'a'], n: [1, 2, 3] }));
    expect(p.columns.map((c) => [c.name, c.type, c.inferredType, c.missing])).toEqual([
      ['d', 'categorical', 'date', 1],
      ['c', 'categorical', 'categorical', 0],
      ['n', 'numeric', 'numeric', 0],
    ]);
  });
});

describe('countMissingTarget', () => {
  it('counts missing target cells of numeric and text targets and lists the rows kept', () => {
    const f = frameFromColumns({ x: [1, 2, 3, 4], y: [1, null, NaN, 0], c: ['a', '', 'b', 'NA'] });
    expect(countMissingTarget(f, 'y')).toBe(2);
    expect(countMissingTarget(f, 'c')).toBe(2);
    expect(countMissingTarget(f, 'x')).toBe(0);
    expect(Array.from(rowsWithTarget(f, 'y'))).toEqual([0, 3]);
    expect(Array.from(rowsWithTarget(f, 'c'))).toEqual([0, 2]);
    let err: unknown;
    try {
      countMissingTarget(f, 'nope');
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && [err.code, err.field]).toEqual(['UNKNOWN_TARGET', 'target']);
  });
});
