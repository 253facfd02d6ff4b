import { EngineInputError } from '../errors.js';

export type CategoricalEncoding = 'onehot' | 'ordinal';

export interface CategoricalEncoderJSON {
  levels: string[];
  mode: number;
  encoding: CategoricalEncoding;
}

/**
 * Mode imputation plus encoding of one categorical column, fitted on the training rows:
 * - levels = the values seen in the training rows (sorted); missing cells become the most frequent level
 *   (ties: the first in sorted order, as scikit-learn's SimpleImputer(strategy="most_frequent"));
 * - two levels (or one) -> a single 0/1 column (ordinal, as PyCaret does for binary columns);
 *   up to maxOhe levels -> one column per level; above -> one ordinal column (the level's rank);
 * - at predict, a level never seen in training is all zeros in one-hot, and treated as missing otherwise.
 */
export class CategoricalEncoder {
  private levels: string[] = [];
  private index = new Map<string, number>();
  private mode = 0;
  private encoding: CategoricalEncoding = 'ordinal';

  constructor(private readonly maxOhe = 25) {}

  /** codes index into frameLevels (-1 = missing); rows = the training rows. */
  fit(codes: Int32Array, frameLevels: readonly string[], rows: ArrayLike<number>): this {
    const counts = new Float64Array(frameLevels.length);
    for (let i = 0; i < rows.length; i++) {
      const c = codes[rows[i] as number] as number;
      if (c >= 0) counts[c]!++;
    }
    const seen: number[] = [];
    for (let c = 0; c < counts.length; c++) if ((counts[c] as number) > 0) seen.push(c);
    this.levels = seen.map((c) => frameLevels[c] as string);
    this.index = new Map(this.levels.map((l, i) => [l, i]));
    let best = 0;
    for (let i = 1; i < seen.length; i++) if ((counts[seen[i] as number] as number) > (counts[seen[best] as number] as number)) best = i;
    this.mode = best;
    this.encoding = this.levels.length > 2 && this.levels.length <= this.maxOhe ? 'onehot' : 'ordinal';
    return this;
  }

  /**
   * Ordinal encoding in the user's level order (PyCaret's ordinal_features): a level's code is its position in
   * `order`; missing cells take the most frequent training level (ties: first in code-unit order, as the
   * unordered fit). Every level present in the training rows must be listed.
   */
  fitOrdered(codes: Int32Array, frameLevels: readonly string[], rows: ArrayLike<number>, order: readonly string[], field: string): this {
    const pos = new Map(order.map((l, i) => [l, i]));
    const counts = new Float64Array(order.length);
    for (let i = 0; i < rows.length; i++) {
      const c = codes[rows[i] as number] as number;
      if (c < 0) continue;
      const level = frameLevels[c] as string;
      const p = pos.get(level);
      if (p === undefined) throw new EngineInputError('BAD_PARAM', `the ordinal levels given for this column do not list "${level}"`, field);
      counts[p]!++;
    }
    this.levels = [...order];
    this.index = pos;
    let best = -1;
    const bySortedLevel = order.map((_, i) => i).sort((a, b) => ((order[a] as string) < (order[b] as string) ? -1 : 1));
    for (const p of bySortedLevel) if ((counts[p] as number) > 0 && (best < 0 || (counts[p] as number) > (counts[best] as number))) best = p;
    this.mode = Math.max(0, best);
    this.encoding = 'ordinal';
    return this;
  }

  get width(): number {
    return this.encoding === 'onehot' ? this.levels.length : 1;
  }

  get kind(): CategoricalEncoding {
    return this.encoding;
  }

  /** The fitted levels, in code order. */
  get fittedLevels(): readonly string[] {
    return this.levels;
  }

  get levelCount(): number {
    return this.levels.length;
  }

  outputNames(column: string): string[] {
    return this.encoding === 'onehot' ? this.levels.map((l) => `${column}_${l}`) : [column];
  }

  /** Position of a level in the fitted levels; -1 when unseen in training. */
  levelIndex(level: string): number {
    return this.index.get(level) ?? -1;
  }

  /** Maps the codes of some frame's levels to fitted level positions (-1 unseen). */
  mapLevels(frameLevels: readonly string[]): Int32Array {
    const m = new Int32Array(frameLevels.length);
    for (let i = 0; i < frameLevels.length; i++) m[i] = this.levelIndex(frameLevels[i] as string);
    return m;
  }

  /**
   * Writes the encoding of a fitted level position into out[offset ..]: pos = -2 for a missing cell,
   * -1 for a level unseen in training.
   */
  write(pos: number, out: Float64Array, offset: number): void {
    if (this.encoding === 'onehot') {
      const p = pos === -2 ? this.mode : pos;
      for (let j = 0; j < this.levels.length; j++) out[offset + j] = j === p ? 1 : 0;
      return;
    }
    out[offset] = pos < 0 ? this.mode : pos;
  }

  toJSON(): CategoricalEncoderJSON {
    return { levels: [...this.levels], mode: this.mode, encoding: this.encoding };
  }

  static fromJSON(json: unknown, where: string): CategoricalEncoder {
    const o = json as Partial<CategoricalEncoderJSON> | null;
    const bad = (): never => {
      throw new EngineInputError('BAD_PIPELINE', `malformed categorical encoder at ${where}`, 'pipeline');
    };
    if (!o || typeof o !== 'object' || !Array.isArray(o.levels) || !o.levels.every((l) => typeof l === 'string')) return bad();
    if (o.encoding !== 'onehot' && o.encoding !== 'ordinal') return bad();
    if (new Set(o.levels).size !== o.levels.length) return bad();
    if (typeof o.mode !== 'number' || !Number.isInteger(o.mode) || o.mode < 0 || (o.levels.length > 0 && o.mode >= o.levels.length)) return bad();
    const enc = new CategoricalEncoder();
    enc.levels = [...(o.levels as string[])];
    enc.index = new Map(enc.levels.map((l, i) => [l, i]));
    enc.mode = o.mode as number;
    enc.encoding = o.encoding;
    return enc;
  }
}
