import type { ColumnRecord, RawCell } from '../types.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import type { FeatureType } from '../frame/feature-types.js';
import type { Frame } from '../frame/frame.js';
import { CategoricalEncoder } from './categorical-encoder.js';
import { DateFeaturizer, parseLevels } from './date-features.js';
import { parseDate } from '../frame/dates.js';
import { NumericImputer, NUMERIC_IMPUTATIONS, type NumericImputation } from './numeric-imputer.js';
import { asCategorical, asNumeric, cellLevel } from './retype.js';
import { TargetEncoder, type EncodingTarget } from './target-encoder.js';
import { fillCodes } from './categorical-fill.js';
import { fitRareGrouping, groupCodes, groupedLevelNames, groupLevel, rareFromJSON, type RareGrouping } from './rare-levels.js';
import { Scaler, NORMALIZE_METHODS, type NormalizeMethod } from './scaler.js';
import { KnnImputer, type KnnImputerJSON } from './knn-imputer.js';
import { IterativeImputer, type IterativeClassifier, type IterativeImputerJSON, type IterativeModel } from './iterative-imputer.js';
import { TfidfVectorizer, type TextMethod } from './tfidf.js';
import { applySteps, fitAfterScaling, fitBeforeScaling, stepNames, stepsFromJSON, stepToJSON, type MatrixStep, type MatrixStepJSON, type MatrixStepOptions, type MatrixStepSummary } from './matrix-steps.js';

export interface PreprocessOptions {
  numericImputation: NumericImputation;
  /** The fill of numericImputation "constant" (default 0). */
  numericImputationValue?: number;
  maxEncodingOhe: number;
  /** null = no normalisation. */
  normalize: NormalizeMethod | null;
  /** Feature type per column (setup's inference + overrides); a column not listed goes by its storage kind. */
  featureTypes?: Readonly<Record<string, FeatureType>>;
  /** Level order of each 'ordinal' column. */
  ordinalLevels?: Readonly<Record<string, readonly string[]>>;
  /** Categorical columns above maxEncodingOhe levels: target encoding (needs the target at fit), ordinal codes or one-hot. Default ordinal. */
  encodingMethod?: EncodingMethod;
  /** Transformations of the encoded matrix (polynomial, low variance, multicollinearity, Yeo-Johnson, PCA, selection). */
  transforms?: MatrixStepOptions;
  /** PyCaret's rare_to_value: categorical levels in fewer than this fraction of the training rows become rareValue. */
  rareToValue?: number | null;
  rareValue?: string;
  /** Missing cells of categorical columns become this level (categoricalImputation constant); undefined = the mode. */
  categoricalFill?: string;
  /** Joint imputation of the numeric columns (KNNImputer / IterativeImputer) instead of numericImputation's per-column fill. */
  jointImputation?: JointImputation | null;
  /** TF-IDF vocabulary size of each text column (max_features); null = every term. Undefined = 100. */
  textMaxFeatures?: number | null;
  /** tf-idf (default) or bow (term counts). */
  textMethod?: TextMethod;
}

/** iterative with classifier: the categorical columns (without a constant fill) are imputed too, by that classifier. */
export type JointImputation =
  | { method: 'knn'; neighbors: number }
  | { method: 'iterative'; iterations: number; model: IterativeModel; seed: number; classifier?: IterativeClassifier; skipComplete?: boolean };

export const DEFAULT_TEXT_MAX_FEATURES = 100;

export type EncodingMethod = 'target' | 'ordinal' | 'onehot';
export const ENCODING_METHODS: readonly EncodingMethod[] = ['target', 'ordinal', 'onehot'];

export const DEFAULT_PREPROCESS: PreprocessOptions = { numericImputation: 'mean', maxEncodingOhe: 25, normalize: null };

/** fromNumbers: the column is stored numeric but treated as categorical (its levels are the numbers' text). */
type ColumnStep =
  | { name: string; kind: 'numeric'; imputer: NumericImputer }
  | { name: string; kind: 'categorical'; encoder: CategoricalEncoder; fromNumbers: boolean; rare?: RareGrouping; fill?: string }
  | { name: string; kind: 'target'; encoder: TargetEncoder; fromNumbers: boolean; rare?: RareGrouping; fill?: string }
  | { name: string; kind: 'date'; dates: DateFeaturizer }
  | { name: string; kind: 'text'; tfidf: TfidfVectorizer };

