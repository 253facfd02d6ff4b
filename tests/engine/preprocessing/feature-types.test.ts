import { describe, expect, it } from 'vitest';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { Preprocessor, DEFAULT_PREPROCESS, type PreprocessOptions } from '../../../src/engine/preprocessing/preprocessor.js';
import { DateFeaturizer } from '../../../src/engine/preprocessing/date-features.js';
import { isEngineInputError } from '../../../src/engine/errors.js';

const rowsOf = (X: { data: Float64Array; rows: number; cols: number }): number[][] =>
  Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
const withTypes = (o: Partial<PreprocessOptions>): PreprocessOptions => ({ ...DEFAULT_PREPROCESS, ...o });

describe('date columns in the preprocessor', () => {
  const frame = frameFromColumns({
    when: ['2021-03-04', '2020-12-31', null, 'Jan 02 2022', 'garbage'],
    stamp: ['2021-03-04 05:06', '2021-03-04', '03/05/2021 11:30 PM', null, '2021/01/01 00:15'],
  });
  const types = { when: 'date', stamp: 'date' } as const;

  it('turns dates into year, month, day, weekday (+ hour, minute when some cell has a time), imputing the training mean', () => {
    const p = new Preprocessor(withTypes({ featureTypes: types })).fit(frame, ['when', 'stamp'], [0, 1, 2, 3]);
    expect(p.outputNames).toEqual(['when_year', 'when_month', 'when_day', 'when_weekday', 'stamp_year', 'stamp_month', 'stamp_day', 'stamp_hour', 'stamp_minute', 'stamp_weekday']);
    // when: training dates 2021-03-04 (Thu=3), 2020-12-31 (Thu=3), 2022-01-02 (Sun=6); mean fills for the missing rows
    const fillWhen = [(2021 + 2020 + 2022) / 3, (3 + 12 + 1) / 3, (4 + 31 + 2) / 3, (3 + 3 + 6) / 3];
    // stamp: training rows 0..2 (row 3 missing): 05:06, 00:00, 23:30
    const fillStamp = [2021, 3, (4 + 4 + 5) / 3, (5 + 0 + 23) / 3, (6 + 0 + 30) / 3, (3 + 3 + 4) / 3];
    expect(rowsOf(p.transform(frame))).toEqual([
      [2021, 3, 4, 3, 2021, 3, 4, 5, 6, 3],
      [2020, 12, 31, 3, 2021, 3, 4, 0, 0, 3],
      [...fillWhen, 2021, 3, 5, 23, 30, 4],
      [2022, 1, 2, 6, ...fillStamp],
      [...fillWhen, 2021, 1, 1, 0, 15, 4],
    ]);
  });

  it('predicts raw date strings like the frame, and round-trips through JSON', () => {
    const p = new Preprocessor(withTypes({ featureTypes: types })).fit(frame, ['when', 'stamp']);
    const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const fromFrame = rowsOf(p.transform(frame));
    const record = { when: ['2021-03-04', '2020-12-31', null, 'Jan 02 2022', 'garbage'], stamp: ['2021-03-04 05:06', '2021-03-04', '03/05/2021 11:30 PM', '', '2021/01/01 00:15'] };
    expect(rowsOf(again.transformRecord(record))).toEqual(fromFrame);
    expect(again.summary().steps.map((s) => [s.column, s.type, s.treatment])).toEqual([
      ['when', 'date', 'date'],
      ['stamp', 'date', 'date'],
    ]);
  });

  it('refuses a tampered date state', () => {
    const json = new DateFeaturizer().fit(Int32Array.from([0]), ['2021-01-01'], [0]).toJSON();
    for (const broken of [{ ...json, features: ['year', 'century'] }, { ...json, fills: [1] }, { ...json, fills: [NaN, 1, 1, 1] }]) {
      let err: unknown;
      try {
        DateFeaturizer.fromJSON(broken, 'x');
      } catch (e) {
        err = e;
      }
      expect(isEngineInputError(err) && err.code).toBe('BAD_PIPELINE');
    }
  });
});

