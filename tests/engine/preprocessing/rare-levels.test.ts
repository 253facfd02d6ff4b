// rareToValue (PyCaret's RareCategoryGrouping), checked by hand: on 20 training rows with rareToValue 0.1, a level
// seen in fewer than 2 of them is replaced by the rare value before the column is encoded.
import { describe, expect, it } from 'vitest';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { preprocessOptions, validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { Preprocessor } from '../../../src/engine/preprocessing/preprocessor.js';

// train rows 0..19: a ×11, b ×7, c ×1, d ×1; row 20 holds "e", never seen at fit.
const colour = [...Array(11).fill('a'), ...Array(7).fill('b'), 'c', 'd', 'e'];
const frame = frameFromColumns({ colour, x: colour.map((_, i) => i) });
const train = Array.from({ length: 20 }, (_, i) => i);
const options = (extra: Record<string, unknown>) => preprocessOptions(validateSetupOptions({ maxEncodingOhe: 10, ...extra }, 'regression'));

describe('rareToValue', () => {
  it('groups the levels seen in fewer than fraction × rows training rows, then one-hot encodes', () => {
    const p = new Preprocessor(options({ rareToValue: 0.1 })).fit(frame, ['colour', 'x'], train);
    expect(p.outputNames).toEqual(['colour_a', 'colour_b', 'colour_rare', 'x']);
    expect(p.summary().steps[0]).toMatchObject({ column: 'colour', treatment: 'onehot', rareGrouped: ['c', 'd'] });
    const X = p.transform(frame, [0, 11, 18, 19, 20]);
    expect(Array.from(X.data)).toEqual([1, 0, 0, 0, 0, 1, 0, 11, 0, 0, 1, 18, 0, 0, 1, 19, 0, 0, 0, 20]);
  });

  it('maps raw rows the same way after a JSON round trip; a rareValue that is a level merges with it', () => {
    const p = Preprocessor.fromJSON(JSON.parse(JSON.stringify(new Preprocessor(options({ rare_to_value: 0.1, rareValue: 'b' })).fit(frame, ['colour'], train).toJSON())));
    // two levels left (a ×11, b ×9): one binary column; the unseen "e" takes the mode, a.
    expect(p.outputNames).toEqual(['colour']);
    expect(Array.from(p.transformRecord({ colour: ['c', 'a', 'd', 'b', 'e'] }).data)).toEqual([1, 0, 1, 1, 0]);
  });

  it('without rareToValue nothing is grouped', () => {
    expect(new Preprocessor(options({})).fit(frame, ['colour'], train).outputNames).toEqual(['colour_a', 'colour_b', 'colour_c', 'colour_d']);
  });

  it.each([[0], [1], ['x']])('rareToValue %s is refused with its field', (bad) => {
    let err: unknown;
    try {
      validateSetupOptions({ rareToValue: bad }, 'regression');
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && err.field).toBe('setupParams.rareToValue');
  });
});