export interface PreprocessorJSON {
  columns: Array<
    | { name: string; kind: 'numeric'; imputer: unknown }
    | { name: string; kind: 'categorical' | 'target'; encoder: unknown; fromNumbers?: boolean; rare?: RareGrouping; fill?: string }
    | { name: string; kind: 'date'; dates: unknown }
    | { name: string; kind: 'text'; tfidf: unknown }
  >;
  /** The joint imputer over the columns jointColumns (absent = per-column fills). */
  joint?: KnnImputerJSON | IterativeImputerJSON;
  /** The joint imputer's columns, in step order (absent = the numeric ones). */
  jointColumns?: string[];
  scaler: unknown;
  outputNames: string[];
  /** Feature columns left out of the model inputs (free text: no text encoder yet). */
  skipped?: string[];
  /** Feature type of every input column (inputs and skipped ones). */
  featureTypes?: Record<string, FeatureType>;
  /** Matrix transformations before and after the scaler (absent = none). */
  transforms?: { before: MatrixStepJSON[]; after: MatrixStepJSON[] };
}

const FEATURE_TYPES: readonly FeatureType[] = ['numeric', 'categorical', 'ordinal', 'date', 'text'];

/** One input column's treatment, for the preprocessor.fitted event. */
export interface ColumnStepSummary {
  column: string;
  type: FeatureType;
  /** How it reaches the model: imputed numbers, onehot / binary / ordinal codes, calendar fields, or skipped. */
  treatment: 'numeric' | 'onehot' | 'binary' | 'ordinal' | 'target' | 'date' | 'tfidf' | 'skipped';
  outputs: string[];
  /** Levels grouped into the rare value before encoding (rareToValue). */
  rareGrouped?: string[];
  /** Numeric columns imputed jointly: "knn" or "iterative". */
  imputed?: JointImputation['method'];
}

