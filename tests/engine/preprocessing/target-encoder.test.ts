import { describe, expect, it } from 'vitest';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { DEFAULT_PREPROCESS, Preprocessor } from '../../../src/engine/preprocessing/preprocessor.js';
import { TargetEncoder, levelWeight } from '../../../src/engine/preprocessing/target-encoder.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import type { CategoricalColumn } from '../../../src/engine/frame/frame.js';

const column = (f: ReturnType<typeof frameFromColumns>, name: string): CategoricalColumn => f.require(name) as CategoricalColumn;
const encode = (e: TargetEncoder, pos: number): number[] => {
  const out = new Float64Array(e.width);
  e.write(pos, out, 0);
  return Array.from(out);
};

// Expected values computed with /usr/bin/python3 (scipy 1.10.1), category_encoders' formula:
//   prior * (1 - expit((n - 20) / 10)) + mean * expit((n - 20) / 10)
describe('TargetEncoder (category_encoders defaults: min_samples_leaf 20, smoothing 10)', () => {
  it('the weight is expit((n - 20) / 10)', () => {
    expect(levelWeight(20)).toBe(0.5);
    expect(levelWeight(25)).toBeCloseTo(0.6224593312018546, 15);
  });

  it('binary: smoothed share of class 1, missing cells counted as the mode level, unseen -> prior', () => {
    const f = frameFromColumns({ c: ['a', 'a', 'a', 'b', null, 'c', 'c', 'z'] });
    const y = Float64Array.from([1, 1, 0, 0, 1, 0, 0, 1]);
    const col = column(f, 'c');
    const e = new TargetEncoder().fit(col.codes, col.levels, [0, 1, 2, 3, 4, 5, 6], { y, classes: 2 });
    // prior 3/7; a: n 4 (3 + the imputed row), mean 3/4; b: n 1, mean 0; c: n 2, mean 0
    const at = (level: string): number[] => encode(e, e.levelIndex(level));
    expect(at('a')[0]).toBeCloseTo(0.4825655190640956, 15);
    expect(at('b')[0]).toBeCloseTo(0.37281065384442946, 15);
    expect(at('c')[0]).toBeCloseTo(0.36777811504264807, 15);
    expect(e.levelIndex('z')).toBe(-1);
    expect(encode(e, -1)[0]).toBeCloseTo(0.42857142857142855, 15);
    expect(encode(e, -2)).toEqual(at('a'));
    expect(e.outputNames('c')).toEqual(['c']);
  });

  it('regression: smoothed mean; multiclass: one column per class', () => {
    const f = frameFromColumns({ c: ['p', 'p', 'q', 'r'] });
    const col = column(f, 'c');
    const reg = new TargetEncoder().fit(col.codes, col.levels, [0, 1, 2, 3], { y: Float64Array.from([3, 5, 10, -2]), classes: 0 });
    expect(encode(reg, reg.levelIndex('p'))[0]).toBeCloseTo(4, 15);
    expect(encode(reg, reg.levelIndex('q'))[0]).toBeCloseTo(4.780650846177987, 14);
    expect(encode(reg, reg.levelIndex('r'))[0]).toBeCloseTo(3.2193491538220127, 14);
    const multi = new TargetEncoder().fit(col.codes, col.levels, [0, 1, 2, 3], { y: Float64Array.from([0, 1, 2, 2]), classes: 3, labels: ['x', 'y', 'z'] });
    expect(multi.outputNames('c')).toEqual(['c_x', 'c_y', 'c_z']);
    const w1 = levelWeight(1);
    const w2 = levelWeight(2);
    const prior = [0.25, 0.25, 0.5];
    const expectRow = (got: number[], mean: number[], w: number): void => got.forEach((v, j) => expect(v).toBeCloseTo((prior[j] as number) * (1 - w) + (mean[j] as number) * w, 15));
    expectRow(encode(multi, multi.levelIndex('p')), [0.5, 0.5, 0], w2);
    expectRow(encode(multi, multi.levelIndex('q')), [0, 0, 1], w1);
    expect(encode(multi, -1)).toEqual(prior);
  });

  it('round-trips through JSON and refuses tampered state', () => {
    const f = frameFromColumns({ c: ['p', 'p', 'q', 'r'] });
    const col = column(f, 'c');
    const e = new TargetEncoder().fit(col.codes, col.levels, [0, 1, 2, 3], { y: Float64Array.from([0, 1, 2, 2]), classes: 3 });
    const json = JSON.parse(JSON.stringify(e.toJSON())) as ReturnType<TargetEncoder['toJSON']>;
    const again = TargetEncoder.fromJSON(json, 'x');
    for (const p of [-2, -1, 0, 1, 2]) expect(encode(again, p)).toEqual(encode(e, p));
    for (const broken of [{ ...json, table: json.table.slice(1) }, { ...json, prior: [1] }, { ...json, suffixes: ['only'] }, { ...json, mode: 7 }, { ...json, table: json.table.map(() => NaN) }]) {
      let err: unknown;
      try {
        TargetEncoder.fromJSON(broken, 'x');
      } catch (x) {
        err = x;
      }
      expect(isEngineInputError(err) && err.code).toBe('BAD_PIPELINE');
    }
  });
});

describe('encodingMethod in the preprocessor', () => {
  const levels = Array.from({ length: 30 }, (_, i) => `L${String(i).padStart(2, '0')}`);
  const frame = frameFromColumns({ big: levels.flatMap((l) => [l, l]), small: levels.flatMap(() => ['u', 'v']) });
  const y = Float64Array.from(levels.flatMap((_, i) => [i % 2, 1]));
  const target = { y, classes: 2 };

  it('target-encodes categoricals above maxEncodingOhe, one-hot or ordinal codes them when asked', () => {
    const t = new Preprocessor({ ...DEFAULT_PREPROCESS, encodingMethod: 'target' }).fit(frame, ['big', 'small'], undefined, target);
    expect(t.outputNames).toEqual(['big', 'small']);
    expect(t.summary().targetEncoded).toEqual(['big']);
    expect(t.summary().steps.map((s) => s.treatment)).toEqual(['target', 'binary']);
    const X = t.transform(frame);
    // L00: rows y = 0, 1 -> mean 0.5; L01: rows y = 1, 1 -> mean 1; prior 45/60
    const w = levelWeight(2);
    expect(X.data[0]).toBeCloseTo(0.75 * (1 - w) + 0.5 * w, 15);
    expect(X.data[4]).toBeCloseTo(0.75 * (1 - w) + 1 * w, 15);
    const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(Array.from(again.transformRecord({ big: ['L00', 'never seen'], small: ['u', 'v'] }).data)).toEqual([X.data[0], 0, 0.75, 1]);
    const oh = new Preprocessor({ ...DEFAULT_PREPROCESS, encodingMethod: 'onehot' }).fit(frame, ['big']);
    expect(oh.outputNames.length).toBe(30);
    const ord = new Preprocessor({ ...DEFAULT_PREPROCESS, encodingMethod: 'ordinal' }).fit(frame, ['big']);
    expect(ord.summary().highCardinality).toEqual(['big']);
  });

  it('needs the target to fit a target encoding', () => {
    expect(() => new Preprocessor({ ...DEFAULT_PREPROCESS, encodingMethod: 'target' }).fit(frame, ['big'])).toThrow(/needs the target/);
  });
});
