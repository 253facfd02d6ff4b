// categoricalImputation with a constant (PyCaret's categorical_imputation="<text>"), checked by hand.
import { describe, expect, it } from 'vitest';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { preprocessOptions, validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { Preprocessor } from '../../../src/engine/preprocessing/preprocessor.js';

// a ×4, b ×2, missing ×3 in the 9 training rows; row 9 is missing too.
const colour = ['a', 'a', null, 'b', 'a', null, 'b', 'a', null, null];
const frame = frameFromColumns({ colour });
const train = Array.from({ length: 9 }, (_, i) => i);
const options = (extra: Record<string, unknown>) => preprocessOptions(validateSetupOptions(extra, 'classification'));

describe('categoricalImputation constant', () => {
  it('makes missing cells a level of their own, at fit and at predict (also after JSON)', () => {
    const p = new Preprocessor(options({ categoricalImputation: 'unknown' })).fit(frame, ['colour'], train);
    expect(p.outputNames).toEqual(['colour_a', 'colour_b', 'colour_unknown']);
    expect(Array.from(p.transform(frame, [0, 2, 3, 9]).data)).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]);
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(back.transformRecord({ colour: [null, 'b', ''] }).data)).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 1]);
  });

  it('the mode (default) fills with the most frequent level instead', () => {
    const p = new Preprocessor(options({})).fit(frame, ['colour'], train);
    // two levels: one binary column, a = 0; missing → a
    expect(Array.from(p.transform(frame, [2, 3]).data)).toEqual([0, 1]);
  });

  it('a fill value that is rare is grouped with the rare levels (imputation comes first, as in PyCaret)', () => {
    const p = new Preprocessor(options({ categoricalImputation: 'zzz', rareToValue: 0.35, maxEncodingOhe: 10 })).fit(frame, ['colour'], train);
    // counts a 4, b 2, zzz 3 of 9; below 0.35 × 9 = 3.15: b and zzz, so a (0) and rare (1) are left: one binary column
    expect(p.summary().steps[0]).toMatchObject({ rareGrouped: ['b', 'zzz'] });
    expect(p.outputNames).toEqual(['colour']);
    expect(Array.from(p.transform(frame, [2, 0, 3]).data)).toEqual([1, 0, 1]);
    expect(Array.from(p.transformRecord({ colour: [null, 'a'] }).data)).toEqual([1, 0]);
  });

  it.each([[''], [3], [true]])('categoricalImputation %s is refused with its field', (bad) => {
    let err: unknown;
    try {
      validateSetupOptions({ categorical_imputation: bad }, 'classification');
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && err.field).toBe('setupParams.categorical_imputation');
  });
});
