import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS } from '../../src/engine/types.js';
import { isEngineInputError, type EngineInputError } from '../../src/engine/errors.js';
import { loadBuiltinDataset } from '../../src/engine/frame/builtin.js';
import { parseCsv } from '../../src/engine/frame/csv.js';
import { checkRowsForFolds } from '../../src/engine/frame/folds-check.js';
import { Frame, type Column } from '../../src/engine/frame/frame.js';
import { frameSha256 } from '../../src/engine/frame/hash.js';
import { frameFromColumns } from '../../src/engine/frame/inline.js';
import { profileFrame } from '../../src/engine/frame/profile.js';
import { encodeTarget } from '../../src/engine/frame/target.js';

function thrown(fn: () => unknown): EngineInputError {
  try {
    fn();
  } catch (e) {
    if (isEngineInputError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineInputError');
}

const num = (name: string, v: number[]): Column => ({ kind: 'numeric', name, values: Float64Array.from(v) });

describe('Frame', () => {
  const f = new Frame([
    num('a', [1, 2, 3]),
    { kind: 'categorical', name: 'c', codes: Int32Array.from([0, -1, 1]), levels: ['x', 'y'] },
  ]);

  it('exposes rows, names and columns', () => {
    expect(f.rows).toBe(3);
    expect(f.names()).toEqual(['a', 'c']);
    expect(f.column('a')?.kind).toBe('numeric');
    expect(f.column('nope')).toBeUndefined();
  });

  it('require() names the missing column', () => {
    const e = thrown(() => f.require('zzz'));
    expect([e.code, e.field]).toEqual(['UNKNOWN_TARGET', 'zzz']);
    expect(e.message).toMatch(/a, c/);
  });

  it('select() copies rows in the given order and keeps levels; drop() removes columns', () => {
    const s = f.select([2, 0, 2]);
    expect(s.rows).toBe(3);
    const a = s.column('a');
    expect(a?.kind === 'numeric' && Array.from(a.values)).toEqual([3, 1, 3]);
    const c = s.column('c');
    expect(c?.kind === 'categorical' && [Array.from(c.codes), c.levels]).toEqual([[1, 0, 1], ['x', 'y']]);
    expect(f.drop(['c']).names()).toEqual(['a']);
    expect(thrown(() => f.select([3])).code).toBe('BAD_INPUT');
  });

  it('rejects ragged, duplicate and unnamed columns', () => {
    const ragged = thrown(() => new Frame([num('a', [1, 2]), num('b', [1])]));
    expect([ragged.code, ragged.field]).toEqual(['RAGGED_COLUMNS', 'b']);
    expect(thrown(() => new Frame([num('a', [1]), num('a', [2])])).field).toBe('a');
    expect(thrown(() => new Frame([num('', [1])])).code).toBe('BAD_INPUT');
  });
});

describe('frameFromColumns (inline dict of lists)', () => {
  it('infers numeric, categorical and boolean columns; null/""/NaN/"NA" are missing', () => {
    const f = frameFromColumns({ n: [1, '2.5', null, NaN], s: ['b', 'a', '', 'NA'], b: [true, false, true, null], m: [1, 'x', 2, 'x'] });
    const n = f.column('n');
    expect(n?.kind === 'numeric' && Array.from(n.values)).toEqual([1, 2.5, NaN, NaN]);
    const s = f.column('s');
    expect(s?.kind === 'categorical' && [Array.from(s.codes), s.levels]).toEqual([[1, 0, -1, -1], ['a', 'b']]);
    const b = f.column('b');
    expect(b?.kind === 'categorical' && [Array.from(b.codes), b.levels]).toEqual([[1, 0, 1, -1], ['false', 'true']]);
    const m = f.column('m');
    expect(m?.kind === 'categorical' && m.levels).toEqual(['1', '2', 'x']);
  });

  it('rejects ragged columns naming the column at fault', () => {
    const e = thrown(() => frameFromColumns({ a: [1, 2, 3], b: [1, 2], c: [1, 2, 3] }));
    expect([e.code, e.field]).toEqual(['RAGGED_COLUMNS', 'b']);
    expect(e.message).toMatch(/"b" has 2 values but column "a" has 3/);
  });

  it('rejects non-objects, non-array columns, object cells, no columns, no rows', () => {
    expect(thrown(() => frameFromColumns([] as never)).code).toBe('BAD_INLINE');
    expect(thrown(() => frameFromColumns({})).code).toBe('BAD_INLINE');
    const notArray = thrown(() => frameFromColumns({ a: 5 } as never));
    expect([notArray.code, notArray.field]).toEqual(['BAD_INLINE', 'a']);
    const cell = thrown(() => frameFromColumns({ a: [1, { x: 1 }] } as never));
    expect([cell.code, cell.field]).toEqual(['BAD_INLINE', 'a']);
    expect(thrown(() => frameFromColumns({ a: [] })).code).toBe('BAD_INLINE');
    expect(thrown(() => frameFromColumns({ ' ': [1] })).code).toBe('BAD_INLINE');
  });

  it('rejects an all-missing column and enforces limits', () => {
    const e = thrown(() => frameFromColumns({ a: [1, 2], empty: [null, ''] }));
    expect([e.code, e.field]).toEqual(['ALL_MISSING_COLUMN', 'empty']);
    expect(thrown(() => frameFromColumns({ a: [1, 2, 3] }, { maxRows: 2 })).code).toBe('TOO_LARGE');
    expect(thrown(() => frameFromColumns({ a: [1], b: [2] }, { maxColumns: 1 })).code).toBe('TOO_LARGE');
  });
});

describe('frameSha256 / profileFrame', () => {
  const csv = 'x,label,note\n1.5,a,\n-0,b,hello\n2,a,"with, comma"\n';
  const inline = { x: [1.5, 0, 2], label: ['a', 'b', 'a'], note: [null, 'hello', 'with, comma'] };

  it('is the same for the CSV and the inline form of the same data', () => {
    expect(frameSha256(parseCsv(csv))).toBe(frameSha256(frameFromColumns(inline)));
    expect(frameSha256(parseCsv(csv))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a value, a missing cell, a column name or the column order changes', () => {
    const base = frameSha256(frameFromColumns(inline));
    expect(frameSha256(frameFromColumns({ ...inline, x: [1.5, 0, 2.0000001] }))).not.toBe(base);
    expect(frameSha256(frameFromColumns({ ...inline, note: ['', 'hello', 'with, comma'] }))).toBe(base); // '' is missing too
    expect(frameSha256(frameFromColumns({ ...inline, note: ['x', 'hello', 'with, comma'] }))).not.toBe(base);
    expect(frameSha256(frameFromColumns({ X: inline.x, label: inline.label, note: inline.note }))).not.toBe(base);
    expect(frameSha256(frameFromColumns({ label: inline.label, x: inline.x, note: inline.note }))).not.toBe(base);
  });

  it('does not depend on unused levels kept by select()', () => {
    const f = frameFromColumns({ c: ['a', 'b', 'c'] });
    expect(frameSha256(f.select([0, 2]))).toBe(frameSha256(frameFromColumns({ c: ['a', 'c'] })));
  });

  it('profiles types, missing and distinct counts', () => {
    const p = profileFrame(parseCsv(csv));
    expect(p.rows).toBe(3);
    expect(p.columns).toEqual([
      { name: 'x', type: 'numeric', inferredType: 'numeric', missing: 0, distinct: 3 },
      { name: 'label', type: 'categorical', inferredType: 'categorical', missing: 0, distinct: 2 },
      { name: 'note', type: 'categorical', inferredType: 'categorical', missing: 1, distinct: 2 },
    ]);
    expect(p.sha256).toBe(frameSha256(parseCsv(csv)));
  });
});

describe('loadBuiltinDataset', () => {
  const shapes: Record<string, [number, number]> = {
    iris: [150, 5],
    wine: [178, 14],
    breast_cancer: [569, 31],
    diabetes: [442, 11],
    digits: [1797, 65],
  };
  it.each(BUILTIN_DATASETS)('%s: all-numeric with a target column', (name) => {
    const f = loadBuiltinDataset(name);
    expect([f.rows, f.columns.length]).toEqual(shapes[name]);
    expect(f.columns.every((c) => c.kind === 'numeric')).toBe(true);
    expect(f.column('target')).toBeDefined();
    expect(loadBuiltinDataset(name)).toBe(f); // cached
  });
  it('rejects an unknown name', () => {
    expect(thrown(() => loadBuiltinDataset('titanic' as never)).code).toBe('BAD_INPUT');
  });
});

describe('encodeTarget', () => {
  it('codes numeric labels in numeric order', () => {
    const f = frameFromColumns({ y: [10, 2, 10, 2, 33] });
    const t = encodeTarget(f, 'y', 'classification');
    expect(t.classes).toEqual([2, 10, 33]);
    expect(Array.from(t.y)).toEqual([1, 0, 1, 0, 2]);
  });

  it('codes string labels in sorted order, skipping levels absent after select()', () => {
    const f = frameFromColumns({ y: ['no', 'yes', 'maybe', 'yes'] }).select([0, 1, 3]);
    const t = encodeTarget(f, 'y', 'classification');
    expect(t.classes).toEqual(['no', 'yes']);
    expect(Array.from(t.y)).toEqual([0, 1, 1]);
  });

  it('returns regression values as they are', () => {
    const t = encodeTarget(frameFromColumns({ y: [1.5, -2, 3] }), 'y', 'regression');
    expect(t.classes).toBeNull();
    expect(Array.from(t.y)).toEqual([1.5, -2, 3]);
  });

  it('iris: three classes 0, 1, 2 of 50 rows each', () => {
    const t = encodeTarget(loadBuiltinDataset('iris'), 'target', 'classification');
    expect(t.classes).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((c) => t.y.filter((v) => v === c).length)).toEqual([50, 50, 50]);
  });

  it('raises UNKNOWN_TARGET, SINGLE_CLASS, NON_NUMERIC_TARGET and missing-target errors with field "target"', () => {
    const f = frameFromColumns({ x: [1, 2, 3], one: ['a', 'a', 'a'], txt: ['a', 'b', 'c'], gap: [1, null, 2] });
    const cases: Array<[() => unknown, string]> = [
      [() => encodeTarget(f, 'nope', 'classification'), 'UNKNOWN_TARGET'],
      [() => encodeTarget(f, 'one', 'classification'), 'SINGLE_CLASS'],
      [() => encodeTarget(f, 'txt', 'regression'), 'NON_NUMERIC_TARGET'],
      [() => encodeTarget(f, 'gap', 'classification'), 'BAD_INPUT'],
      [() => encodeTarget(f, 'gap', 'regression'), 'BAD_INPUT'],
    ];
    for (const [fn, code] of cases) {
      const e = thrown(fn);
      expect([e.code, e.field]).toEqual([code, 'target']);
    }
    expect(thrown(() => encodeTarget(f, 'nope', 'classification')).message).toMatch(/x, one, txt, gap/);
  });
});

describe('checkRowsForFolds', () => {
  it('accepts enough rows', () => {
    expect(() => checkRowsForFolds(10, 10)).not.toThrow();
    expect(() => checkRowsForFolds([10, 3], 10)).not.toThrow(); // scikit-learn only warns about the small class
  });

  it('raises TOO_FEW_ROWS with an actionable message', () => {
    const total = thrown(() => checkRowsForFolds(7, 10));
    expect([total.code, total.field]).toEqual(['TOO_FEW_ROWS', 'setupParams.fold']);
    expect(total.message).toMatch(/at most 7/);
    const perClass = thrown(() => checkRowsForFolds([4, 6], 10, 'params.fold'));
    expect([perClass.code, perClass.field]).toEqual(['TOO_FEW_ROWS', 'params.fold']);
    expect(perClass.message).toMatch(/largest class has 6.*at most 6/);
    expect(thrown(() => checkRowsForFolds(100, 1)).code).toBe('BAD_PARAM');
  });
});
