import type { ColumnRecord, RawCell } from '../types.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import type { Frame } from '../frame/frame.js';
import { CategoricalEncoder } from './categorical-encoder.js';
import { NumericImputer, NUMERIC_IMPUTATIONS, type NumericImputation } from './numeric-imputer.js';
import { Scaler, NORMALIZE_METHODS, type NormalizeMethod } from './scaler.js';

export interface PreprocessOptions {
  numericImputation: NumericImputation;
  maxEncodingOhe: number;
  /** null = no normalisation. */
  normalize: NormalizeMethod | null;
}

export const DEFAULT_PREPROCESS: PreprocessOptions = { numericImputation: 'mean', maxEncodingOhe: 25, normalize: null };

type ColumnStep =
  | { name: string; kind: 'numeric'; imputer: NumericImputer }
  | { name: string; kind: 'categorical'; encoder: CategoricalEncoder };

export interface PreprocessorJSON {
  columns: Array<{ name: string; kind: 'numeric'; imputer: unknown } | { name: string; kind: 'categorical'; encoder: unknown }>;
  scaler: unknown;
  outputNames: string[];
}

/** What the fitted preprocessor did, for the preprocessor.fitted event and the model card. */
export interface PreprocessorSummary {
  inputFeatures: number;
  outputFeatures: number;
  numeric: number;
  categorical: number;
  oneHot: string[];
  ordinal: string[];
  /** Categorical columns with more levels than maxEncodingOhe (ordinal codes instead of one-hot). */
  highCardinality: string[];
  normalize: NormalizeMethod | null;
  numericImputation: NumericImputation;
}

/**
 * Turns the feature columns of a Frame (or raw column records at predict time) into the row-major numeric
 * matrix the estimators take: numeric imputation, categorical mode imputation + one-hot/ordinal encoding,
 * then optional normalisation. Fitted on training rows only; the columns keep the input order, a one-hot
 * column expanding in place.
 */
export class Preprocessor {
  private steps: ColumnStep[] = [];
  private scaler: Scaler | null = null;
  private names: string[] = [];

  constructor(private readonly options: PreprocessOptions = DEFAULT_PREPROCESS) {}

  /** Fits on `rows` of frame (all rows when omitted) using the feature columns `features`. */
  fit(frame: Frame, features: readonly string[], rows?: ArrayLike<number>): this {
    const r = rows ?? rangeOf(frame.rows);
    this.steps = features.map((name): ColumnStep => {
      const col = frame.require(name);
      if (col.kind === 'numeric') return { name, kind: 'numeric', imputer: new NumericImputer(this.options.numericImputation).fit(col.values, r) };
      return { name, kind: 'categorical', encoder: new CategoricalEncoder(this.options.maxEncodingOhe).fit(col.codes, col.levels, r) };
    });
    this.names = this.steps.flatMap((s) => (s.kind === 'numeric' ? [s.name] : s.encoder.outputNames(s.name)));
    this.scaler = null;
    if (this.options.normalize) {
      const X = this.encodeFrame(frame, r);
      this.scaler = new Scaler(this.options.normalize).fit(X);
    }
    return this;
  }

  get outputNames(): readonly string[] {
    return this.names;
  }

  get inputNames(): string[] {
    return this.steps.map((s) => s.name);
  }

  summary(): PreprocessorSummary {
    return {
      inputFeatures: this.steps.length,
      outputFeatures: this.names.length,
      numeric: this.steps.filter((s) => s.kind === 'numeric').length,
      categorical: this.steps.filter((s) => s.kind === 'categorical').length,
      oneHot: this.steps.filter((s) => s.kind === 'categorical' && s.encoder.kind === 'onehot').map((s) => s.name),
      ordinal: this.steps.filter((s) => s.kind === 'categorical' && s.encoder.kind === 'ordinal').map((s) => s.name),
      highCardinality: this.steps.filter((s) => s.kind === 'categorical' && s.encoder.kind === 'ordinal' && s.encoder.levelCount > 2).map((s) => s.name),
      normalize: this.scaler?.method ?? null,
      numericImputation: this.options.numericImputation,
    };
  }

  /** Rows `rows` of frame (all rows when omitted) as a preprocessed matrix. */
  transform(frame: Frame, rows?: ArrayLike<number>): Matrix {
    const X = this.encodeFrame(frame, rows ?? rangeOf(frame.rows));
    return this.scaler ? this.scaler.transformInPlace(X) : X;
  }

