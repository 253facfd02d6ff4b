import { EngineInputError } from '../errors.js';

/** The target the supervised encoders learn from: y per frame row; classes = class count (0 for regression). */
export interface EncodingTarget {
  y: Float64Array;
  classes: number;
  /** Class labels by code, used in output names of multiclass encodings. */
  labels?: readonly string[];
}

/** The encoding target of a task: class codes with their labels (classification) or values (regression). */
export function encodingTarget(y: Float64Array, classes: readonly (number | string)[] | null): EncodingTarget {
  return classes ? { y, classes: classes.length, labels: classes.map(String) } : { y, classes: 0 };
}

export interface TargetEncoderJSON {
  levels: string[];
  mode: number;
  /** Output column names' suffixes ([] = the column's own name). */
  suffixes: string[];
  prior: number[];
  /** levels x outputs, row-major. */
  table: number[];
}

// category_encoders' TargetEncoder defaults (min_samples_leaf=20, smoothing=10).
const MIN_SAMPLES_LEAF = 20;
const SMOOTHING = 10;

/** category_encoders' weight of a level's own mean: expit((n - min_samples_leaf) / smoothing). */
export function levelWeight(count: number): number {
  return 1 / (1 + Math.exp(-(count - MIN_SAMPLES_LEAF) / SMOOTHING));
}

/**
 * Target encoding of one categorical column, as category_encoders' TargetEncoder with its defaults: a level
 * seen n times in the training rows with target mean m becomes prior * (1 - w) + m * w, w = levelWeight(n),
 * prior = the training target mean. The column is mode-imputed first (as PyCaret's pipeline does before encoding),
 * so missing cells count as the most frequent level. Regression and binary targets give one column (binary: the share of
 * class 1); a multiclass target gives one column per class (the share of that class). A level unseen in
 * training -> prior.
 * Fit it on a fold's training rows only: on those rows it sees their own targets.
 */
export class TargetEncoder {
  private levels: string[] = [];
  private index = new Map<string, number>();
  private mode = 0;
  private suffixes: string[] = [];
  private prior = new Float64Array(0);
  private table = new Float64Array(0);

  /** codes index into frameLevels (-1 = missing); rows = the training rows. */
  fit(codes: Int32Array, frameLevels: readonly string[], rows: ArrayLike<number>, target: EncodingTarget): this {
    const k = target.classes > 2 ? target.classes : 1;
    const n = rows.length;
    const counts = new Float64Array(frameLevels.length);
    for (let i = 0; i < n; i++) {
      const c = codes[rows[i] as number] as number;
      if (c >= 0) counts[c]!++;
    }
    // Most frequent level (ties: the lowest code, i.e. first in code-unit order): missing cells count as it.
    let modeCode = -1;
    for (let c = 0; c < counts.length; c++) if ((counts[c] as number) > 0 && (modeCode < 0 || (counts[c] as number) > (counts[modeCode] as number))) modeCode = c;
    const sums = new Float64Array(frameLevels.length * k);
    const total = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const r = rows[i] as number;
      let c = codes[r] as number;
      const yv = target.y[r] as number;
      if (k === 1) total[0]! += yv;
      else total[yv]!++;
      if (c < 0) {
        if (modeCode < 0) continue;
        c = modeCode;
        counts[c]!++;
      }
      if (k === 1) sums[c]! += yv;
      else sums[c * k + yv]!++;
    }
    this.prior = total.map((t) => (n === 0 ? 0 : t / n));
    const seen: number[] = [];
    for (let c = 0; c < counts.length; c++) if ((counts[c] as number) > 0) seen.push(c);
    this.levels = seen.map((c) => frameLevels[c] as string);
    this.index = new Map(this.levels.map((l, i) => [l, i]));
    this.mode = Math.max(0, seen.indexOf(modeCode));
    this.table = new Float64Array(seen.length * k);
    seen.forEach((c, i) => {
      const cnt = counts[c] as number;
      const w = levelWeight(cnt);
      for (let j = 0; j < k; j++) this.table[i * k + j] = (this.prior[j] as number) * (1 - w) + ((sums[c * k + j] as number) / cnt) * w;
    });
    this.suffixes = k === 1 ? [] : Array.from({ length: k }, (_, j) => target.labels?.[j] ?? String(j));
    return this;
  }

  get width(): number {
    return Math.max(1, this.suffixes.length);
  }

  get levelCount(): number {
    return this.levels.length;
  }

  outputNames(column: string): string[] {
    return this.suffixes.length === 0 ? [column] : this.suffixes.map((s) => `${column}_${s}`);
  }

  levelIndex(level: string): number {
    return this.index.get(level) ?? -1;
  }

  mapLevels(frameLevels: readonly string[]): Int32Array {
    const m = new Int32Array(frameLevels.length);
    for (let i = 0; i < frameLevels.length; i++) m[i] = this.levelIndex(frameLevels[i] as string);
    return m;
  }

  /** Writes the encoding of a fitted level position (-2 missing -> the mode level, -1 unseen -> prior). */
  write(pos: number, out: Float64Array, offset: number): void {
    const k = this.width;
    const p = pos === -2 ? this.mode : pos;
    if (p < 0 || p >= this.levels.length) {
      for (let j = 0; j < k; j++) out[offset + j] = this.prior[j] as number;
      return;
    }
    for (let j = 0; j < k; j++) out[offset + j] = this.table[p * k + j] as number;
  }

  toJSON(): TargetEncoderJSON {
    return { levels: [...this.levels], mode: this.mode, suffixes: [...this.suffixes], prior: Array.from(this.prior), table: Array.from(this.table) };
  }

  static fromJSON(json: unknown, where: string): TargetEncoder {
    const o = json as Partial<TargetEncoderJSON> | null;
    const finite = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
    const ok =
      o &&
      typeof o === 'object' &&
      Array.isArray(o.levels) &&
      o.levels.every((l) => typeof l === 'string') &&
      new Set(o.levels).size === o.levels.length &&
      Array.isArray(o.suffixes) &&
      o.suffixes.length !== 1 &&
      o.suffixes.every((s) => typeof s === 'string') &&
      finite(o.prior) &&
      o.prior.length === Math.max(1, o.suffixes.length) &&
      finite(o.table) &&
      o.table.length === o.levels.length * o.prior.length &&
      typeof o.mode === 'number' &&
      Number.isInteger(o.mode) &&
      o.mode >= 0 &&
      (o.levels.length === 0 || o.mode < o.levels.length);
    if (!ok) throw new EngineInputError('BAD_PIPELINE', `malformed target encoder at ${where}`, 'pipeline');
    const e = new TargetEncoder();
    e.levels = [...(o.levels as string[])];
    e.index = new Map(e.levels.map((l, i) => [l, i]));
    e.mode = o.mode as number;
    e.suffixes = [...(o.suffixes as string[])];
    e.prior = Float64Array.from(o.prior as number[]);
    e.table = Float64Array.from(o.table as number[]);
    return e;
  }
}
