import { EngineInputError } from '../errors.js';

export type NumericImputation = 'mean' | 'median' | 'mode' | 'zero' | 'constant';
export const NUMERIC_IMPUTATIONS: readonly NumericImputation[] = ['mean', 'median', 'mode', 'zero', 'constant'];

export interface NumericImputerJSON {
  strategy: NumericImputation;
  fill: number;
}

/** Median of the finite values (the average of the two middle ones for an even count), as numpy's. */
export function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Non-missing values of `values` at rows `rows`, sorted ascending. */
export function presentSorted(values: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i] as number] as number;
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

/** The most frequent value of sorted values; ties -> the smallest (SimpleImputer's most_frequent). NaN when empty. */
export function mostFrequent(sorted: Float64Array): number {
  let best = NaN;
  let bestCount = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i] as number;
    }
    i = j;
  }
  return best;
}

/**
 * Replaces missing numeric cells (NaN) by a value learnt on the training rows (scikit-learn's
 * SimpleImputer: mean, median, most_frequent, constant; zero = constant 0). A column with no value at all
 * in the training rows is filled with 0.
 */
export class NumericImputer {
  private fill: number | null = null;

  /** constant: the fill of strategy "constant". */
  constructor(
    readonly strategy: NumericImputation = 'mean',
    private readonly constant = 0,
  ) {}

  fit(values: Float64Array, rows: ArrayLike<number>): this {
    if (this.strategy === 'zero' || this.strategy === 'constant') {
      this.fill = this.strategy === 'zero' ? 0 : this.constant;
      return this;
    }
    if (this.strategy === 'mode') {
      const m = mostFrequent(presentSorted(values, rows));
      this.fill = Number.isNaN(m) ? 0 : m;
      return this;
    }
    if (this.strategy === 'median') {
      const m = median(presentSorted(values, rows));
      this.fill = Number.isNaN(m) ? 0 : m;
      return this;
    }
    let sum = 0;
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = values[rows[i] as number] as number;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    this.fill = n === 0 ? 0 : sum / n;
    return this;
  }

  /** The learnt fill value. */
  get value(): number {
    if (this.fill === null) throw new Error('NumericImputer is not fitted');
    return this.fill;
  }

  apply(v: number): number {
    return Number.isNaN(v) ? this.value : v;
  }

  toJSON(): NumericImputerJSON {
    return { strategy: this.strategy, fill: this.value };
  }

  static fromJSON(json: unknown, where: string): NumericImputer {
    const o = json as Partial<NumericImputerJSON> | null;
    if (!o || typeof o !== 'object' || !NUMERIC_IMPUTATIONS.includes(o.strategy as NumericImputation) || typeof o.fill !== 'number' || !Number.isFinite(o.fill)) {
      throw new EngineInputError('BAD_PIPELINE', `malformed numeric imputer at ${where}`, 'pipeline');
    }
    const imp = new NumericImputer(o.strategy as NumericImputation);
    imp.fill = o.fill;
    return imp;
  }
}
