import { EngineInputError } from '../errors.js';
import type { Matrix } from '../core/matrix.js';

export type NormalizeMethod = 'zscore' | 'minmax' | 'maxabs' | 'robust';
export const NORMALIZE_METHODS: readonly NormalizeMethod[] = ['zscore', 'minmax', 'maxabs', 'robust'];

export interface ScalerJSON {
  method: NormalizeMethod;
  center: number[];
  scale: number[];
}

/** Linear-interpolated percentile of sorted values (numpy's default), q in [0, 100]. */
function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = ((n - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * Column-wise (x - center) / scale, as scikit-learn's StandardScaler (population std), MinMaxScaler
 * (to [0, 1]), MaxAbsScaler and RobustScaler (median, interquartile range). A zero scale becomes 1.
 */
export class Scaler {
  private center: Float64Array = new Float64Array(0);
  private scale: Float64Array = new Float64Array(0);

  constructor(readonly method: NormalizeMethod = 'zscore') {}

  fit(X: Matrix): this {
    const { rows, cols, data } = X;
    const center = new Float64Array(cols);
    const scale = new Float64Array(cols);
    const col = new Float64Array(rows);
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) col[i] = data[i * cols + j] as number;
      let c = 0;
      let s = 1;
      if (this.method === 'zscore') {
        let sum = 0;
        for (let i = 0; i < rows; i++) sum += col[i] as number;
        c = rows > 0 ? sum / rows : 0;
        let ss = 0;
        for (let i = 0; i < rows; i++) ss += ((col[i] as number) - c) ** 2;
        s = rows > 0 ? Math.sqrt(ss / rows) : 0;
      } else if (this.method === 'minmax') {
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < rows; i++) {
          const v = col[i] as number;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        c = rows > 0 ? lo : 0;
        s = rows > 0 ? hi - lo : 0;
      } else if (this.method === 'maxabs') {
        let m = 0;
        for (let i = 0; i < rows; i++) m = Math.max(m, Math.abs(col[i] as number));
        s = m;
      } else {
        const sorted = col.slice().sort();
        c = percentile(sorted, 50);
        s = percentile(sorted, 75) - percentile(sorted, 25);
      }
      center[j] = c;
      scale[j] = s === 0 || !Number.isFinite(s) ? 1 : s;
    }
    this.center = center;
    this.scale = scale;
    return this;
  }

  /** Scales X in place (X must have the fitted column count). */
  transformInPlace(X: Matrix): Matrix {
    const { rows, cols, data } = X;
    if (cols !== this.center.length) throw new Error(`scaler fitted on ${this.center.length} columns, got ${cols}`);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) data[o + j] = ((data[o + j] as number) - (this.center[j] as number)) / (this.scale[j] as number);
    }
    return X;
  }

  toJSON(): ScalerJSON {
    return { method: this.method, center: Array.from(this.center), scale: Array.from(this.scale) };
  }

  static fromJSON(json: unknown, cols: number): Scaler {
    const o = json as Partial<ScalerJSON> | null;
    const finite = (a: unknown): a is number[] => Array.isArray(a) && a.length === cols && a.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!o || typeof o !== 'object' || !NORMALIZE_METHODS.includes(o.method as NormalizeMethod) || !finite(o.center) || !finite(o.scale) || o.scale.some((v) => v === 0)) {
      throw new EngineInputError('BAD_PIPELINE', 'malformed scaler in the pipeline', 'pipeline');
    }
    const s = new Scaler(o.method as NormalizeMethod);
    s.center = Float64Array.from(o.center);
    s.scale = Float64Array.from(o.scale);
    return s;
  }
}