describe('declared feature types in the preprocessor', () => {
  const frame = frameFromColumns({
    zip: [10, 20, 10, 30, null, 20],
    size: ['M', 'S', 'L', 'M', null, 'L'],
    price: ['1.5', '2', '3', null, '4', '5'],
    review: ['good food', 'bad food', 'good', 'bad', 'ok food', 'good good'],
  });
  const options = withTypes({
    featureTypes: { zip: 'categorical', size: 'ordinal', price: 'numeric', review: 'text' },
    ordinalLevels: { size: ['S', 'M', 'L'] },
  });

  it('one-hot encodes an integer-coded category, codes ordinals in the given order, parses declared numbers, TF-IDF-encodes text', () => {
    const p = new Preprocessor(options).fit(frame, ['zip', 'size', 'price', 'review']);
    expect(p.outputNames).toEqual(['zip_10', 'zip_20', 'zip_30', 'size', 'price', 'review_bad', 'review_food', 'review_good', 'review_ok']);
    expect(p.inputNames).toEqual(['zip', 'size', 'price', 'review']);
    const head = (m: number[][]): number[][] => m.map((r) => r.slice(0, 5));
    // zip mode: 10 and 20 tie (2 each) -> "10" first in code-unit order; size mode: M and L tie -> "L" first; price mean 15.5/5
    expect(head(rowsOf(p.transform(frame)))).toEqual([
      [1, 0, 0, 1, 1.5],
      [0, 1, 0, 0, 2],
      [1, 0, 0, 2, 3],
      [0, 0, 1, 1, 3.1],
      [1, 0, 0, 2, 4],
      [0, 1, 0, 2, 5],
    ]);
    // raw cells: "20.0" and 20 are the level "20"; an unseen size is treated as missing
    expect(rowsOf(p.transform(frame)).slice(0, 2)).toEqual(rowsOf(p.transformRecord({ zip: ['10', 20.0], size: ['M', 'S'], price: [1.5, '2'], review: ['good food', 'bad food'] })));
    expect(rowsOf(p.transformRecord({ zip: ['20.0'], size: ['XL'], price: [null], review: [null] }))).toEqual([[0, 1, 0, 2, 3.1, 0, 0, 0, 0]]);
    const s = p.summary();
    expect([s.skipped, s.text, s.ordered, s.highCardinality]).toEqual([[], ['review'], ['size'], []]);
    expect(s.steps.map((x) => [x.column, x.type, x.treatment, x.outputs.length])).toEqual([
      ['zip', 'categorical', 'onehot', 3],
      ['size', 'ordinal', 'ordinal', 1],
      ['price', 'numeric', 'numeric', 1],
      ['review', 'text', 'tfidf', 4],
    ]);
  });

  it('keeps the declared types through JSON (typeOptions refits the same way)', () => {
    const p = new Preprocessor(options).fit(frame, ['zip', 'size', 'price', 'review']);
    const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(rowsOf(again.transform(frame))).toEqual(rowsOf(p.transform(frame)));
    expect(again.typeOptions()).toEqual({ featureTypes: { zip: 'categorical', size: 'ordinal', price: 'numeric', review: 'text' }, ordinalLevels: { size: ['S', 'M', 'L'] } });
    const refit = new Preprocessor({ ...DEFAULT_PREPROCESS, ...again.typeOptions() }).fit(frame, again.inputNames);
    expect(rowsOf(refit.transform(frame))).toEqual(rowsOf(p.transform(frame)));
  });

  it('refuses an ordinal level missing from the given order and a declared numeric column holding text', () => {
    const errOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    const e1 = errOf(() => new Preprocessor(withTypes({ featureTypes: { size: 'ordinal' }, ordinalLevels: { size: ['S', 'M'] } })).fit(frame, ['size']));
    expect(isEngineInputError(e1) && [e1.code, e1.field]).toEqual(['BAD_PARAM', 'setupParams.ordinalFeatures']);
    const e2 = errOf(() => new Preprocessor(withTypes({ featureTypes: { size: 'numeric' } })).fit(frame, ['size']));
    expect(isEngineInputError(e2) && [e2.code, e2.field]).toEqual(['BAD_PARAM', 'setupParams.numericFeatures']);
  });
});
