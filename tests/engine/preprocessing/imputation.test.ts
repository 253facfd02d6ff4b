import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { DEFAULT_PREPROCESS, Preprocessor } from '../../../src/engine/preprocessing/preprocessor.js';
import { mostFrequent } from '../../../src/engine/preprocessing/numeric-imputer.js';
import { preprocessOptions, validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { isEngineInputError } from '../../../src/engine/errors.js';

interface Fixture {
  X: Array<Array<number | null>>;
  fitRows: number;
  results: Record<'mean' | 'median' | 'mode' | 'constant', number[][]>;
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/imputation/imputation.json', import.meta.url), 'utf8')) as Fixture;
const cols = ['a', 'b', 'c', 'd'];
const frame = frameFromColumns(Object.fromEntries(cols.map((c, j) => [c, fx.X.map((row) => row[j] ?? null)])));
const fitRows = Array.from({ length: fx.fitRows }, (_, i) => i);

describe('numeric imputation (SimpleImputer parity, scikit-learn 1.2.1)', () => {
  it.each(['mean', 'median', 'mode', 'constant'] as const)('%s matches to 1e-12', (strategy) => {
    const p = new Preprocessor({ ...DEFAULT_PREPROCESS, numericImputation: strategy, numericImputationValue: -7.5 }).fit(frame, cols, fitRows);
    const X = p.transform(frame);
    const expected = fx.results[strategy];
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) expect(X.data[i * X.cols + j]).toBeCloseTo(expected[i]?.[j] as number, 12);
  });

  it('mostFrequent breaks ties towards the smallest value', () => {
    expect(mostFrequent(Float64Array.from([1, 2, 2, 3, 3]))).toBe(2);
    expect(Number.isNaN(mostFrequent(new Float64Array(0)))).toBe(true);
  });

  it('setup takes mode or a number (PyCaret numeric_imputation=<value>) and refuses anything else', () => {
    expect(preprocessOptions(validateSetupOptions({ numeric_imputation: 4.5 }, 'regression'))).toMatchObject({ numericImputation: 'constant', numericImputationValue: 4.5 });
    expect(preprocessOptions(validateSetupOptions({ numericImputation: 'mode' }, 'regression')).numericImputation).toBe('mode');
    for (const bad of ['knn5', 'drop_rows', Infinity, true]) {
      let err: unknown;
      try {
        validateSetupOptions({ numericImputation: bad }, 'regression');
      } catch (e) {
        err = e;
      }
      expect(isEngineInputError(err) && err.field).toBe('setupParams.numericImputation');
    }
  });
});