/** The joint numeric imputer, for the run summary. */
export type JointImputationSummary =
  | { method: 'knn'; neighbors: number; columns: string[] }
  | { method: 'iterative'; model: IterativeModel; rounds: number; columns: string[]; classifier?: IterativeClassifier; categorical?: string[] };

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
  /** Date columns turned into calendar fields. */
  dates: string[];
  /** Columns declared ordinal (user's level order). */
  ordered: string[];
  /** Feature columns not fed to the models (free text). */
  skipped: string[];
  /** Columns above maxEncodingOhe levels that were target-encoded. */
  targetEncoded: string[];
  /** Text columns turned into TF-IDF columns. */
  text: string[];
  /** The joint numeric imputer, null when each column has its own fill. */
  imputation: JointImputationSummary | null;
  steps: ColumnStepSummary[];
  /** The matrix transformations, in order, with the model inputs each took and gave. */
  transforms: MatrixStepSummary[];
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
  private skipped: string[] = [];
  private types = new Map<string, FeatureType>();
  private before: MatrixStep[] = [];
  private after: MatrixStep[] = [];
  private transformSummaries: MatrixStepSummary[] = [];
  private joint: KnnImputer | IterativeImputer | null = null;
  private jointNames: string[] = [];

  constructor(private readonly options: PreprocessOptions = DEFAULT_PREPROCESS) {}

  /**
   * Fits on `rows` of frame (all rows when omitted) using the feature columns `features`; `target` (indexed by
   * frame row) is needed when a column is target-encoded.
   */
  fit(frame: Frame, features: readonly string[], rows?: ArrayLike<number>, target?: EncodingTarget): this {
    const r = rows ?? rangeOf(frame.rows);
    const declared = this.options.featureTypes ?? {};
    this.skipped = [];
    this.types = new Map();
    this.steps = [];
    for (const name of features) {
      const col = frame.require(name);
      // Own keys only: a column named "__proto__" must not read Object.prototype as its type.
      const type: FeatureType = (Object.hasOwn(declared, name) ? declared[name] : undefined) ?? (col.kind === 'numeric' ? 'numeric' : 'categorical');
      this.types.set(name, type);
      if (type === 'text') {
        const raw = asCategorical(col);
        const docs = Array.from(r, (row) => {
          const c = raw.codes[row] as number;
          return c < 0 ? null : (raw.levels[c] as string);
        });
        const tfidf = new TfidfVectorizer(this.options.textMaxFeatures === undefined ? DEFAULT_TEXT_MAX_FEATURES : this.options.textMaxFeatures, this.options.textMethod).fit(docs);
        if (tfidf.width === 0) throw new EngineInputError('BAD_INPUT', `text column "${name}" has no word of two or more letters in the training rows`, 'setupParams.textFeatures');
        this.steps.push({ name, kind: 'text', tfidf });
        continue;
      }
      if (type === 'numeric') {
        const num = asNumeric(col, 'setupParams.numericFeatures');
        this.steps.push({ name, kind: 'numeric', imputer: new NumericImputer(this.options.numericImputation, this.options.numericImputationValue).fit(num.values, r) });
        continue;
      }
      const raw = asCategorical(col);
      // PyCaret imputes before it groups rare levels: the fill value can itself be rare.
      const fill = type === 'categorical' ? this.options.categoricalFill : undefined;
      const stored = fill !== undefined ? fillCodes(raw.codes, raw.levels, fill) : raw;
      const rare = type === 'categorical' && this.options.rareToValue != null
        ? fitRareGrouping(stored.codes, stored.levels, r, this.options.rareToValue, this.options.rareValue ?? 'rare')
        : null;
      const cat = rare ? groupCodes(stored.codes, stored.levels, rare) : stored;
      const grouped = { ...(rare ? { rare } : {}), ...(fill !== undefined ? { fill } : {}) };
      if (type === 'date') {
        this.steps.push({ name, kind: 'date', dates: new DateFeaturizer(this.options.numericImputation, this.options.numericImputationValue).fit(cat.codes, cat.levels, r) });
        continue;
      }
      const encoder = new CategoricalEncoder(this.options.maxEncodingOhe);
      if (type === 'ordinal') {
        const order = this.options.ordinalLevels?.[name];
        if (!order) throw new EngineInputError('BAD_PARAM', `column "${name}" is ordinal but has no level order`, 'setupParams.ordinalFeatures');
        encoder.fitOrdered(cat.codes, cat.levels, r, order, 'setupParams.ordinalFeatures');
      } else encoder.fit(cat.codes, cat.levels, r);
      const fromNumbers = col.kind === 'numeric';
      const method = this.options.encodingMethod ?? 'ordinal';
      if (type === 'categorical' && encoder.kind === 'ordinal' && encoder.levelCount > 2 && method !== 'ordinal') {
        if (method === 'onehot') {
          this.steps.push({ name, kind: 'categorical', encoder: new CategoricalEncoder(Number.MAX_SAFE_INTEGER).fit(cat.codes, cat.levels, r), fromNumbers, ...grouped });
          continue;
        }
        if (!target) throw new Error(`Preprocessor.fit: column "${name}" is target-encoded, so fit needs the target`);
        this.steps.push({ name, kind: 'target', encoder: new TargetEncoder().fit(cat.codes, cat.levels, r, target), fromNumbers, ...grouped });
        continue;
      }
      this.steps.push({ name, kind: 'categorical', encoder, fromNumbers, ...grouped });
    }
    this.names = this.steps.flatMap(outputNamesOf);
    this.joint = null;
    this.jointNames = [];
    const joint = this.options.jointImputation;
    if (joint) {
      const cats = joint.method === 'iterative' && joint.classifier !== undefined;
      const cols = this.steps.filter((s) => s.kind === 'numeric' || (cats && isJointCategorical(s, this.typeOf(s))));
      this.jointNames = cols.map((s) => s.name);
      const block = this.frameBlock(frame, r);
      const categorical = cols.flatMap((s, b) => (s.kind === 'numeric' ? [] : [b]));
      if (cols.length > 0)
        this.joint = joint.method === 'knn' ? new KnnImputer(joint.neighbors).fit(block) : new IterativeImputer(joint.iterations, joint.model, joint.seed, 1e-3, joint.classifier, joint.skipComplete).fit(block, categorical);
      else this.jointNames = [];
    }
    this.scaler = null;
    this.before = [];
    this.after = [];
    this.transformSummaries = [];
    const transforms = this.options.transforms ?? {};
    const anyTransform =
      transforms.polynomialDegree != null || transforms.lowVarianceThreshold != null || transforms.multicollinearityThreshold != null ||
      transforms.transformation != null || transforms.pcaComponents !== undefined || transforms.nFeaturesToSelect != null ||
      (transforms.binColumns?.length ?? 0) > 0;
    for (const c of transforms.binColumns ?? [])
      if (!this.steps.some((s) => s.kind === 'numeric' && s.name === c))
        throw new EngineInputError('BAD_PARAM', `binNumericFeatures lists "${c}", which is not a numeric feature`, 'setupParams.binNumericFeatures');
    if (this.options.normalize || anyTransform) {
      const yRows = target ? { y: Float64Array.from({ length: r.length }, (_, i) => target.y[r[i] as number] as number), classes: target.classes } : undefined;
      const exempt = new Set<number>();
      let offset = 0;
      for (const s of this.steps) {
        const width = outputNamesOf(s).length;
        if (transforms.exempt?.includes(s.name)) for (let j = 0; j < width; j++) exempt.add(offset + j);
        offset += width;
      }
      const first = fitBeforeScaling(this.encodeFrame(frame, r), this.names, yRows, transforms, exempt);
      let X = first.X;
      if (this.options.normalize) {
        this.scaler = new Scaler(this.options.normalize).fit(X);
        X = this.scaler.transformInPlace(X);
      }
      const second = fitAfterScaling(X, first.names, yRows, transforms, first.exempt);
      this.before = first.steps;
      this.after = second.steps;
      this.names = second.names;
      this.transformSummaries = [...first.summaries, ...second.summaries];
    }
    return this;
  }

  private jointSteps(): ColumnStep[] {
    return this.jointNames.map((n) => this.steps.find((s) => s.name === n) as ColumnStep);
  }

  /**
   * The joint imputer's input at rows of frame: numeric values and categorical level positions (the encoder's),
   * NaN where missing.
   */
  private frameBlock(frame: Frame, rows: ArrayLike<number>): Matrix {
    const steps = this.jointSteps();
    const q = steps.length;
    const M = matrix(rows.length, q);
    steps.forEach((s, b) => {
      const stored = frame.require(s.name);
      if (s.kind === 'numeric') {
        const v = asNumeric(stored, s.name).values;
        for (let i = 0; i < rows.length; i++) M.data[i * q + b] = v[rows[i] as number] as number;
      } else if (s.kind === 'categorical' || s.kind === 'target') {
        const col = asCategorical(stored);
        const map = s.encoder.mapLevels(s.rare ? groupedLevelNames(col.levels, s.rare) : col.levels);
        for (let i = 0; i < rows.length; i++) {
          const code = col.codes[rows[i] as number] as number;
          M.data[i * q + b] = code < 0 ? NaN : (map[code] as number);
        }
      }
    });
    return M;
  }

  /** frameBlock for raw column records. */
  private recordBlock(record: ColumnRecord, n: number): Matrix {
    const steps = this.jointSteps();
    const q = steps.length;
    const M = matrix(n, q);
    steps.forEach((s, b) => {
      const cells = record[s.name] as RawCell[];
      for (let i = 0; i < n; i++) {
        if (s.kind === 'numeric') M.data[i * q + b] = numericCell(cells[i], s.name, i);
        else if (s.kind === 'categorical' || s.kind === 'target') {
          const level = cellLevel(cells[i], s.fromNumbers);
          M.data[i * q + b] = level === null ? NaN : s.encoder.levelIndex(s.rare ? groupLevel(level, s.rare) : level);
        }
      }
    });
    return M;
  }

  /** The joint imputer's output and each joint column's position in it (null without a joint imputer). */
  private imputed(block: () => Matrix): { data: Float64Array; q: number; at: Map<string, number> } | null {
    if (!this.joint) return null;
    return { data: this.joint.transform(block()).data, q: this.jointNames.length, at: new Map(this.jointNames.map((n, b) => [n, b])) };
  }

  /** The encoded matrix through the fitted transformations and scaler. */
  private finish(X: Matrix): Matrix {
    const mid = applySteps(this.before, X);
    return applySteps(this.after, this.scaler ? this.scaler.transformInPlace(mid) : mid);
  }

  get outputNames(): readonly string[] {
    return this.names;
  }

  get inputNames(): string[] {
    return this.steps.map((s) => s.name);
  }

  /** The feature types and ordinal level orders this preprocessor was fitted with (to refit it the same way). */
  typeOptions(): Pick<PreprocessOptions, 'featureTypes' | 'ordinalLevels'> {
    // Null-prototype records: assigning a "__proto__" column must define a key, not set the prototype.
    const featureTypes = Object.create(null) as Record<string, FeatureType>;
    const ordinalLevels = Object.create(null) as Record<string, readonly string[]>;
    for (const s of this.steps) featureTypes[s.name] = this.typeOf(s);
    for (const s of this.steps) if (s.kind === 'categorical' && featureTypes[s.name] === 'ordinal') ordinalLevels[s.name] = s.encoder.fittedLevels;
    return { featureTypes, ordinalLevels };
  }

  private typeOf(s: ColumnStep): FeatureType {
    return this.types.get(s.name) ?? (s.kind === 'numeric' ? 'numeric' : s.kind === 'date' ? 'date' : 'categorical');
  }

  summary(): PreprocessorSummary {
    return {
      inputFeatures: this.steps.length,
      outputFeatures: this.names.length,
      numeric: this.steps.filter((s) => s.kind === 'numeric').length,
      categorical: this.steps.filter((s) => s.kind === 'categorical' || s.kind === 'target').length,
      oneHot: this.steps.filter((s) => s.kind === 'categorical' && s.encoder.kind === 'onehot').map((s) => s.name),
      ordinal: this.steps.filter((s) => s.kind === 'categorical' && s.encoder.kind === 'ordinal').map((s) => s.name),
      highCardinality: this.steps
        .filter((s) => s.kind === 'categorical' && s.encoder.kind === 'ordinal' && s.encoder.levelCount > 2 && this.typeOf(s) !== 'ordinal')
        .map((s) => s.name),
      normalize: this.scaler?.method ?? null,
      numericImputation: this.options.numericImputation,
      dates: this.steps.filter((s) => s.kind === 'date').map((s) => s.name),
      ordered: this.steps.filter((s) => this.typeOf(s) === 'ordinal').map((s) => s.name),
      skipped: [...this.skipped],
      targetEncoded: this.steps.filter((s) => s.kind === 'target').map((s) => s.name),
      text: this.steps.filter((s) => s.kind === 'text').map((s) => s.name),
      imputation: this.jointSummary(),
      transforms: this.transformSummaries.map((t) => ({ ...t, ...(t.dropped ? { dropped: [...t.dropped] } : {}) })),
      steps: [
        ...this.steps.map((s): ColumnStepSummary => ({
          column: s.name, type: this.typeOf(s), treatment: treatmentOf(s), outputs: outputNamesOf(s),
          ...((s.kind === 'categorical' || s.kind === 'target') && s.rare ? { rareGrouped: [...s.rare.rare] } : {}),
          ...(this.joint && this.jointNames.includes(s.name) ? { imputed: this.joint instanceof KnnImputer ? ('knn' as const) : ('iterative' as const) } : {}),
        })),
        ...this.skipped.map((c): ColumnStepSummary => ({ column: c, type: 'text', treatment: 'skipped', outputs: [] })),
      ],
    };
  }

  private jointSummary(): JointImputationSummary | null {
    if (!this.joint) return null;
    const columns = this.steps.filter((s) => s.kind === 'numeric' && this.jointNames.includes(s.name)).map((s) => s.name);
    const categorical = this.jointNames.filter((n) => !columns.includes(n));
    if (this.joint instanceof KnnImputer) return { method: 'knn', neighbors: this.joint.neighbors, columns };
    return { method: 'iterative', model: this.joint.model, rounds: this.joint.rounds, columns, ...(categorical.length > 0 ? { classifier: this.joint.classifier, categorical } : {}) };
  }

  /** Each column's treatment and each matrix transformation, for the run summary (plus the joint imputer when there is one). */
  runSummary(): { preprocessing: ColumnStepSummary[]; transforms: MatrixStepSummary[]; imputation?: JointImputationSummary } {
    const { steps, transforms, imputation } = this.summary();
    return { preprocessing: steps, transforms, ...(imputation ? { imputation } : {}) };
  }

  /** Rows `rows` of frame (all rows when omitted) as a preprocessed matrix. */
  transform(frame: Frame, rows?: ArrayLike<number>): Matrix {
    return this.finish(this.encodeFrame(frame, rows ?? rangeOf(frame.rows)));
  }

  /**
   * Rows of frame encoded column by column (imputed, encoded; before the matrix transformations and the
   * scaler): the blocks of summary().steps' outputs, in order. transformEncoded finishes them.
   */
  encode(frame: Frame, rows?: ArrayLike<number>): Matrix {
    return this.encodeFrame(frame, rows ?? rangeOf(frame.rows));
  }

  /** An encode() matrix (kept unchanged) through the matrix transformations and the scaler, as transform does. */
  transformEncoded(E: Matrix): Matrix {
    if (E.cols !== this.encodedWidth) throw new RangeError(`the encoded matrix has ${E.cols} columns, expected ${this.encodedWidth}`);
    return this.finish(matrix(E.rows, E.cols, Float64Array.from(E.data)));
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
    const width = this.encodedWidth;
    const X = matrix(n, width);
    const joint = this.imputed(() => this.recordBlock(record, n));
    let offset = 0;
    for (const s of this.steps) {
      const cells = record[s.name] as RawCell[];
      const b = joint?.at.get(s.name);
      if (s.kind === 'numeric') {
        for (let i = 0; i < n; i++)
          X.data[i * width + offset] = joint && b !== undefined ? (joint.data[i * joint.q + b] as number) : s.imputer.apply(numericCell(cells[i], s.name, i));
        offset += 1;
      } else if (s.kind === 'text') {
        for (let i = 0; i < n; i++) s.tfidf.write(cellLevel(cells[i], false), X.data, i * width + offset);
        offset += s.tfidf.width;
      } else if (s.kind === 'date') {
        for (let i = 0; i < n; i++) {
          const level = cellLevel(cells[i], false);
          s.dates.write(level === null ? null : parseDate(level), X.data, i * width + offset);
        }
        offset += s.dates.width;
      } else {
        for (let i = 0; i < n; i++) {
          const level = cellLevel(cells[i], s.fromNumbers) ?? s.fill ?? null;
          const missing = joint && b !== undefined ? (joint.data[i * joint.q + b] as number) : -2;
          s.encoder.write(level === null ? missing : s.encoder.levelIndex(s.rare ? groupLevel(level, s.rare) : level), X.data, i * width + offset);
        }
        offset += s.encoder.width;
      }
    }
    return this.finish(X);
  }

  /** Columns of the encoded matrix (before the matrix transformations). */
  private get encodedWidth(): number {
    let w = 0;
    for (const s of this.steps) w += widthOf(s);
    return w;
  }

  private encodeFrame(frame: Frame, rows: ArrayLike<number>): Matrix {
    const n = rows.length;
    const width = this.encodedWidth;
    const X = matrix(n, width);
    const out = X.data;
    const joint = this.imputed(() => this.frameBlock(frame, rows));
    let offset = 0;
    for (const s of this.steps) {
      const stored = frame.require(s.name);
      const b = joint?.at.get(s.name);
      if (s.kind === 'numeric') {
        const col = asNumeric(stored, s.name);
        const fill = s.imputer.value;
        const v = col.values;
        for (let i = 0; i < n; i++) {
          const x = v[rows[i] as number] as number;
          out[i * width + offset] = joint && b !== undefined ? (joint.data[i * joint.q + b] as number) : Number.isNaN(x) ? fill : x;
        }
        offset += 1;
      } else if (s.kind === 'text') {
        const col = asCategorical(stored);
        const rowsOf = new Map<number, Float64Array>();
        const w = s.tfidf.width;
        for (let i = 0; i < n; i++) {
          const code = col.codes[rows[i] as number] as number;
          let v = rowsOf.get(code);
          if (!v) {
            v = new Float64Array(w);
            s.tfidf.write(code < 0 ? null : (col.levels[code] as string), v, 0);
            rowsOf.set(code, v);
          }
          out.set(v, i * width + offset);
        }
        offset += w;
      } else if (s.kind === 'date') {
        const col = asCategorical(stored);
        const parsed = parseLevels(col.levels);
        for (let i = 0; i < n; i++) {
          const code = col.codes[rows[i] as number] as number;
          s.dates.write(code < 0 ? null : (parsed[code] ?? null), out, i * width + offset);
        }
        offset += s.dates.width;
      } else {
        const col = asCategorical(stored);
        const map = s.encoder.mapLevels(s.rare ? groupedLevelNames(col.levels, s.rare) : col.levels);
        const missing = s.fill === undefined ? -2 : s.encoder.levelIndex(s.rare ? groupLevel(s.fill, s.rare) : s.fill);
        for (let i = 0; i < n; i++) {
          const code = col.codes[rows[i] as number] as number;
          const fill = joint && b !== undefined ? (joint.data[i * joint.q + b] as number) : missing;
          s.encoder.write(code < 0 ? fill : (map[code] as number), out, i * width + offset);
        }
        offset += s.encoder.width;
      }
    }
    return X;
  }

  toJSON(): PreprocessorJSON {
    return {
      columns: this.steps.map((s) =>
        s.kind === 'numeric'
          ? { name: s.name, kind: 'numeric', imputer: s.imputer.toJSON() }
          : s.kind === 'date'
            ? { name: s.name, kind: 'date', dates: s.dates.toJSON() }
            : s.kind === 'text'
              ? { name: s.name, kind: 'text', tfidf: s.tfidf.toJSON() }
              : { name: s.name, kind: s.kind, encoder: s.encoder.toJSON(), fromNumbers: s.fromNumbers, ...(s.rare ? { rare: { rare: [...s.rare.rare], value: s.rare.value } } : {}), ...(s.fill !== undefined ? { fill: s.fill } : {}) },
      ),
      scaler: this.scaler ? this.scaler.toJSON() : null,
      outputNames: [...this.names],
      skipped: [...this.skipped],
      featureTypes: Object.fromEntries(this.types),
      ...(this.joint ? { joint: this.joint.toJSON(), jointColumns: [...this.jointNames] } : {}),
      ...(this.before.length + this.after.length > 0 ? { transforms: { before: this.before.map(stepToJSON), after: this.after.map(stepToJSON) } } : {}),
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
      if (c.kind === 'categorical' || c.kind === 'target') {
        if (c.fromNumbers !== undefined && typeof c.fromNumbers !== 'boolean') return bad(`column "${c.name}": fromNumbers must be a boolean`);
        const fromNumbers = c.fromNumbers === true;
        const rare = rareFromJSON(c.rare, `column "${c.name}"`);
        if (c.fill !== undefined && typeof c.fill !== 'string') return bad(`column "${c.name}": fill must be a string`);
        const grouped = { ...(rare ? { rare } : {}), ...(c.fill !== undefined ? { fill: c.fill } : {}) };
        if (c.kind === 'target') return { name: c.name, kind: 'target', encoder: TargetEncoder.fromJSON(c.encoder, `column "${c.name}"`), fromNumbers, ...grouped };
        return { name: c.name, kind: 'categorical', encoder: CategoricalEncoder.fromJSON(c.encoder, `column "${c.name}"`), fromNumbers, ...grouped };
      }
      if (c.kind === 'date') return { name: c.name, kind: 'date', dates: DateFeaturizer.fromJSON(c.dates, `column "${c.name}"`) };
      if (c.kind === 'text') return { name: c.name, kind: 'text', tfidf: TfidfVectorizer.fromJSON(c.tfidf, `column "${c.name}"`) };
      return bad(`column ${i} has an unknown kind`);
    });
    const skipped = o.skipped ?? [];
    if (!Array.isArray(skipped) || !skipped.every((n) => typeof n === 'string' && !seen.has(n))) return bad('skipped must list columns without a step');
    p.skipped = [...skipped];
    const types = o.featureTypes ?? {};
    if (!types || typeof types !== 'object' || Array.isArray(types)) return bad('featureTypes must map columns to types');
    for (const [name, t] of Object.entries(types)) {
      if (!FEATURE_TYPES.includes(t)) return bad(`column "${name}" has an unknown feature type`);
      if (!seen.has(name) && !skipped.includes(name)) return bad(`featureTypes lists "${name}", which is not an input`);
      p.types.set(name, t);
    }
    if (o.joint !== undefined) {
      const cols = o.jointColumns ?? p.steps.filter((s) => s.kind === 'numeric').map((s) => s.name);
      if (!Array.isArray(cols) || !cols.every((c) => typeof c === 'string' && p.steps.some((s) => s.name === c && (s.kind === 'numeric' || s.kind === 'categorical' || s.kind === 'target'))))
        return bad('jointColumns must list numeric or categorical inputs');
      p.jointNames = p.steps.filter((s) => cols.includes(s.name)).map((s) => s.name);
      const q = p.jointNames.length;
      const kind = (o.joint as { kind?: unknown } | null)?.kind;
      p.joint = kind === 'knn' ? KnnImputer.fromJSON(o.joint, q, 'joint imputer') : kind === 'iterative' ? IterativeImputer.fromJSON(o.joint, q, 'joint imputer') : bad('joint imputer has an unknown kind');
    }
    let names = p.steps.flatMap(outputNamesOf);
    const transforms = o.transforms ?? { before: [], after: [] };
    if (!transforms || typeof transforms !== 'object') return bad('transforms must be {before, after}');
    const before = stepsFromJSON(transforms.before, names.length);
    for (const s of before.steps) names = stepNames(s, names);
    p.scaler = o.scaler === null || o.scaler === undefined ? null : Scaler.fromJSON(o.scaler, before.width);
    const after = stepsFromJSON(transforms.after, before.width);
    for (const s of after.steps) names = stepNames(s, names);
    p.before = before.steps;
    p.after = after.steps;
    p.names = names;
    if (p.names.length !== o.outputNames.length || p.names.some((n, i) => n !== o.outputNames?.[i])) return bad('output columns do not match the encoders');
    return p;
  }
}

function outputNamesOf(s: ColumnStep): string[] {
  return s.kind === 'numeric' ? [s.name] : s.kind === 'date' ? s.dates.outputNames(s.name) : s.kind === 'text' ? s.tfidf.outputNames(s.name) : s.encoder.outputNames(s.name);
}

/** A categorical column the iterative imputer's classifier may fill: declared/inferred categorical, no constant fill. */
function isJointCategorical(s: ColumnStep, type: FeatureType): boolean {
  return (s.kind === 'categorical' || s.kind === 'target') && type === 'categorical' && s.fill === undefined;
}

function widthOf(s: ColumnStep): number {
  return s.kind === 'numeric' ? 1 : s.kind === 'date' ? s.dates.width : s.kind === 'text' ? s.tfidf.width : s.encoder.width;
}

function treatmentOf(s: ColumnStep): ColumnStepSummary['treatment'] {
  if (s.kind === 'numeric' || s.kind === 'date' || s.kind === 'target') return s.kind;
  if (s.kind === 'text') return 'tfidf';
  return s.encoder.kind === 'onehot' ? 'onehot' : s.encoder.levelCount <= 2 ? 'binary' : 'ordinal';
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