  /** Raw column records (as clients send them) as a preprocessed matrix; extra columns are ignored. */
  transformRecord(record: ColumnRecord): Matrix {
    let n = -1;
    for (const s of this.steps) {
      const cells = record[s.name];
      if (!Array.isArray(cells)) throw new EngineInputError('BAD_INPUT', `column "${s.name}" is missing from the rows to predict`, s.name);
      if (n === -1) n = cells.length;
      else if (cells.length !== n) throw new EngineInputError('RAGGED_COLUMNS', `column "${s.name}" has ${cells.length} values, expected ${n}`, s.name);
    }
    if (n === -1) n = 0;
    const width = this.names.length;
    const X = matrix(n, width);
    let offset = 0;
    for (const s of this.steps) {
      const cells = record[s.name] as RawCell[];
      if (s.kind === 'numeric') {
        for (let i = 0; i < n; i++) X.data[i * width + offset] = s.imputer.apply(numericCell(cells[i], s.name, i));
        offset += 1;
      } else {
        for (let i = 0; i < n; i++) {
          const c = cells[i];
          const pos = c === null || c === undefined || c === '' ? -2 : s.encoder.levelIndex(String(c));
          s.encoder.write(pos, X.data, i * width + offset);
        }
        offset += s.encoder.width;
      }
    }
    return this.scaler ? this.scaler.transformInPlace(X) : X;
  }

  private encodeFrame(frame: Frame, rows: ArrayLike<number>): Matrix {
    const n = rows.length;
    const width = this.names.length;
    const X = matrix(n, width);
    const out = X.data;
    let offset = 0;
    for (const s of this.steps) {
      const col = frame.require(s.name);
      if (s.kind === 'numeric') {
        if (col.kind !== 'numeric') throw new EngineInputError('BAD_INPUT', `column "${s.name}" must be numeric`, s.name);
        const fill = s.imputer.value;
        const v = col.values;
        for (let i = 0; i < n; i++) {
          const x = v[rows[i] as number] as number;
          out[i * width + offset] = Number.isNaN(x) ? fill : x;
        }
        offset += 1;
      } else {
        if (col.kind !== 'categorical') throw new EngineInputError('BAD_INPUT', `column "${s.name}" must be categorical`, s.name);
        const map = s.encoder.mapLevels(col.levels);
        for (let i = 0; i < n; i++) {
          const code = col.codes[rows[i] as number] as number;
          s.encoder.write(code < 0 ? -2 : (map[code] as number), out, i * width + offset);
        }
        offset += s.encoder.width;
      }
    }
    return X;
  }

  toJSON(): PreprocessorJSON {
    return {
      columns: this.steps.map((s) => (s.kind === 'numeric' ? { name: s.name, kind: 'numeric', imputer: s.imputer.toJSON() } : { name: s.name, kind: 'categorical', encoder: s.encoder.toJSON() })),
      scaler: this.scaler ? this.scaler.toJSON() : null,
      outputNames: [...this.names],
    };
  }

  static fromJSON(json: unknown): Preprocessor {
    const bad = (why: string): never => {
      throw new EngineInputError('BAD_PIPELINE', `malformed preprocessor: ${why}`, 'pipeline');
    };
    const o = json as Partial<PreprocessorJSON> | null;
    if (!o || typeof o !== 'object' || !Array.isArray(o.columns) || !Array.isArray(o.outputNames)) return bad('expected {columns, scaler, outputNames}');
    const p = new Preprocessor();
    const seen = new Set<string>();
    p.steps = o.columns.map((c, i): ColumnStep => {
      if (!c || typeof c !== 'object' || typeof c.name !== 'string' || c.name === '') return bad(`column ${i}`);
      if (seen.has(c.name)) return bad(`duplicate column "${c.name}"`);
      seen.add(c.name);
      if (c.kind === 'numeric') return { name: c.name, kind: 'numeric', imputer: NumericImputer.fromJSON(c.imputer, `column "${c.name}"`) };
      if (c.kind === 'categorical') return { name: c.name, kind: 'categorical', encoder: CategoricalEncoder.fromJSON(c.encoder, `column "${c.name}"`) };
      return bad(`column ${i} has an unknown kind`);
    });
    p.names = p.steps.flatMap((s) => (s.kind === 'numeric' ? [s.name] : s.encoder.outputNames(s.name)));
    if (p.names.length !== o.outputNames.length || p.names.some((n, i) => n !== o.outputNames?.[i])) return bad('output columns do not match the encoders');
    p.scaler = o.scaler === null || o.scaler === undefined ? null : Scaler.fromJSON(o.scaler, p.names.length);
    return p;
  }
}

function numericCell(c: RawCell, column: string, row: number): number {
  if (c === null || c === undefined || c === '') return NaN;
  if (typeof c === 'number') {
    if (Number.isNaN(c)) return NaN;
    if (!Number.isFinite(c)) throw new EngineInputError('BAD_INPUT', `column "${column}" row ${row}: ${c} is not a finite number`, column);
    return c;
  }
  if (typeof c === 'string') {
    const v = Number(c.trim());
    if (c.trim() !== '' && Number.isFinite(v)) return v;
  }
  throw new EngineInputError('BAD_INPUT', `column "${column}" row ${row}: ${JSON.stringify(c)} is not a number`, column);
}

function rangeOf(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

export function isNumericImputation(v: unknown): v is NumericImputation {
  return NUMERIC_IMPUTATIONS.includes(v as NumericImputation);
}
export function isNormalizeMethod(v: unknown): v is NormalizeMethod {
  return NORMALIZE_METHODS.includes(v as NormalizeMethod);
}
