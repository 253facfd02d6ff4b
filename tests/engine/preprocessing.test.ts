import { describe, expect, it } from 'vitest';
import { frameFromColumns } from '../../src/engine/frame/inline.js';
import { Preprocessor } from '../../src/engine/preprocessing/preprocessor.js';
import { Scaler } from '../../src/engine/preprocessing/scaler.js';
import { matrix } from '../../src/engine/core/matrix.js';
import { isEngineInputError } from '../../src/engine/errors.js';

const rowsOf = (X: { data: Float64Array; rows: number; cols: number }): number[][] =>
  Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));

describe('Preprocessor', () => {
  const frame = frameFromColumns({
    num: [1, null, 3, 10, 6],
    color: ['red', 'green', null, 'blue', 'green'],
    yes: ['y', 'n', 'y', null, 'y'],
    target: [0, 1, 0, 1, 0],
  });
  const features = ['num', 'color', 'yes'];

  it('imputes with statistics of the training rows only, one-hot encodes, keeps binary columns as one 0/1 column', () => {
    const all = new Preprocessor().fit(frame, features);
    expect(all.outputNames).toEqual(['num', 'color_blue', 'color_green', 'color_red', 'yes']);
    expect(rowsOf(all.transform(frame, [1, 2, 3]))).toEqual([
      [5, 0, 1, 0, 0], // num missing -> mean 5; green; 'n' -> 0
      [3, 0, 1, 0, 1], // color missing -> mode green
      [10, 1, 0, 0, 1], // yes missing -> mode 'y' (code 1)
    ]);
    // Fitted on rows 0..2 only: num mean (1 + 3) / 2, color has two levels there -> one 0/1 column,
    // blue was never seen -> treated as missing (the mode, green = 0).
    const part = new Preprocessor().fit(frame, features, [0, 1, 2]);
    expect(part.outputNames).toEqual(['num', 'color', 'yes']);
    expect(rowsOf(part.transform(frame, [1, 3]))).toEqual([
      [2, 0, 0],
      [10, 0, 1],
    ]);
  });

  it('supports median and zero numeric imputation', () => {
    const med = new Preprocessor({ numericImputation: 'median', maxEncodingOhe: 25, normalize: null }).fit(frame, ['num']);
    expect(rowsOf(med.transform(frame, [1]))).toEqual([[4.5]]); // median of 1, 3, 10, 6
    const zero = new Preprocessor({ numericImputation: 'zero', maxEncodingOhe: 25, normalize: null }).fit(frame, ['num']);
    expect(rowsOf(zero.transform(frame, [1]))).toEqual([[0]]);
  });

  it('encodes columns above maxEncodingOhe as ordinal codes', () => {
    const p = new Preprocessor({ numericImputation: 'mean', maxEncodingOhe: 2, normalize: null }).fit(frame, ['color']);
    expect(p.outputNames).toEqual(['color']);
    expect(rowsOf(p.transform(frame))).toEqual([[2], [1], [1], [0], [1]]); // blue 0, green 1, red 2; missing -> mode green
    expect(p.summary().highCardinality).toEqual(['color']);
  });

  it('transforms raw column records like the frame, and refuses bad cells', () => {
    const p = new Preprocessor().fit(frame, features);
    const fromFrame = rowsOf(p.transform(frame));
    const fromRecord = rowsOf(
      p.transformRecord({ num: [1, null, '3', 10, 6], color: ['red', 'green', null, 'blue', 'green'], yes: ['y', 'n', 'y', '', 'y'], extra: [1, 2, 3, 4, 5] }),
    );
    expect(fromRecord).toEqual(fromFrame);
    expect(rowsOf(p.transformRecord({ num: [1], color: ['purple'], yes: ['y'] }))).toEqual([[1, 0, 0, 0, 1]]); // unseen level: all zeros
    const err = (() => {
      try {
        p.transformRecord({ num: ['abc'], color: ['red'], yes: ['y'] });
      } catch (e) {
        return e;
      }
    })();
    expect(isEngineInputError(err) && err.code === 'BAD_INPUT' && err.field === 'num').toBe(true);
    expect(() => p.transformRecord({ num: [1], color: ['red'] })).toThrow(/yes/);
    expect(() => p.transformRecord({ num: [1, 2], color: ['red'], yes: ['y'] })).toThrow(/values/);
  });

  it('round-trips through JSON and refuses tampered state', () => {
    const p = new Preprocessor({ numericImputation: 'mean', maxEncodingOhe: 25, normalize: 'zscore' }).fit(frame, features, [0, 1, 2, 4]);
    const json = JSON.parse(JSON.stringify(p.toJSON()));
    const back = Preprocessor.fromJSON(json);
    expect(rowsOf(back.transform(frame))).toEqual(rowsOf(p.transform(frame)));
    expect(() => Preprocessor.fromJSON({ ...json, outputNames: ['x'] })).toThrow(/output columns/);
    expect(() => Preprocessor.fromJSON({ ...json, columns: [{ name: 'num', kind: 'weird' }] })).toThrow(/kind/);
    expect(() => Preprocessor.fromJSON({ ...json, scaler: { method: 'zscore', center: [0], scale: [1] } })).toThrow(/scaler/);
    expect(() => Preprocessor.fromJSON(null)).toThrow(/preprocessor/);
  });
});

describe('Scaler', () => {
  const X = matrix(4, 2, Float64Array.from([1, -2, 2, 0, 3, 0, 10, 4]));
  const col = (m: { data: Float64Array }, j: number): number[] => [0, 1, 2, 3].map((i) => m.data[i * 2 + j] as number);
  const fitT = (method: 'zscore' | 'minmax' | 'maxabs' | 'robust') => new Scaler(method).fit(X).transformInPlace(matrix(4, 2, X.data.slice()));

  it('zscore uses the population std (StandardScaler)', () => {
    const z = col(fitT('zscore'), 0);
    const mean = 4;
    const std = Math.sqrt(((1 - 4) ** 2 + (2 - 4) ** 2 + (3 - 4) ** 2 + 36) / 4);
    expect(z[0]).toBeCloseTo((1 - mean) / std, 12);
  });
  it('minmax maps to [0, 1], maxabs to [-1, 1]', () => {
    expect(col(fitT('minmax'), 0)).toEqual([0, 1 / 9, 2 / 9, 1]);
    expect(col(fitT('maxabs'), 1)).toEqual([-0.5, 0, 0, 1]);
  });
  it('robust centres on the median and scales by the IQR (numpy linear percentiles)', () => {
    // column 0: 1 2 3 10 -> median 2.5, q25 1.75, q75 4.75 -> IQR 3
    expect(col(fitT('robust'), 0)).toEqual([(1 - 2.5) / 3, (2 - 2.5) / 3, (3 - 2.5) / 3, (10 - 2.5) / 3]);
  });
  it('a constant column keeps scale 1', () => {
    const c = matrix(3, 1, Float64Array.from([5, 5, 5]));
    expect(Array.from(new Scaler('zscore').fit(c).transformInPlace(c).data)).toEqual([0, 0, 0]);
  });
});
