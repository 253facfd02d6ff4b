import { parseDate, weekday, type DateParts } from '../frame/dates.js';
import { EngineInputError } from '../errors.js';
import { NumericImputer, NUMERIC_IMPUTATIONS, type NumericImputation } from './numeric-imputer.js';

/** The calendar fields a date column can become (PyCaret's create_date_columns plus weekday / time of day). */
export type DateFeature = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'weekday';
const DATE_FEATURES: readonly DateFeature[] = ['year', 'month', 'day', 'hour', 'minute', 'weekday'];

export interface DateFeaturizerJSON {
  features: DateFeature[];
  fills: number[];
  strategy: NumericImputation;
}

function field(p: DateParts, f: DateFeature): number {
  switch (f) {
    case 'year':
      return p.year;
    case 'month':
      return p.month;
    case 'day':
      return p.day;
    case 'hour':
      return p.hour;
    case 'minute':
      return p.minute;
    case 'weekday':
      return weekday(p.year, p.month, p.day);
  }
}

const parsedLevels = new WeakMap<readonly string[], Array<DateParts | null>>();

/** The parsed date of every level of a categorical column (computed once per levels array). */
export function parseLevels(levels: readonly string[]): Array<DateParts | null> {
  let parsed = parsedLevels.get(levels);
  if (!parsed) {
    parsed = levels.map(parseDate);
    parsedLevels.set(levels, parsed);
  }
  return parsed;
}

/**
 * A date column -> numeric calendar columns: year, month, day, then hour and minute when some training cell
 * has a time of day, then weekday (Monday = 0). A missing or unparseable cell gets, per output column, the
 * fill the numeric imputation strategy learns from the training rows' parsed dates.
 */
export class DateFeaturizer {
  private features: DateFeature[] = [];
  private fills: number[] = [];

  constructor(
    readonly strategy: NumericImputation = 'mean',
    private readonly constant = 0,
  ) {}

  /** codes index into levels (-1 = missing); rows = the training rows. */
  fit(codes: Int32Array, levels: readonly string[], rows: ArrayLike<number>): this {
    const parsed = parseLevels(levels);
    let hasTime = false;
    for (let i = 0; i < rows.length && !hasTime; i++) {
      const c = codes[rows[i] as number] as number;
      if (c >= 0 && parsed[c]?.hasTime) hasTime = true;
    }
    this.features = hasTime ? ['year', 'month', 'day', 'hour', 'minute', 'weekday'] : ['year', 'month', 'day', 'weekday'];
    const n = rows.length;
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    this.fills = this.features.map((f) => {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = codes[rows[i] as number] as number;
        const p = c >= 0 ? parsed[c] : null;
        v[i] = p ? field(p, f) : NaN;
      }
      return new NumericImputer(this.strategy, this.constant).fit(v, all).value;
    });
    return this;
  }

  get width(): number {
    return this.features.length;
  }

  outputNames(column: string): string[] {
    return this.features.map((f) => `${column}_${f}`);
  }

  /** Writes the features of one cell (null = missing or unparseable) into out[offset ..]. */
  write(p: DateParts | null, out: Float64Array, offset: number): void {
    for (let j = 0; j < this.features.length; j++) out[offset + j] = p ? field(p, this.features[j] as DateFeature) : (this.fills[j] as number);
  }

  toJSON(): DateFeaturizerJSON {
    return { features: [...this.features], fills: [...this.fills], strategy: this.strategy };
  }

  static fromJSON(json: unknown, where: string): DateFeaturizer {
    const o = json as Partial<DateFeaturizerJSON> | null;
    const ok =
      o &&
      typeof o === 'object' &&
      NUMERIC_IMPUTATIONS.includes(o.strategy as NumericImputation) &&
      Array.isArray(o.features) &&
      o.features.length > 0 &&
      o.features.every((f) => DATE_FEATURES.includes(f)) &&
      new Set(o.features).size === o.features.length &&
      Array.isArray(o.fills) &&
      o.fills.length === o.features.length &&
      o.fills.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new EngineInputError('BAD_PIPELINE', `malformed date featurizer at ${where}`, 'pipeline');
    const d = new DateFeaturizer(o.strategy as NumericImputation);
    d.features = [...(o.features as DateFeature[])];
    d.fills = [...(o.fills as number[])];
    return d;
  }
}
